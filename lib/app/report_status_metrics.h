#pragma once
// What a scrape answers: the shared counters, and per report the number of metrics by status colour
// (what Quality-time's dashboard shows, and GET .../metric_status_summary answers), read from the
// database at most once per interval whatever the number of scrapes.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "db/database.h"
#include "metrics/metrics.h"

namespace qta::app {

struct ReportStatusCounts {
  std::string report_uuid;
  std::string title;
  std::vector<std::pair<std::string, std::int64_t>> metrics_by_color;  // "red", "green", ... "white"
};

struct ReportSummaries {
  std::vector<ReportStatusCounts> reports;
  bool succeeded = false;       // false: the last attempt failed (database unavailable); `reports` is older
  double computed_at = 0;       // Unix time of the last successful computation; 0 before the first
  double duration_seconds = 0;  // of the last attempt
  std::int64_t database_commands = 0;  // sent by the last attempt
};

// Reads every current report, the data model and the latest measurements of all their metrics: a
// bounded number of database commands (the two reads of db::recent_measurements and the report and data
// model reads), however many reports and metrics there are.
std::vector<ReportStatusCounts> compute_report_summaries(db::Database& database);

class ReportSummaryCache {
 public:
  ReportSummaryCache(db::Database& database, std::chrono::seconds interval)
      : database_(database), interval_(interval) {}
  // The summaries, computed again when the last attempt is at least `interval` old. Never throws.
  ReportSummaries get();

 private:
  db::Database& database_;
  std::chrono::seconds interval_;
  std::mutex mutex_;
  ReportSummaries summaries_;
  std::chrono::steady_clock::time_point attempted_{};
  bool attempted_once_ = false;
};

// The exposition text of the counters and, when given, the report summaries.
std::string expose(const metrics::Counters& counters, const ReportSummaries* summaries);

}  // namespace qta::app
