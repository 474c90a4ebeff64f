// PDF export routes: the report and the reports overview as printable PDF, with the frontend's view settings.
// The handlers check the parameters (pdf_parameters.cpp), read all they need from the database, and then
// build a pdf::PrintJob from what they read (pdf_content.cpp); lib/pdf draws it.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <map>

#include "base/date_time.h"
#include "db/measurements.h"
#include "db/reports.h"
#include "db/reports_overviews.h"
#include "metrics/metrics.h"
#include "model/credentials.h"
#include "model/report_tree.h"
#include "model/summary.h"
#include "pdf/report_document.h"
#include "routes/handlers.h"
#include "routes/pdf_content.h"
#include "routes/pdf_settings.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {

// The data model and the measurements of the date columns, the delta and the trend line, in one query.
PdfData read_measurements(Context& context, const PrintSettings& settings,
                          const std::vector<json::Value>& reports) {
  PdfData data{.settings = settings, .data_model = context.data_model(settings.report_date)};
  data.base_seconds = settings.report_date.empty() ? base::epoch_seconds_now()
                                                   : base::epoch_seconds(settings.report_date).value_or(0);
  for (int index = 0; index < settings.nr_dates; ++index) {
    data.dates.push_back(data.base_seconds -
                         std::int64_t{index} * settings.date_interval * base::kSecondsPerDay);
  }
  if (settings.date_order == "ascending") std::ranges::reverse(data.dates);
  int days = std::max({7, settings.date_interval + 1, (settings.nr_dates - 1) * settings.date_interval + 1});
  if (settings.metrics_to_hide == "all") days = 7;  // dashboards only need the latest statuses
  data.measurements = db::recent_measurements(context.database, settings.report_date, db::scope_of(reports),
                                              days, settings.metrics_to_hide == "all");
  return data;
}

// The changes of a metric to the report and to its measurements, newest first: enough of both for the
// changelog tab, which shows the newest until the report date.
std::vector<Change> read_changes(Context& context, const std::string& metric_uuid) {
  std::vector<Change> changes;
  for (const auto& document : db::report_changes(context.database, metric_uuid, kMaxChanges * 2)) {
    changes.emplace_back(document.get_string("timestamp"), document.get("delta").get_string("description"));
  }
  for (const auto& document : db::measurement_changes(context.database, metric_uuid, kMaxChanges)) {
    changes.emplace_back(document.get_string("start"), document.get("delta").get_string("description"));
  }
  std::ranges::stable_sort(changes, std::greater<>{}, &Change::first);
  return changes;
}

// The histories and changes that the tabs of the expanded metrics show.
void read_tab_contents(Context& context, PdfData& data, const std::vector<ShownSubject>& tables) {
  if (data.settings.metrics_to_hide == "all") return;
  std::vector<std::string> with_history, with_changelog;
  for (const auto& table : tables) {
    for (const auto& shown : table.metrics) {
      if (shown.tab && *shown.tab >= kFirstHistoryTab) with_history.push_back(shown.uuid);
      if (shown.tab && *shown.tab == kChangelogTab) with_changelog.push_back(shown.uuid);
    }
  }
  data.histories = db::metric_histories(context.database, with_history, data.settings.report_date);
  for (const auto& metric_uuid : with_changelog)
    data.changes[metric_uuid] = read_changes(context, metric_uuid);
}

std::string minute_of(std::int64_t seconds) {
  std::string iso = base::iso_timestamp(seconds);
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

pdf::PageFurniture furniture(const PdfData& data, const std::string& title) {
  std::int64_t now = base::epoch_seconds_now();
  return {.title = title,
          .data_date = data.settings.report_date.empty() ? minute_of(now) : base::iso_date(data.base_seconds),
          .url = data.settings.report_url,
          .generated_at = minute_of(now)};
}

std::vector<std::string> date_headers(const PdfData& data) {
  std::vector<std::string> headers;
  if (data.dates.size() > 1) {
    for (std::int64_t date : data.dates) headers.push_back(base::iso_date(date));
  }
  return headers;
}

// "Quality report é 1" → "Quality-report-1": a file name that every browser and shell accepts.
std::string file_name(const std::string& title, const std::string& date) {
  std::string name;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
      name += c;
    else if ((c == ' ' || c == '.') && !name.empty() && name.back() != '-')
      name += '-';
    if (name.size() >= 80) break;
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  return (name.empty() ? "report" : name) + "-" + date + ".pdf";
}

http::Response pdf_response(const pdf::PrintJob& job, const std::string& title, const std::string& date) {
  auto started = std::chrono::steady_clock::now();
  std::string document;
  try {
    document = pdf::render(job);
  } catch (...) {
    metrics::record_pdf_render(std::chrono::steady_clock::now() - started, true);
    throw;
  }
  metrics::record_pdf_render(std::chrono::steady_clock::now() - started, false);
  auto response = http::Response::bytes(std::move(document), "application/pdf");
  response.set_header("Content-Disposition", "attachment; filename=\"" + file_name(title, date) + "\"");
  return response;
}

http::Response did_not_exist_response(Context& context, const PrintSettings& settings,
                                      const std::string& report_uuid) {
  PdfData data = read_measurements(context, settings, {});
  std::string date = base::iso_date(data.base_seconds);
  pdf::PrintJob job{.furniture = furniture(data, "Report " + report_uuid),
                    .title = "Sorry, this report didn't exist at " + date,
                    .subtitle = "Report " + report_uuid,
                    .legend = false};
  return pdf_response(job, "report-" + report_uuid, date);
}

json::Value summarized(const PdfData& data, const json::Value& stored) {
  auto report = model::summarize_report(stored, data.measurements, *data.data_model);
  model::hide_credentials(report, *data.data_model);
  return report;
}

void add_counts(pdf::StatusCounts& total, const pdf::StatusCounts& counts) {
  for (pdf::Status status : pdf::kStatuses)
    total.counts[static_cast<std::size_t>(status)] += counts.of(status);
}

// The overview's dashboards: first one card per report and one per tag over all reports, then the
// dashboard of each report (without tag cards).
std::vector<pdf::Dashboard> overview_dashboards(const PdfData& data,
                                                const std::vector<json::Value>& reports) {
  std::vector<pdf::Dashboard> dashboards{pdf::Dashboard{.heading = "Reports"}};
  std::map<std::string, pdf::StatusCounts> tags;
  for (const auto& report : reports) {
    auto board = report_dashboard(data, report, model::report_title(report));
    pdf::DashboardCard card{.title = model::report_title(report)};
    for (const auto& subject : board.cards) add_counts(card.counts, subject.counts);
    for (const auto& tag : board.tag_cards) add_counts(tags[tag.title], tag.counts);
    dashboards.front().cards.push_back(card);
    board.tag_cards.clear();
    dashboards.push_back(std::move(board));
  }
  for (const auto& [tag, counts] : tags) dashboards.front().tag_cards.push_back({tag, counts});
  return dashboards;
}

}  // namespace

http::Response export_report_as_pdf(Context& context) {
  const std::string& report_uuid = context.param("report_uuid");
  PrintSettings settings = read_print_settings(context.request, report_uuid);
  std::optional<json::Value> stored;
  for (const auto& report : db::reports_as_of(context.database, settings.report_date)) {
    if (report.get_string("report_uuid") == report_uuid) stored = report;
  }
  if (!stored) {
    // At a date before the report was created or after it was deleted, one page that says so, as
    // v5.8.0's renderer shows; a report that never existed is not found.
    if (settings.report_date.empty() || !db::report_exists(context.database, report_uuid))
      report_not_found(report_uuid);
    return did_not_exist_response(context, settings, report_uuid);
  }
  PdfData data = read_measurements(context, settings, {*stored});
  auto report = summarized(data, *stored);
  auto tables = shown_subjects(settings, {report});
  read_tab_contents(context, data, tables);

  std::string title = model::report_title(report);
  pdf::PrintJob job{.furniture = furniture(data, title),
                    .title = title,
                    .subtitle = report.get_string("subtitle"),
                    .dashboards = {report_dashboard(data, report, "")},
                    .date_headers = date_headers(data),
                    .hidden_columns = settings.hidden_columns};
  for (const auto& table : tables) job.subjects.push_back(subject_section(data, table, ""));
  return pdf_response(job, title, base::iso_date(data.base_seconds));
}

http::Response export_reports_overview_as_pdf(Context& context) {
  PrintSettings settings = read_print_settings(context.request, "");
  auto overview =
      db::latest_reports_overview(context.database, settings.report_date).value_or(json::Value::object());
  auto stored = db::reports_as_of(context.database, settings.report_date);
  PdfData data = read_measurements(context, settings, stored);
  std::vector<json::Value> reports;
  for (const auto& report : stored) reports.push_back(summarized(data, report));
  auto tables = shown_subjects(settings, reports);
  read_tab_contents(context, data, tables);

  std::string title = overview.get_string("title", "Reports overview");
  pdf::PrintJob job{.furniture = furniture(data, title),
                    .title = title,
                    .subtitle = overview.get_string("subtitle"),
                    .dashboards = overview_dashboards(data, reports),
                    .date_headers = date_headers(data),
                    .hidden_columns = settings.hidden_columns};
  for (const auto& table : tables) {
    job.subjects.push_back(subject_section(data, table, model::report_title(table.report) + " ❯ "));
  }
  return pdf_response(job, title, base::iso_date(data.base_seconds));
}

}  // namespace qta::routes
