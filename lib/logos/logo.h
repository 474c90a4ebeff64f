#pragma once
// Our own source-type logos: the initials of the source's name in white on a rounded square whose
// colour comes from the name. Drawn at build time by make_logos (we cannot ship Quality-time's images);
// the server only serves the files. cairo and FreeType stay inside logo.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qta::logos {

// The letters drawn for a source name: the first letters of its first two words ("Robot Framework"
// → "RF", "OWASP Dependency-Check" → "OD"); for one word, the word itself when it has at most four
// letters ("npm", "Jira"), else its two first capitals ("SonarQube" → "SQ") or its first two letters
// ("Bandit" → "Ba"). Empty only for a name without letters or digits.
std::string initials(std::string_view name);

struct Colour {
  double red = 0, green = 0, blue = 0;  // 0..1, sRGB
  bool operator==(const Colour&) const = default;
};

// The background of a name's logo: a hue from a hash of the name, the same on every machine and run,
// with fixed saturation and the lightness lowered until white text on it has a contrast of at least
// 4.5 (WCAG AA for normal text).
Colour colour(std::string_view name);

// The WCAG contrast ratio of white on the colour (1 to 21).
double contrast_with_white(Colour colour);

// The PNG of a name's logo, `size`×`size` pixels with transparent corners, the letters in the TrueType
// font `font_file`. Throws std::runtime_error when the font cannot be loaded or drawing fails.
std::string draw_logo(std::string_view name, const std::string& font_file, int size = 128);

// A decoded image, premultiplied ARGB per pixel (cairo's ARGB32), rows top to bottom.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint32_t> pixels;
  std::uint32_t pixel(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
  static std::uint8_t alpha(std::uint32_t argb) { return argb >> 24; }
};

// Decodes PNG bytes; nullopt when they are not a PNG that libpng (through cairo) can read.
std::optional<Image> read_png(std::string_view bytes);

}  // namespace qta::logos
