#pragma once
// What a report PDF shows, as plain data: the HTTP route gathers it from the database, render() draws it.
// Nothing here knows about requests, JSON or MongoDB.

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pdf/canvas.h"
#include "pdf/layout.h"

namespace qta::pdf {

// In the order the legend and the donuts show them.
enum class Status { kTargetMet, kNearTargetMet, kTargetNotMet, kDebtTargetMet, kInformative, kUnknown };
inline constexpr std::array kStatuses{Status::kTargetMet,     Status::kNearTargetMet, Status::kTargetNotMet,
                                      Status::kDebtTargetMet, Status::kInformative,   Status::kUnknown};

// "target_met" → kTargetMet, ...; anything else (null, "") → kUnknown.
Status status_from_name(std::string_view name);
std::string_view status_label(Status status);  // "Target met", ...
Color status_color(Status status);             // Quality-time's status colours

struct StatusCounts {
  std::array<int, kStatuses.size()> counts{};
  void add(Status status) { ++counts[static_cast<std::size_t>(status)]; }
  int of(Status status) const { return counts[static_cast<std::size_t>(status)]; }
  int total() const;
};

// One dashboard card: a subject, a tag or (in the overview) a report, with its metrics counted per status.
struct DashboardCard {
  std::string title{};
  StatusCounts counts{};
};

struct Dashboard {
  std::string heading{};  // "" for none
  std::vector<DashboardCard> cards{};
  std::vector<DashboardCard> tag_cards{};
};

// The content of the tab selected for an expanded metric.
struct MetricDetail {
  std::string title{};                                        // the tab's name
  std::vector<std::pair<std::string, std::string>> fields{};  // label, value
  std::vector<std::string> table_header{};
  std::vector<std::vector<std::string>> table_rows{};
  std::vector<std::pair<std::string, double>> graph{};  // (date, value) oldest first: a trend graph
  std::string note{};                                   // e.g. that rows were left out
};

struct DatedValue {
  std::string value{};  // as shown, "?" when unknown
  Status status = Status::kUnknown;
};

struct MetricRow {
  std::string name{};
  std::vector<double> trend{};  // recent values, oldest first
  Status status = Status::kUnknown;
  std::string measurement{};
  std::string delta{};
  std::string target{};
  std::string unit{};
  std::string source{};
  std::string time_left{};
  std::string overrun{};
  std::string comment{};  // plain text
  std::vector<std::string> issues{};
  std::vector<std::string> tags{};
  std::vector<DatedValue> dated{};  // one per date column, when there is more than one date
  std::optional<MetricDetail> detail{};
};

struct SubjectSection {
  std::string title{};
  std::string subtitle{};
  std::vector<MetricRow> metrics{};
};

// The columns that hidden_columns can name, in table order.
inline constexpr std::array<std::string_view, 12> kColumnNames{
    "trend",  "status",    "measurement", "delta",   "target", "unit",
    "source", "time_left", "overrun",     "comment", "issues", "tags"};

struct PrintJob {
  PageFurniture furniture{};
  std::string title{};
  std::string subtitle{};
  std::vector<Dashboard> dashboards{};
  bool legend = true;
  // With more than one date, one measurement column per date instead of trend, status, measurement, target.
  std::vector<std::string> date_headers{};
  std::set<std::string, std::less<>> hidden_columns{};
  std::vector<SubjectSection> subjects{};
};

// Draws the job on a fresh canvas (returned, for tests that inspect the drawn boxes).
std::unique_ptr<Canvas> draw(const PrintJob& job, const Fonts& fonts = {});
// The finished PDF document.
std::string render(const PrintJob& job, const Fonts& fonts = {});

}  // namespace qta::pdf
