// Drawing the source-type logos with cairo (text through FreeType, from one TrueType file), and reading
// PNGs back for the tests.
#include "logos/logo.h"

#include <cairo-ft.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>

namespace qta::logos {

namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* context) const { cairo_destroy(context); }
};
struct FontFaceDeleter {
  void operator()(cairo_font_face_t* face) const { cairo_font_face_destroy(face); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;
using FontFace = std::unique_ptr<cairo_font_face_t, FontFaceDeleter>;

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::vector<std::string> words(std::string_view name) {
  std::vector<std::string> result;
  std::string word;
  for (char c : name) {
    if (c == ' ' || c == '-' || c == '_' || c == '/') {
      if (!word.empty()) result.push_back(std::exchange(word, {}));
    } else if (is_alnum(c)) {
      word += c;
    }
  }
  if (!word.empty()) result.push_back(word);
  return result;
}

// FNV-1a: a fixed hash, so that a name has the same colour everywhere (std::hash makes no such promise).
std::uint32_t fnv1a(std::string_view text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : text) hash = (hash ^ c) * 16777619u;
  return hash;
}

Colour from_hsl(double hue, double saturation, double lightness) {
  double chroma = (1 - std::fabs(2 * lightness - 1)) * saturation;
  double sector = hue / 60;
  double second = chroma * (1 - std::fabs(std::fmod(sector, 2) - 1));
  double r = 0, g = 0, b = 0;
  switch (static_cast<int>(sector) % 6) {
    case 0:
      r = chroma, g = second;
      break;
    case 1:
      r = second, g = chroma;
      break;
    case 2:
      g = chroma, b = second;
      break;
    case 3:
      g = second, b = chroma;
      break;
    case 4:
      r = second, b = chroma;
      break;
    default:
      r = chroma, b = second;
      break;
  }
  double m = lightness - chroma / 2;
  return {r + m, g + m, b + m};
}

double linear(double channel) {
  return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
}

// Loads the font for one drawing. cairo may keep its font face (and so the FreeType face) in its caches
// after we let go, so cairo frees the FreeType face (through the font face's user data), and the FreeType
// library, which must outlive every face, lives as long as the process.
FontFace load_font(const std::string& font_file) {
  static FT_Library library = [] {
    FT_Library created = nullptr;
    if (FT_Init_FreeType(&created) != 0) throw std::runtime_error("cannot initialise FreeType");
    return created;
  }();
  FT_Face face = nullptr;
  if (FT_New_Face(library, font_file.c_str(), 0, &face) != 0) {
    throw std::runtime_error("cannot load the font " + font_file);
  }
  FontFace font(cairo_ft_font_face_create_for_ft_face(face, 0));
  static const cairo_user_data_key_t kFaceKey{};
  if (cairo_font_face_status(font.get()) != CAIRO_STATUS_SUCCESS ||
      cairo_font_face_set_user_data(font.get(), &kFaceKey, face, [](void* owned) {
        FT_Done_Face(static_cast<FT_Face>(owned));
      }) != CAIRO_STATUS_SUCCESS) {
    FT_Done_Face(face);
    throw std::runtime_error("cannot use the font " + font_file + " with cairo");
  }
  return font;
}

void rounded_square(cairo_t* context, double size, double radius) {
  cairo_new_sub_path(context);
  cairo_arc(context, size - radius, radius, radius, -M_PI / 2, 0);
  cairo_arc(context, size - radius, size - radius, radius, 0, M_PI / 2);
  cairo_arc(context, radius, size - radius, radius, M_PI / 2, M_PI);
  cairo_arc(context, radius, radius, radius, M_PI, 3 * M_PI / 2);
  cairo_close_path(context);
}

void draw_letters(cairo_t* context, const std::string& letters, double size) {
  if (letters.empty()) return;
  // Every logo's capitals are the same height, unless the letters would not fit the width.
  cairo_set_font_size(context, 100);
  cairo_text_extents_t capital, text;
  cairo_text_extents(context, "H", &capital);
  cairo_text_extents(context, letters.c_str(), &text);
  double scale = std::min(0.38 * size / capital.height, 0.72 * size / text.width);
  cairo_set_font_size(context, 100 * scale);
  double cap_height = capital.height * scale;
  // Centred on the ink horizontally, on the capitals vertically (so descenders hang below, as in print).
  double x = (size - text.width * scale) / 2 - text.x_bearing * scale;
  double y = (size + cap_height) / 2;
  cairo_move_to(context, x, y);
  cairo_set_source_rgb(context, 1, 1, 1);
  cairo_show_text(context, letters.c_str());
}

}  // namespace

std::string initials(std::string_view name) {
  std::vector<std::string> parts = words(name);
  if (parts.empty()) return "";
  if (parts.size() > 1) return {upper(parts[0][0]), upper(parts[1][0])};
  const std::string& word = parts[0];
  if (word.size() <= 4) return word;
  std::string capitals;
  for (char c : word) {
    if (is_upper(c)) capitals += c;
  }
  if (capitals.size() >= 2) return capitals.substr(0, 2);
  return {upper(word[0]), word[1]};
}

Colour colour(std::string_view name) {
  // Yellows and yellow-greens turn to olive and mustard when darkened enough for white text, so the
  // hues from 45° to 100° are left out.
  double hue = fnv1a(name) % 305;
  if (hue >= 45) hue += 55;
  for (double lightness = 0.5;; lightness -= 0.01) {
    Colour candidate = from_hsl(hue, 0.65, lightness);
    if (contrast_with_white(candidate) >= 4.5) return candidate;
  }
}

double contrast_with_white(Colour colour) {
  double luminance =
      0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue);
  return 1.05 / (luminance + 0.05);
}

std::string draw_logo(std::string_view name, const std::string& font_file, int size) {
  FontFace font = load_font(font_file);
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size));
  Context context(cairo_create(surface.get()));
  Colour background = colour(name);
  rounded_square(context.get(), size, size * 0.1875);
  cairo_set_source_rgb(context.get(), background.red, background.green, background.blue);
  cairo_fill(context.get());
  cairo_set_font_face(context.get(), font.get());
  draw_letters(context.get(), initials(name), size);
  if (cairo_status(context.get()) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("drawing failed: ") +
                             cairo_status_to_string(cairo_status(context.get())));
  }
  std::string png;
  auto append = [](void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  };
  if (cairo_surface_write_to_png_stream(surface.get(), append, &png) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot encode the PNG");
  }
  return png;
}

std::optional<Image> read_png(std::string_view bytes) {
  auto read = [](void* closure, unsigned char* data, unsigned int length) {
    auto* rest = static_cast<std::string_view*>(closure);
    if (rest->size() < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, rest->data(), length);
    rest->remove_prefix(length);
    return CAIRO_STATUS_SUCCESS;
  };
  std::string_view rest = bytes;
  Surface surface(cairo_image_surface_create_from_png_stream(read, &rest));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) return std::nullopt;
  cairo_surface_flush(surface.get());
  cairo_format_t format = cairo_image_surface_get_format(surface.get());
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24) return std::nullopt;
  Image image;
  image.width = cairo_image_surface_get_width(surface.get());
  image.height = cairo_image_surface_get_height(surface.get());
  int stride = cairo_image_surface_get_stride(surface.get());
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  image.pixels.resize(static_cast<std::size_t>(image.width) * image.height);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      std::uint32_t argb;
      std::memcpy(&argb, data + static_cast<std::size_t>(y) * stride + 4 * x, 4);
      if (format == CAIRO_FORMAT_RGB24) argb |= 0xff000000u;  // no alpha channel: opaque
      image.pixels[static_cast<std::size_t>(y) * image.width + x] = argb;
    }
  }
  return image;
}

}  // namespace qta::logos
