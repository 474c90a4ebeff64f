// Scrape answers: counters and report summaries in the exposition format.
#include "app/report_status_metrics.h"

#include <array>

#include "base/log.h"
#include "db/datamodel_cache.h"
#include "db/measurements.h"
#include "db/reports.h"
#include "http/error.h"
#include "metrics/exposition.h"
#include "model/summary.h"
#include "routes/route_table.h"

namespace qta::app {

namespace {

// The counters and their names are the metrics floor's; this file only reads and renders them.
using namespace qta::metrics;  // NOLINT(google-build-using-namespace)

constexpr auto kRelaxed = std::memory_order_relaxed;
constexpr std::string_view kPrefix = "quality_time_api_";

std::string name(std::string_view suffix) { return std::string(kPrefix) + std::string(suffix); }

std::array<std::uint64_t, kLatencyBuckets.size() + 1> load(const Histogram& histogram) {
  std::array<std::uint64_t, kLatencyBuckets.size() + 1> values{};
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = histogram.buckets[i].load(kRelaxed);
  return values;
}

bool empty(const std::array<std::uint64_t, kLatencyBuckets.size() + 1>& values) {
  for (auto value : values) {
    if (value != 0) return false;
  }
  return true;
}

double seconds(const Counter& microseconds) { return static_cast<double>(microseconds.load(kRelaxed)) / 1e6; }

void expose_histogram(Exposition& out, std::string_view family, const Labels& labels,
                      const Histogram& histogram) {
  auto values = load(histogram);
  out.histogram(family, labels, kLatencyBuckets, values, seconds(histogram.sum_microseconds));
}

Labels route_labels(std::size_t row) {
  auto routes = routes::route_table();
  if (row < routes.size() && row < kMaxRouteRows) {
    return {{"method", std::string(routes[row].method)}, {"route", std::string(routes[row].path)}};
  }
  return {{"method", ""}, {"route", "unmatched"}};
}

std::string status_label(std::size_t index) {
  return index < kStatuses.size() ? std::to_string(kStatuses[index]) : "other";
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::vector<ReportStatusCounts> compute_report_summaries(db::Database& database) {
  auto reports = db::latest_reports(database);
  auto stored_model = db::data_model_cache().at(database, "");
  if (!stored_model) throw http::Error(http::ErrorCode::kUnavailable, "The data model is not stored yet.");
  auto measurements = db::recent_measurements(database, "", db::scope_of(reports), 7, true);
  std::vector<ReportStatusCounts> summaries;
  for (const auto& report : reports) {
    ReportStatusCounts counts{report.get_string("report_uuid"), report.get_string("title"), {}};
    for (const auto& [color, count] :
         model::status_colors(report, measurements, *stored_model->model).items()) {
      counts.metrics_by_color.emplace_back(color, count.as_integer().value_or(0));
    }
    summaries.push_back(std::move(counts));
  }
  return summaries;
}

ReportSummaries ReportSummaryCache::get() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (attempted_once_ && now - attempted_ < interval_) return summaries_;
  attempted_once_ = true;
  attempted_ = now;
  db::CommandCount commands;
  try {
    summaries_.reports = compute_report_summaries(database_);
    summaries_.succeeded = true;
    summaries_.computed_at = unix_now();
  } catch (const std::exception& error) {
    base::log_warning("metrics: cannot compute the report summaries: {}", error.what());
    summaries_.succeeded = false;
  }
  summaries_.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - now).count();
  summaries_.database_commands = commands.commands();
  return summaries_;
}

std::string expose(const metrics::Counters& counters, const ReportSummaries* summaries) {
  Exposition out;
  std::size_t rows = std::min(routes::route_table().size(), kMaxRouteRows);
  auto row_indexes = [&](auto&& each) {
    for (std::size_t row = 0; row < rows; ++row) each(row);
    each(kUnmatchedRoute);
  };

  out.family(
      name("requests_total"), "counter",
      "Requests answered, by route-table row (its v5.8.0 rule; /api/internal aliases count with their row) "
      "and status; route=\"unmatched\" for requests that matched no route or were refused before routing.");
  row_indexes([&](std::size_t row) {
    for (std::size_t status = 0; status <= kOtherStatus; ++status) {
      auto value = counters.requests[row][status].load(kRelaxed);
      if (value == 0) continue;
      Labels labels = route_labels(row);
      labels.emplace_back("status", status_label(status));
      out.sample(name("requests_total"), labels, static_cast<double>(value));
    }
  });

  out.family(
      name("request_duration_seconds"), "histogram",
      "Time from reading a request to having written its answer (for a stream, its first event), by route.");
  row_indexes([&](std::size_t row) {
    if (empty(load(counters.request_latency[row]))) return;
    expose_histogram(out, name("request_duration_seconds"), route_labels(row), counters.request_latency[row]);
  });

  std::int64_t in_flight = 0;
  std::int64_t open_streams = 0;
  for (const auto& process : counters.processes) {
    in_flight += process.in_flight.load(kRelaxed);
    open_streams += process.open_streams.load(kRelaxed);
  }
  out.family(name("requests_in_flight"), "gauge", "Requests being answered now, in all workers.");
  out.sample(name("requests_in_flight"), {}, static_cast<double>(in_flight));
  out.family(name("open_streams"), "gauge",
             "Server-sent event streams (nr_measurements) open now, in all workers.");
  out.sample(name("open_streams"), {}, static_cast<double>(open_streams));

  out.family(name("worker_restarts_total"), "counter",
             "Workers that died (killed by a signal or exited on their own) and were replaced.");
  out.sample(name("worker_restarts_total"), {}, static_cast<double>(counters.worker_restarts.load(kRelaxed)));

  out.family(
      name("database_command_duration_seconds"), "histogram",
      "Database commands sent (getMore batches included), with their duration as the driver measured it.");
  expose_histogram(out, name("database_command_duration_seconds"), {}, counters.database_commands);
  out.family(name("database_command_failures_total"), "counter", "Database commands that failed.");
  out.sample(name("database_command_failures_total"), {},
             static_cast<double>(counters.database_command_failures.load(kRelaxed)));
  out.family(name("database_errors_total"), "counter",
             "Database errors that ended a request or task, by kind: timeout (the request deadline passed), "
             "unavailable (no connection), refused_value (a value the database cannot store), other.");
  for (std::size_t kind = 0; kind < kDatabaseErrorNames.size(); ++kind) {
    out.sample(name("database_errors_total"), {{"kind", std::string(kDatabaseErrorNames[kind])}},
               static_cast<double>(counters.database_errors[kind].load(kRelaxed)));
  }

  out.family(name("login_failures_total"), "counter", "Logins refused for wrong credentials.");
  out.sample(name("login_failures_total"), {}, static_cast<double>(counters.login_failures.load(kRelaxed)));
  out.family(name("logins_throttled_total"), "counter",
             "Logins refused unchecked (429) because of too many failed attempts for the user or address.");
  out.sample(name("logins_throttled_total"), {},
             static_cast<double>(counters.logins_throttled.load(kRelaxed)));

  out.family(
      name("pdf_render_duration_seconds"), "histogram",
      "PDF documents rendered (report and reports overview exports), with the rendering time after the data "
      "was read.");
  expose_histogram(out, name("pdf_render_duration_seconds"), {}, counters.pdf_renders);
  out.family(name("pdf_render_failures_total"), "counter", "PDF renderings that failed.");
  out.sample(name("pdf_render_failures_total"), {},
             static_cast<double>(counters.pdf_render_failures.load(kRelaxed)));

  out.family(name("scrapes_total"), "counter", "Answers given on the metrics listener (this one included).");
  out.sample(name("scrapes_total"), {}, static_cast<double>(counters.scrapes.load(kRelaxed)));

  if (summaries != nullptr) {
    out.family(
        name("report_summary_success"), "gauge",
        "1 when the last computation of the per-report metric counts succeeded, else 0 (the counts shown "
        "are then those of the last success).");
    out.sample(name("report_summary_success"), {}, summaries->succeeded ? 1 : 0);
    out.family(
        name("report_summary_timestamp_seconds"), "gauge",
        "Unix time of the last successful computation of the per-report metric counts; 0 before the first.");
    out.sample(name("report_summary_timestamp_seconds"), {}, summaries->computed_at);
    out.family(name("report_summary_duration_seconds"), "gauge",
               "How long the last computation of the per-report metric counts took.");
    out.sample(name("report_summary_duration_seconds"), {}, summaries->duration_seconds);
    out.family(
        "quality_time_report_metrics", "gauge",
        "Metrics of a report by status colour, as Quality-time's dashboard and the metric_status_summary "
        "route "
        "count them (red: target not met, yellow: near target, green: target met, grey: technical debt "
        "target met, blue: informative, white: unknown).");
    for (const auto& report : summaries->reports) {
      for (const auto& [color, count] : report.metrics_by_color) {
        out.sample("quality_time_report_metrics",
                   {{"report_uuid", report.report_uuid}, {"report_title", report.title}, {"status", color}},
                   static_cast<double>(count));
      }
    }
  }
  return out.text();
}

}  // namespace qta::app
