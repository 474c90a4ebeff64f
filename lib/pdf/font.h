#pragma once
// TrueType fonts for the canvas, parsed once per process and embedded per document as a subset of the
// glyphs the document uses. libharu's own TrueType support re-reads the font file for every document and
// builds maps over all 65,536 BMP code points each time (≈ 10 ms per font per document); this does that
// work once.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qta::pdf {

// A parsed TrueType font: immutable after loading, so documents on any thread share it.
class FontFace {
 public:
  // The face of the file at `path`, read and parsed on first use and kept for the life of the process.
  // Throws PdfError when the file cannot be read or is no TrueType font with the tables a PDF needs.
  static std::shared_ptr<const FontFace> load(const std::string& path);
  // Parses font file bytes (throws PdfError).
  explicit FontFace(std::string bytes);

  std::uint16_t glyph(char32_t code_point) const {
    return code_point < bmp_glyphs_.size() ? bmp_glyphs_[code_point] : astral_glyph(code_point);
  }
  // Advance of a glyph in thousandths of the font size, truncated as the PDF's /W array states it (the
  // same rounding as libharu, so that measured and drawn widths agree).
  int advance(std::uint16_t glyph) const {
    return glyph < widths_.size() ? widths_[glyph] : widths_.empty() ? 0 : widths_.front();
  }
  // Width of UTF-8 text in thousandths of the font size.
  long text_width(std::string_view utf8) const;

  const std::string& postscript_name() const { return postscript_name_; }
  // Font descriptor values, in thousandths of the font size.
  int ascent() const { return ascent_; }
  int descent() const { return descent_; }
  int cap_height() const { return cap_height_; }
  int italic_angle() const { return italic_angle_; }
  int stem_v() const { return stem_v_; }
  bool bold() const { return bold_; }
  const std::array<int, 4>& bounding_box() const { return bounding_box_; }
  std::uint16_t glyph_count() const { return glyph_count_; }

  // The glyphs that a composite glyph is built from (empty for a simple glyph).
  std::vector<std::uint16_t> components(std::uint16_t glyph) const;
  // A TrueType font file with the glyphs `glyphs` (original numbers; glyphs[0] must be .notdef, glyph 0)
  // renumbered 0, 1, 2, ... in that order; every component of a composite glyph must be among them.
  // `code_points[i]` is the character of glyph i for the font's cmap, 0 for none.
  std::string subset(const std::vector<std::uint16_t>& glyphs,
                     const std::vector<char32_t>& code_points) const;

 private:
  struct Table {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  std::string_view table(const char* tag) const;  // empty when absent
  std::string_view glyph_data(std::uint16_t glyph) const;
  std::uint16_t astral_glyph(char32_t code_point) const;
  void parse_cmap();

  std::string bytes_;
  std::vector<std::pair<std::string, Table>> tables_;
  Table glyf_;
  std::vector<std::uint16_t> bmp_glyphs_;  // code point → glyph for U+0000..U+FFFF
  struct Group {
    char32_t first = 0;
    char32_t last = 0;
    std::uint32_t glyph = 0;
  };
  std::vector<Group> astral_groups_;   // sorted, for code points beyond the BMP
  std::vector<std::uint16_t> widths_;  // per glyph
  std::vector<std::uint32_t> loca_;    // glyph offsets into glyf, glyph_count_ + 1 of them
  std::uint16_t glyph_count_ = 0;
  std::uint16_t units_per_em_ = 1000;
  std::string postscript_name_;
  int ascent_ = 0;
  int descent_ = 0;
  int cap_height_ = 0;
  int italic_angle_ = 0;
  int stem_v_ = 80;
  bool bold_ = false;
  std::array<int, 4> bounding_box_{};
};

// The glyphs one document uses of one face, numbered in order of first use; these numbers are the
// character codes (CIDs) in the document's text.
class FontSubset {
 public:
  explicit FontSubset(std::shared_ptr<const FontFace> face);
  const FontFace& face() const { return *face_; }
  bool empty() const { return glyphs_.size() <= 1; }
  // Appends the codes of UTF-8 text, two bytes each, as the inside of a PDF literal string.
  void encode(std::string_view utf8, std::string& literal);

  // What the PDF's font objects need, once the document's text is drawn.
  std::string font_file() const;
  std::string to_unicode_cmap() const;
  // The advance of every code, in thousandths of the font size.
  std::vector<int> widths() const;

 private:
  std::uint16_t code_of(std::uint16_t glyph, char32_t code_point);
  std::shared_ptr<const FontFace> face_;
  std::vector<std::uint16_t> code_by_glyph_;  // 0: not yet used (glyph 0 is code 0 itself)
  std::vector<std::uint16_t> glyphs_;         // by code
  std::vector<char32_t> code_points_;         // by code, 0 for a component glyph
};

// Decodes one UTF-8 character at `at` and moves past it; a byte that starts no valid sequence decodes
// as U+FFFD and is skipped alone.
char32_t next_code_point(std::string_view text, std::size_t& at);

}  // namespace qta::pdf
