// Draws a report (or the reports overview) as PDF: title, dashboard cards with status donuts, a legend, and
// per subject a metrics table with the details of expanded metrics below their rows.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pdf/report_document.h"
#include "pdf/theme.h"

namespace qta::pdf {

Status status_from_name(std::string_view name) {
  if (name == "target_met") return Status::kTargetMet;
  if (name == "near_target_met") return Status::kNearTargetMet;
  if (name == "target_not_met") return Status::kTargetNotMet;
  if (name == "debt_target_met") return Status::kDebtTargetMet;
  if (name == "informative") return Status::kInformative;
  return Status::kUnknown;
}

std::string_view status_label(Status status) {
  switch (status) {
    case Status::kTargetMet:
      return "Target met";
    case Status::kNearTargetMet:
      return "Near target met";
    case Status::kTargetNotMet:
      return "Target not met";
    case Status::kDebtTargetMet:
      return "Technical debt target met";
    case Status::kInformative:
      return "Informative";
    default:
      return "Unknown";
  }
}

Color status_color(Status status) {
  switch (status) {
    case Status::kTargetMet:
      return theme::kTargetMet;
    case Status::kNearTargetMet:
      return theme::kNearTargetMet;
    case Status::kTargetNotMet:
      return theme::kTargetNotMet;
    case Status::kDebtTargetMet:
      return theme::kDebtTargetMet;
    case Status::kInformative:
      return theme::kInformative;
    default:
      return theme::kUnknown;
  }
}

int StatusCounts::total() const {
  int sum = 0;
  for (int count : counts) sum += count;
  return sum;
}

namespace {

using theme::kCardGap;
using theme::kCardHeight;
using theme::kCardWidth;
using theme::kDonutRadius;
using theme::kDonutWidth;

// A lighter tint for table cells that carry a status, so that the text on them stays readable.
Color tint(Color color) {
  using theme::kTintColor, theme::kTintWhite;
  return {kTintWhite + kTintColor * color.red, kTintWhite + kTintColor * color.green,
          kTintWhite + kTintColor * color.blue};
}

Measure measure_with(Canvas& canvas, FontStyle style, double size) {
  return [&canvas, style, size](std::string_view text) { return canvas.text_width(text, style, size); };
}

// Wrapped text across the flow's width; breaks pages between lines.
void paragraph(Flow& flow, std::string_view text, FontStyle style, double size, Color color,
               double indent = 0, std::size_t max_lines = 40) {
  Canvas& canvas = flow.canvas();
  double line_height = size * theme::kParagraphLineHeight;
  for (const auto& line :
       wrap_text(text, flow.width() - indent, measure_with(canvas, style, size), max_lines)) {
    flow.ensure(line_height);
    canvas.text(flow.left() + indent, flow.y(), line, style, size, color);
    flow.advance(line_height);
  }
}

void donut(Canvas& canvas, double center_x, double center_y, const StatusCounts& counts) {
  canvas.arc(center_x, center_y, kDonutRadius + kDonutWidth / 2 + 0.25, 0, 360, theme::kRuleWidth,
             theme::kRule);
  canvas.arc(center_x, center_y, kDonutRadius - kDonutWidth / 2 - 0.25, 0, 360, theme::kRuleWidth,
             theme::kRule);
  int total = counts.total();
  if (total == 0) return;
  double angle = 0;
  for (Status status : kStatuses) {
    double sweep = 360.0 * counts.of(status) / total;
    // A slight overlap hides the anti-aliased seam between neighbouring segments.
    double overlap = angle + sweep < 359.5 ? 0.5 : 0;
    if (sweep > 0) {
      canvas.arc(center_x, center_y, kDonutRadius, angle, angle + sweep + overlap, kDonutWidth,
                 status_color(status));
    }
    angle += sweep;
  }
  std::string number = std::to_string(total);
  double width = canvas.text_width(number, FontStyle::kBold, theme::kDonutTotalSize);
  canvas.text(center_x - width / 2, center_y - 7, number, FontStyle::kBold, theme::kDonutTotalSize,
              theme::kText);
}

void card(Canvas& canvas, double x, double y, const DashboardCard& card) {
  canvas.stroke_rect(x, y, kCardWidth, kCardHeight, theme::kRuleWidth, theme::kRule);
  auto lines = wrap_text(card.title, kCardWidth - 10,
                         measure_with(canvas, FontStyle::kBold, theme::kCardTitleSize), 2);
  double line_top = y + 5;
  for (const auto& line : lines) {
    double width = canvas.text_width(line, FontStyle::kBold, theme::kCardTitleSize);
    canvas.text(x + (kCardWidth - width) / 2, line_top, line, FontStyle::kBold, theme::kCardTitleSize,
                theme::kText);
    line_top += 9.5;
  }
  donut(canvas, x + kCardWidth / 2, y + 26 + kDonutRadius + kDonutWidth / 2 + 2, card.counts);
}

void legend(Canvas& canvas, double x, double y) {
  canvas.stroke_rect(x, y, kCardWidth, kCardHeight, theme::kRuleWidth, theme::kRule);
  double width = canvas.text_width("Legend", FontStyle::kBold, theme::kCardTitleSize);
  canvas.text(x + (kCardWidth - width) / 2, y + 5, "Legend", FontStyle::kBold, theme::kCardTitleSize,
              theme::kText);
  double top = y + 22;
  for (Status status : kStatuses) {
    canvas.fill_rect(x + 6, top, 8, 8, status_color(status));
    canvas.stroke_rect(x + 6, top, 8, 8, theme::kThinRuleWidth, theme::kMutedText);
    canvas.text(x + 18, top,
                truncate_text(status_label(status), kCardWidth - 24,
                              measure_with(canvas, FontStyle::kRegular, theme::kLegendSize)),
                FontStyle::kRegular, theme::kLegendSize, theme::kText);
    top += 14;
  }
}

void dashboard(Flow& flow, const Dashboard& board, bool with_legend) {
  if (!board.heading.empty()) {
    flow.ensure(16 + kCardHeight);
    paragraph(flow, board.heading, FontStyle::kBold, theme::kDashboardHeadingSize, theme::kText, 0, 2);
    flow.advance(3);
  }
  std::vector<const DashboardCard*> cards;
  for (const auto& each : board.cards) cards.push_back(&each);
  for (const auto& each : board.tag_cards) cards.push_back(&each);
  std::size_t per_row =
      std::max<std::size_t>(1, static_cast<std::size_t>((flow.width() + kCardGap) / (kCardWidth + kCardGap)));
  std::size_t slots = cards.size() + (with_legend ? 1 : 0);
  for (std::size_t start = 0; start < slots; start += per_row) {
    flow.ensure(kCardHeight + kCardGap);
    for (std::size_t slot = start; slot < std::min(slots, start + per_row); ++slot) {
      double x = flow.left() + static_cast<double>(slot - start) * (kCardWidth + kCardGap);
      if (slot < cards.size())
        card(flow.canvas(), x, flow.y(), *cards[slot]);
      else
        legend(flow.canvas(), x, flow.y());
    }
    flow.advance(kCardHeight + kCardGap);
  }
}

void graph(Flow& flow, const std::vector<std::pair<std::string, double>>& points, double indent) {
  const double height = theme::kGraphHeight;
  Canvas& canvas = flow.canvas();
  flow.ensure(height + 14);
  double left = flow.left() + indent + 40;
  double width = flow.width() - indent - 50;
  double top = flow.y() + 4;
  double low = points.front().second, high = points.front().second;
  for (const auto& [date, value] : points) {
    low = std::min(low, value);
    high = std::max(high, value);
  }
  if (high == low) high = low + 1;
  canvas.stroke_rect(left, top, width, height, theme::kGraphFrameWidth, theme::kRule);
  auto label = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return std::string(text);
  };
  auto measure = measure_with(canvas, FontStyle::kRegular, theme::kGraphLabelSize);
  canvas.text(left - 4 - measure(label(high)), top, label(high), FontStyle::kRegular, theme::kGraphLabelSize,
              theme::kMutedText);
  canvas.text(left - 4 - measure(label(low)), top + height - 7, label(low), FontStyle::kRegular,
              theme::kGraphLabelSize, theme::kMutedText);
  std::vector<double> line;
  for (std::size_t index = 0; index < points.size(); ++index) {
    double fraction = points.size() == 1 ? 0.5 : double(index) / double(points.size() - 1);
    line.push_back(left + 2 + fraction * (width - 4));
    line.push_back(top + 2 + (height - 4) * (1 - (points[index].second - low) / (high - low)));
  }
  if (line.size() == 2) line.insert(line.end(), {line[0] + 0.5, line[1]});
  canvas.polyline(line, theme::kGraphLineWidth, theme::kLink);
  canvas.text(left, top + height + 2, points.front().first, FontStyle::kRegular, theme::kGraphLabelSize,
              theme::kMutedText);
  canvas.text(left + width - measure(points.back().first), top + height + 2, points.back().first,
              FontStyle::kRegular, theme::kGraphLabelSize, theme::kMutedText);
  flow.advance(height + 14);
}

void detail(Flow& flow, const MetricDetail& detail) {
  const double indent = theme::kDetailIndent;
  flow.advance(3);
  flow.ensure(30);
  paragraph(flow, detail.title, FontStyle::kBold, theme::kDetailTitleSize, theme::kText, indent, 1);
  if (!detail.fields.empty()) {
    Table fields(flow, {{"Field", 1}, {"Value", 4}}, theme::kTableSize, indent);
    for (const auto& [label, value] : detail.fields) fields.row({Cell{.text = label}, Cell{.text = value}});
  }
  if (!detail.table_header.empty()) {
    std::vector<Column> columns;
    for (const auto& title : detail.table_header) columns.push_back({title, 1});
    Table rows(flow, columns, theme::kDetailTableSize, indent);
    for (const auto& values : detail.table_rows) {
      std::vector<Cell> cells;
      for (const auto& value : values) cells.push_back(Cell{.text = value});
      rows.row(cells);
    }
  }
  if (!detail.graph.empty()) graph(flow, detail.graph, indent);
  if (!detail.note.empty())
    paragraph(flow, detail.note, FontStyle::kRegular, theme::kNoteSize, theme::kMutedText, indent, 4);
  flow.advance(6);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : std::string(separator)) + item;
  return joined;
}

// The columns of the metric tables: with more than one date, a column per date instead of trend, status,
// measurement and target.
std::vector<Column> table_columns(const PrintJob& job) {
  bool dated = job.date_headers.size() > 1;
  auto shown = [&job](std::string_view column) { return !job.hidden_columns.contains(column); };
  std::vector<Column> columns{{"Metric", 2.8}};
  if (dated) {
    for (const auto& date : job.date_headers) columns.push_back({date, 1.1, Align::kRight});
  } else {
    if (shown("trend")) columns.push_back({"Trend", 1.2});
    if (shown("status")) columns.push_back({"Status", 1.9});
    if (shown("measurement")) columns.push_back({"Measurement", 1.4, Align::kRight});
  }
  if (shown("delta")) columns.push_back({"Δ", 0.7, Align::kRight});
  if (!dated && shown("target")) columns.push_back({"Target", 1.1, Align::kRight});
  if (shown("unit")) columns.push_back({"Unit", 1.4});
  if (shown("source")) columns.push_back({"Source", 1.5});
  if (shown("time_left")) columns.push_back({"Time left", 1.0});
  if (shown("overrun")) columns.push_back({"Overrun", 1.0});
  if (shown("comment")) columns.push_back({"Comment", 2.4});
  if (shown("issues")) columns.push_back({"Issues", 1.6});
  if (shown("tags")) columns.push_back({"Tags", 1.2});
  return columns;
}

// The cells of a metric's row, one per column of table_columns().
std::vector<Cell> row_cells(const PrintJob& job, const MetricRow& metric) {
  bool dated = job.date_headers.size() > 1;
  auto shown = [&job](std::string_view column) { return !job.hidden_columns.contains(column); };
  std::vector<Cell> cells{Cell{.text = metric.name}};
  if (dated) {
    for (std::size_t index = 0; index < job.date_headers.size(); ++index) {
      const DatedValue value =
          index < metric.dated.size() ? metric.dated[index] : DatedValue{"?", Status::kUnknown};
      cells.push_back(Cell{.text = value.value, .background = tint(status_color(value.status))});
    }
  } else {
    if (shown("trend")) cells.push_back(Cell{.sparkline = metric.trend});
    if (shown("status")) {
      cells.push_back(
          Cell{.text = std::string(status_label(metric.status)), .mark = status_color(metric.status)});
    }
    if (shown("measurement")) {
      cells.push_back(Cell{.text = metric.measurement, .background = tint(status_color(metric.status))});
    }
  }
  if (shown("delta")) cells.push_back(Cell{.text = metric.delta});
  if (!dated && shown("target")) cells.push_back(Cell{.text = metric.target});
  if (shown("unit")) cells.push_back(Cell{.text = metric.unit});
  if (shown("source")) cells.push_back(Cell{.text = metric.source});
  if (shown("time_left")) cells.push_back(Cell{.text = metric.time_left});
  if (shown("overrun")) cells.push_back(Cell{.text = metric.overrun});
  if (shown("comment")) cells.push_back(Cell{.text = metric.comment});
  if (shown("issues")) cells.push_back(Cell{.text = join(metric.issues, "\n")});
  if (shown("tags")) cells.push_back(Cell{.text = join(metric.tags, ", ")});
  return cells;
}

void subject_table(Flow& flow, const PrintJob& job, const SubjectSection& subject) {
  flow.advance(6);
  flow.ensure(60);  // keep the subject title with the first rows
  paragraph(flow, subject.title, FontStyle::kBold, theme::kSubjectTitleSize, theme::kText, 0, 2);
  if (!subject.subtitle.empty())
    paragraph(flow, subject.subtitle, FontStyle::kRegular, theme::kSubjectSubtitleSize, theme::kMutedText, 0,
              6);
  flow.advance(3);
  if (subject.metrics.empty()) {
    paragraph(flow, "No metrics.", FontStyle::kRegular, theme::kSubjectSubtitleSize, theme::kMutedText);
    return;
  }
  Table table(flow, table_columns(job), theme::kTableSize);
  for (const auto& metric : subject.metrics) {
    table.row(row_cells(job, metric));
    if (metric.detail) detail(flow, *metric.detail);
  }
}

}  // namespace

std::unique_ptr<Canvas> draw(const PrintJob& job, const Fonts& fonts) {
  auto canvas = std::make_unique<Canvas>(fonts, PageSize{});
  canvas->set_info(job.title, "quality-time-api");
  Flow flow(*canvas, Margins{}, job.furniture);
  paragraph(flow, job.title, FontStyle::kBold, theme::kTitleSize, theme::kText, 0, 3);
  if (!job.subtitle.empty())
    paragraph(flow, job.subtitle, FontStyle::kRegular, theme::kSubtitleSize, theme::kMutedText, 0, 6);
  flow.advance(6);
  bool with_legend = job.legend;
  for (const auto& board : job.dashboards) {
    dashboard(flow, board, with_legend);
    with_legend = false;  // once is enough
  }
  for (const auto& subject : job.subjects) subject_table(flow, job, subject);
  flow.finish();
  return canvas;
}

std::string render(const PrintJob& job, const Fonts& fonts) { return draw(job, fonts)->save(); }

}  // namespace qta::pdf
