#pragma once
// A drawing surface of A4 pages over libharu (hpdf.h stays in canvas.cpp). Coordinates are in points with
// the origin at the top left of the page and y growing downwards, as the layout code thinks; the canvas
// flips them for PDF. Every drawn item's box is recorded, so tests can check that nothing leaves the page.
//
// libharu writes the document (pages, annotations, cross references, compression); the canvas writes the
// page content operators itself, skipping state that is already set, and embeds its fonts itself (see
// pdf/font.h), because libharu's per-call and per-font overheads were most of the cost of a report.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace qta::pdf {

// Thrown when libharu reports an error (its error and detail numbers are in the message).
class PdfError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Color {
  double red = 0;  // 0..1
  double green = 0;
  double blue = 0;
  bool operator==(const Color&) const = default;
};

enum class FontStyle { kRegular, kBold };

// A drawn item's bounding box on a page (0-based page index).
struct Box {
  int page = 0;
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

struct PageSize {
  double width = 841.89;  // A4 landscape: the metric tables need the width
  double height = 595.28;
};

// The two embedded fonts: DejaVu covers é, €, ≦, ≧ and Δ. Each is parsed once per process and embedded
// as a subset of the glyphs a document uses.
struct Fonts {
  std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
};

class Canvas {
 public:
  Canvas(const Fonts& fonts, PageSize size);
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  const PageSize& size() const { return size_; }
  // Adds a page and makes it the current one; returns its index.
  int add_page();
  int page_count() const;
  void select_page(int index);
  int current_page() const { return current_; }

  // Width of UTF-8 text in points.
  double text_width(std::string_view text, FontStyle style, double font_size) const;
  // Text with its top at y (the baseline follows from the font's ascent).
  void text(double x, double y, std::string_view text, FontStyle style, double font_size, Color color);
  void fill_rect(double x, double y, double width, double height, Color color);
  void stroke_rect(double x, double y, double width, double height, double line_width, Color color);
  void line(double x1, double y1, double x2, double y2, double line_width, Color color);
  // A polyline through points given as x0, y0, x1, y1, ...
  void polyline(const std::vector<double>& points, double line_width, Color color);
  // An arc of a circle, angles in degrees clockwise from 12 o'clock, from < to; stroked with butt caps.
  void arc(double center_x, double center_y, double radius, double from_degrees, double to_degrees,
           double line_width, Color color);
  // A clickable area that opens `url`.
  void link(double x, double y, double width, double height, const std::string& url);

  void set_info(const std::string& title, const std::string& creator);
  // The finished document.
  std::string save();

  const std::vector<Box>& drawn() const { return drawn_; }

 private:
  struct State;
  void record(double x, double y, double width, double height);
  std::unique_ptr<State> state_;
  PageSize size_;
  int current_ = -1;
  std::vector<Box> drawn_;
};

}  // namespace qta::pdf
