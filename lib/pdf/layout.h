#pragma once
// The layout engine on top of the canvas: text wrapping and truncation, a flow of pages with a header and
// a footer on each, and tables that break across pages and repeat their header row there.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/canvas.h"
#include "pdf/theme.h"

namespace qta::pdf {

// Width in points of a piece of UTF-8 text in some font and size.
using Measure = std::function<double(std::string_view)>;

inline constexpr std::string_view kEllipsis = "…";

// The lines of `text` that fit in `width`: broken at spaces and newlines, a word wider than the line broken
// between characters (never inside a UTF-8 sequence). At most `max_lines`; when text is left over, the last
// line ends with "…".
std::vector<std::string> wrap_text(std::string_view text, double width, const Measure& measure,
                                   std::size_t max_lines);
// `text` itself when it fits in `width`, else its longest prefix that fits with "…" appended.
std::string truncate_text(std::string_view text, double width, const Measure& measure);

struct Margins {
  double top = theme::kMargin;
  double right = theme::kMargin;
  double bottom = theme::kMargin;
  double left = theme::kMargin;
};

// What every page shows: the report's title and the date of its data at the top; the report URL, the page
// number and the generation time at the bottom.
struct PageFurniture {
  std::string title{};
  std::string data_date{};
  std::string url{};
  std::string generated_at{};
};

// Pages filled from top to bottom. The cursor (y) is the top of the free space on the current page.
class Flow {
 public:
  static constexpr double kHeaderHeight = theme::kHeaderHeight;
  static constexpr double kFooterHeight = theme::kFooterHeight;

  Flow(Canvas& canvas, Margins margins, PageFurniture furniture);
  Canvas& canvas() { return canvas_; }
  double left() const { return margins_.left; }
  double width() const { return canvas_.size().width - margins_.left - margins_.right; }
  double y() const { return y_; }
  // The bottom of the usable area of every page: above the footer.
  double bottom() const { return canvas_.size().height - margins_.bottom - kFooterHeight; }
  double usable_height() const { return bottom() - margins_.top - kHeaderHeight; }
  double remaining() const { return bottom() - y_; }
  void advance(double height) {
    y_ += height;
    page_empty_ = false;
  }
  // Starts a new page when less than `height` is left on this one (unless this page is still empty).
  // Returns true when it did.
  bool ensure(double height);
  void new_page();
  // Draws the footers, now that the number of pages is known. Call once, after the last content.
  void finish();

 private:
  void draw_header();
  Canvas& canvas_;
  Margins margins_;
  PageFurniture furniture_;
  double y_ = 0;
  bool page_empty_ = true;
};

enum class Align { kLeft, kCenter, kRight };

struct Column {
  std::string title{};
  double weight = 1;  // share of the table width
  Align align = Align::kLeft;
};

// One cell: wrapped text, or a trend line, with an optional background and a colour mark before the text.
struct Cell {
  std::string text{};
  std::optional<Color> background{};
  std::optional<Color> mark{};      // a small square in the colour, e.g. the status
  std::vector<double> sparkline{};  // values oldest first: drawn as a trend line instead of text
  std::string link{};               // the whole cell links here
  FontStyle style = FontStyle::kRegular;
  Color color = theme::kText;
};

// A table that draws rows as they come; a row that does not fit goes to the next page, after the header row.
class Table {
 public:
  static constexpr std::size_t kMaxLinesPerCell = 10;  // keeps every row shorter than a page

  Table(Flow& flow, std::vector<Column> columns, double font_size = theme::kTableSize, double indent = 0);
  // Draws the row (and the header row first when this page has none of this table yet).
  void row(const std::vector<Cell>& cells);
  const std::vector<double>& widths() const { return widths_; }

 private:
  static constexpr double kPadding = theme::kCellPadding;
  // The wrapped text of each cell and the row's height.
  struct RowLayout {
    std::vector<std::vector<std::string>> lines;
    double height = 0;
  };
  double line_height() const { return font_size_ * theme::kTableLineHeight; }
  double mark_size() const { return font_size_ * 0.9; }
  RowLayout layout_row(const std::vector<Cell>& cells) const;
  void draw_row(const std::vector<Cell>& cells, const RowLayout& layout, bool header);
  Flow& flow_;
  std::vector<Column> columns_;
  std::vector<double> widths_;
  double font_size_;
  double indent_;
  std::vector<Cell> header_cells_;
  RowLayout header_layout_;
  int header_page_ = -1;
};

}  // namespace qta::pdf
