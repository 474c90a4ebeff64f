#pragma once
// What a PDF shows of reports already read: dashboards and subject tables, with the tab of each expanded
// metric, as parts of a pdf::PrintJob. Nothing here reads the database: the route reads first (PdfData),
// then builds the document from what it read.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "datamodel/data_model.h"
#include "json/json.h"
#include "model/summary.h"
#include "pdf/report_document.h"
#include "routes/pdf_settings.h"

namespace qta::routes {

// The tabs of an expanded metric that need reads of their own.
inline constexpr int kChangelogTab = 3;
inline constexpr int kFirstHistoryTab =
    5;  // the trend graph (or, for version numbers, the first entity tab) on
inline constexpr std::size_t kMaxChanges = 10;

// A metric that a table shows, and the tab it shows expanded, if any.
struct ShownMetric {
  std::string uuid;
  json::Value metric;
  std::optional<int> tab;
};

// A subject table: the (summarized) report and subject, and the metrics in view.
struct ShownSubject {
  json::Value report;
  json::Value subject;
  std::vector<ShownMetric> metrics{};
};

// The subjects of the reports, each with its metrics in view, within the bounds on metrics and expanded
// metrics over all reports together; none when the settings hide all metrics.
std::vector<ShownSubject> shown_subjects(const PrintSettings& settings,
                                         const std::vector<json::Value>& reports);

// A change of a metric: its timestamp and description.
using Change = std::pair<std::string, std::string>;

// What the route read for one PDF.
struct PdfData {
  const PrintSettings& settings;
  std::shared_ptr<const datamodel::DataModel> data_model;
  model::MeasurementsByMetric measurements{};  // over the whole period the columns need, oldest first
  model::MeasurementsByMetric histories{};     // all measurements of the metrics with a history tab open
  std::map<std::string, std::vector<Change>>
      changes{};                      // newest first, of the metrics with the changelog open
  std::int64_t base_seconds = 0;      // the (newest) date of the data
  std::vector<std::int64_t> dates{};  // column dates in display order
};

// The dashboard of one report: a card per subject and per (shown) tag.
pdf::Dashboard report_dashboard(const PdfData& data, const json::Value& report, std::string heading);

// The table of a subject, its title after `prefix`.
pdf::SubjectSection subject_section(const PdfData& data, const ShownSubject& shown,
                                    const std::string& prefix);

}  // namespace qta::routes
