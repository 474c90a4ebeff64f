// Text wrapping, page flow with header and footer, and tables that break across pages.
#include "pdf/layout.h"

#include <algorithm>

namespace qta::pdf {

namespace {

std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// The longest prefix of `text` (whole UTF-8 sequences) no wider than `width`. Widths grow with the
// prefix, so bisection over the character boundaries finds it with few measurements.
std::size_t fitting_prefix(std::string_view text, double width, const Measure& measure) {
  std::vector<std::size_t> ends;  // where each character ends
  for (std::size_t end = 0; end < text.size();) {
    end = std::min(text.size(), end + utf8_length(static_cast<unsigned char>(text[end])));
    ends.push_back(end);
  }
  std::size_t fitting = 0, too_many = ends.size() + 1;  // characters that fit; that don't (or beyond all)
  while (too_many - fitting > 1) {
    std::size_t middle = fitting + (too_many - fitting) / 2;
    if (measure(text.substr(0, ends[middle - 1])) <= width)
      fitting = middle;
    else
      too_many = middle;
  }
  return fitting == 0 ? 0 : ends[fitting - 1];
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Wraps one paragraph (no newlines) into `lines`.
void wrap_paragraph(std::string_view paragraph, double width, const Measure& measure,
                    std::vector<std::string>& lines) {
  paragraph = trim(paragraph);
  if (paragraph.empty()) {
    lines.emplace_back();
    return;
  }
  while (!paragraph.empty()) {
    if (measure(paragraph) <= width) {
      lines.emplace_back(paragraph);
      return;
    }
    std::size_t fits = fitting_prefix(paragraph, width, measure);
    std::size_t space = paragraph.substr(0, fits + 1).rfind(' ');
    std::size_t cut = space != std::string_view::npos && space > 0 ? space : std::max<std::size_t>(fits, 1);
    if (fits == 0)
      cut = utf8_length(static_cast<unsigned char>(paragraph[0]));  // not even one character fits
    lines.emplace_back(trim(paragraph.substr(0, cut)));
    paragraph = trim(paragraph.substr(cut));
  }
}

}  // namespace

std::string truncate_text(std::string_view text, double width, const Measure& measure) {
  if (measure(text) <= width) return std::string(text);
  double room = width - measure(kEllipsis);
  if (room <= 0) return "";
  return std::string(trim(text.substr(0, fitting_prefix(text, room, measure)))) + std::string(kEllipsis);
}

std::vector<std::string> wrap_text(std::string_view text, double width, const Measure& measure,
                                   std::size_t max_lines) {
  std::vector<std::string> lines;
  if (max_lines == 0) return lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t newline = text.find('\n', start);
    std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    wrap_paragraph(text.substr(start, end - start), width, measure, lines);
    if (lines.size() > max_lines || newline == std::string_view::npos) break;
    start = newline + 1;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.size() > max_lines) {
    lines.resize(max_lines);
    std::string& last = lines.back();
    // Make room for the ellipsis that says text was left out.
    std::string shortened =
        truncate_text(last + " " + std::string(kEllipsis) + std::string(kEllipsis), width, measure);
    if (!shortened.ends_with(kEllipsis)) shortened += kEllipsis;
    last = shortened;
  }
  return lines;
}

Flow::Flow(Canvas& canvas, Margins margins, PageFurniture furniture)
    : canvas_(canvas), margins_(margins), furniture_(std::move(furniture)) {
  new_page();
}

bool Flow::ensure(double height) {
  if (page_empty_ || height <= remaining()) return false;
  new_page();
  return true;
}

void Flow::new_page() {
  canvas_.add_page();
  draw_header();
  y_ = margins_.top + kHeaderHeight;
  page_empty_ = true;
}

void Flow::draw_header() {
  const double size = theme::kPageHeaderSize;
  Measure bold = [this, size](std::string_view text) {
    return canvas_.text_width(text, FontStyle::kBold, size);
  };
  Measure regular = [this, size](std::string_view text) {
    return canvas_.text_width(text, FontStyle::kRegular, size);
  };
  std::string date = "Date of the data: " + furniture_.data_date;
  double date_width = regular(date);
  canvas_.text(left(), margins_.top, truncate_text(furniture_.title, width() - date_width - 12, bold),
               FontStyle::kBold, size, theme::kText);
  canvas_.text(left() + width() - date_width, margins_.top, date, FontStyle::kRegular, size,
               theme::kMutedText);
  canvas_.line(left(), margins_.top + kHeaderHeight - 8, left() + width(), margins_.top + kHeaderHeight - 8,
               theme::kRuleWidth, theme::kRule);
}

void Flow::finish() {
  const double size = theme::kPageFooterSize;
  Measure regular = [this, size](std::string_view text) {
    return canvas_.text_width(text, FontStyle::kRegular, size);
  };
  int pages = canvas_.page_count();
  double top = canvas_.size().height - margins_.bottom - kFooterHeight;
  for (int page = 0; page < pages; ++page) {
    canvas_.select_page(page);
    canvas_.line(left(), top + 4, left() + width(), top + 4, theme::kRuleWidth, theme::kRule);
    std::string number = "Page " + std::to_string(page + 1) + " of " + std::to_string(pages);
    std::string generated = "Generated " + furniture_.generated_at;
    double number_width = regular(number);
    double generated_width = regular(generated);
    double text_top = top + 8;
    canvas_.text(left() + (width() - number_width) / 2, text_top, number, FontStyle::kRegular, size,
                 theme::kMutedText);
    canvas_.text(left() + width() - generated_width, text_top, generated, FontStyle::kRegular, size,
                 theme::kMutedText);
    double url_room = (width() - number_width) / 2 - 12;
    std::string url = truncate_text(furniture_.url, url_room, regular);
    canvas_.text(left(), text_top, url, FontStyle::kRegular, size, theme::kLink);
    if (!furniture_.url.empty()) canvas_.link(left(), text_top, regular(url), size * 1.2, furniture_.url);
  }
}

Table::Table(Flow& flow, std::vector<Column> columns, double font_size, double indent)
    : flow_(flow), columns_(std::move(columns)), font_size_(font_size), indent_(indent) {
  double total = 0;
  for (const auto& column : columns_) total += column.weight;
  for (const auto& column : columns_) widths_.push_back((flow_.width() - indent_) * column.weight / total);
  // Header words are not broken: a column narrower than its longest header word borrows from the others.
  std::vector<double> minimum;
  double deficit = 0, surplus = 0;
  for (std::size_t index = 0; index < columns_.size(); ++index) {
    double widest = 0;
    std::string_view title = columns_[index].title;
    for (std::size_t start = 0; start < title.size();) {
      std::size_t end = std::min(title.find(' ', start), title.size());
      widest = std::max(
          widest, flow_.canvas().text_width(title.substr(start, end - start), FontStyle::kBold, font_size_));
      start = end + 1;
    }
    minimum.push_back(widest + 6);
    deficit += std::max(0.0, minimum[index] - widths_[index]);
    surplus += std::max(0.0, widths_[index] - minimum[index]);
  }
  if (deficit > 0 && surplus >= deficit) {
    for (std::size_t index = 0; index < columns_.size(); ++index) {
      if (widths_[index] < minimum[index])
        widths_[index] = minimum[index];
      else
        widths_[index] -= (widths_[index] - minimum[index]) * deficit / surplus;
    }
  }
  for (const auto& column : columns_) {
    header_cells_.push_back(
        Cell{.text = column.title, .background = theme::kHeaderBackground, .style = FontStyle::kBold});
  }
  header_layout_ = layout_row(header_cells_);
}

void Table::row(const std::vector<Cell>& cells) {
  RowLayout layout = layout_row(cells);
  bool needs_header = header_page_ != flow_.canvas().current_page();
  // The header row and the first row below it go together: a header alone at the bottom helps nobody.
  if (flow_.ensure((needs_header ? header_layout_.height : 0) + layout.height)) needs_header = true;
  if (needs_header) {
    draw_row(header_cells_, header_layout_, true);
    header_page_ = flow_.canvas().current_page();
  }
  draw_row(cells, layout, false);
}

Table::RowLayout Table::layout_row(const std::vector<Cell>& cells) const {
  RowLayout layout{.lines = {}, .height = line_height() + 2 * kPadding};
  layout.lines.reserve(columns_.size());
  for (std::size_t index = 0; index < columns_.size(); ++index) {
    const Cell empty;
    const Cell& cell = index < cells.size() ? cells[index] : empty;
    double room = widths_[index] - 2 * kPadding - (cell.mark ? mark_size() + 2 : 0);
    FontStyle style = cell.style;
    Measure measure = [this, style](std::string_view text) {
      return flow_.canvas().text_width(text, style, font_size_);
    };
    layout.lines.push_back(cell.sparkline.empty() ? wrap_text(cell.text, room, measure, kMaxLinesPerCell)
                                                  : std::vector<std::string>{});
    double lines = static_cast<double>(layout.lines.back().size());
    layout.height = std::max(layout.height, lines * line_height() + 2 * kPadding);
  }
  return layout;
}

namespace {

// The cells' backgrounds, neighbours of one colour as one rectangle, so that the colour changes once per run
// rather than twice per cell. `cells` may be fewer than `widths`.
void draw_backgrounds(Canvas& canvas, const std::vector<Cell>& cells, const std::vector<double>& widths,
                      double x, double top, double height) {
  auto background_at = [&cells](std::size_t index) {
    return index < cells.size() ? cells[index].background : std::nullopt;
  };
  for (std::size_t index = 0; index < widths.size();) {
    auto background = background_at(index);
    double width = widths[index];
    std::size_t next = index + 1;
    while (background && next < widths.size() && background_at(next) && *background_at(next) == *background) {
      width += widths[next++];
    }
    if (background) canvas.fill_rect(x, top, width, height, *background);
    x += width;
    index = next;
  }
}

// A trend line through `values` (oldest first) across a box whose top left is at (left, top).
void draw_sparkline(Canvas& canvas, const std::vector<double>& values, double left, double top, double width,
                    double height) {
  auto [low, high] = std::minmax_element(values.begin(), values.end());
  double span = *high - *low;
  std::vector<double> points;
  for (std::size_t value = 0; value < values.size(); ++value) {
    double fraction = values.size() == 1 ? 0.5 : double(value) / double(values.size() - 1);
    points.push_back(left + fraction * width);
    points.push_back(top + (span == 0 ? height / 2 : height * (1 - (values[value] - *low) / span)));
  }
  if (points.size() == 2) points.insert(points.end(), {points[0] + 0.1, points[1]});
  canvas.polyline(points, theme::kSparklineWidth, theme::kLink);
}

}  // namespace

// Draws a row, laid out by layout_row, at the cursor and moves the cursor below it.
void Table::draw_row(const std::vector<Cell>& cells, const RowLayout& layout, bool header) {
  const double padding = kPadding;
  const double line_height = this->line_height();
  const double mark_size = this->mark_size();
  const double height = layout.height;
  Canvas& canvas = flow_.canvas();
  double top = flow_.y();
  const Cell empty;
  auto cell_at = [&cells, &empty](std::size_t index) -> const Cell& {
    return index < cells.size() ? cells[index] : empty;
  };
  draw_backgrounds(canvas, cells, widths_, flow_.left() + indent_, top, height);
  double x = flow_.left() + indent_;
  for (std::size_t index = 0; index < columns_.size(); ++index) {
    const Cell& cell = cell_at(index);
    double width = widths_[index];
    double text_left = x + padding;
    if (cell.mark) {
      canvas.fill_rect(text_left, top + padding + (line_height - mark_size) / 2, mark_size, mark_size,
                       *cell.mark);
      canvas.stroke_rect(text_left, top + padding + (line_height - mark_size) / 2, mark_size, mark_size,
                         theme::kThinRuleWidth, theme::kMutedText);
      text_left += mark_size + 2;
    }
    if (!cell.sparkline.empty()) {
      draw_sparkline(canvas, cell.sparkline, x + padding, top + padding + 0.5, width - 2 * padding,
                     line_height - 1);
    }
    double line_top = top + padding;
    Align align = header ? Align::kLeft : columns_[index].align;
    for (const auto& line : layout.lines[index]) {
      double text_x = text_left;
      if (align != Align::kLeft) {
        double line_width = canvas.text_width(line, cell.style, font_size_);
        text_x = align == Align::kRight ? x + width - padding - line_width : x + (width - line_width) / 2;
      }
      canvas.text(text_x, line_top, line, cell.style, font_size_,
                  cell.link.empty() ? cell.color : theme::kLink);
      line_top += line_height;
    }
    if (!cell.link.empty()) canvas.link(x, top, width, height, cell.link);
    x += width;
  }
  canvas.line(flow_.left() + indent_, top + height, flow_.left() + flow_.width(), top + height,
              theme::kThinRuleWidth, theme::kRule);
  flow_.advance(height);
}

}  // namespace qta::pdf
