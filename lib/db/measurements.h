#pragma once
// The `measurements` collection, written by the collector (and by the API for entity edits).
//
// The measurements of one metric follow each other in time. "Latest" is the one with the latest
// `start`, and of two with the same start (one-second resolution: it happens) the one with the higher
// _id, so that every reader picks the same one. Lists of one metric's measurements are oldest first
// in that same order, so their last element is the latest.
//
// The queries and the MongoDB index that serves each (app/initialization.cpp creates them); FerretDB's
// PostgreSQL handler serves the equality on metric_uuid or report_uuid from a GIN expression index
// (scripts/lib/gin-indexes.sql) and applies the rest of the filter after reading:
// clang-format off
//   recent_measurements, by report   {report_uuid, start: {$lte}, end: {$gte}}   {report_uuid: 1, start: -1}
//   recent_measurements, per metric  {metric_uuid, start, end}                   {metric_uuid: 1, start: -1}
//   recent_measurements, the rest    {metric_uuid: {$in}, start, end}            {metric_uuid: 1, start: -1}
//   latest_measurement               {metric_uuid}, sort start, _id              {metric_uuid: 1, start: -1, _id: -1}
//   latest_successful_measurement    {metric_uuid, has_error}, sort start, _id   {metric_uuid: 1, has_error: 1, start: -1, _id: -1}
//   measurements_in_period           {start: {$lte}, end: {$gte}}                {start: 1, end: -1}
//   all_metric_measurements          {metric_uuid, start: {$lte}}                {metric_uuid: 1, start: -1}, then _id
//   metric_histories                 {metric_uuid: {$in}, start: {$lte}}         {metric_uuid: 1, start: -1}, then _id
//     and the latest ones whole      {metric_uuid, _id} ($in of each for several)  _id
//   measurement_changes              {delta.uuids}, sort start                   {delta.uuids: 1, start: -1}
// clang-format on

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "json/json.h"

namespace qta::db {

// What a report read needs measurements of: the reports and every metric in them now.
struct MeasurementScope {
  std::vector<std::string> report_uuids;
  std::vector<std::string> metric_uuids;
};
// The scope of these report versions.
MeasurementScope scope_of(const std::vector<json::Value>& reports);

// Measurements of the scope's metrics that overlap the `days` before max_iso_timestamp ("" for now),
// without _id and source entities, oldest first, grouped by metric uuid. Its last one is the metric's
// latest measurement in the window. With `statuses_only`, only what status counts need is read (start,
// end, statuses and source uuids).
//
// At most 1 + kMaxMetricReads reads, whatever the number of metrics: first by report_uuid, which the
// collector writes into every measurement (one equality for one report, which FerretDB's PostgreSQL
// handler serves from an index), then by metric_uuid for the metrics whose window that read may not
// cover completely (metrics_to_complete): measurements stored before their metric moved here carry the
// report it was in then, and old ones (before Quality-time wrote report_uuid) none. Those are mostly
// metrics without any measurement (new, or without sources), so how they are read decides the cost
// (completion_reads): FerretDB never applies `$in` before reading, so one read of them all reads the
// whole collection on either handler, while an equality per metric is an index read on MongoDB and on
// FerretDB's PostgreSQL handler; on FerretDB's SQLite handler every read reads the whole collection, so
// there the one `$in` read is the cheapest. Database::filters_equality_first tells the two apart. No
// metric is left out beforehand: one without sources keeps the measurements from when it had some.
std::map<std::string, std::vector<json::Value>> recent_measurements(Database& database,
                                                                    const std::string& max_iso_timestamp,
                                                                    const MeasurementScope& scope,
                                                                    int days = 7, bool statuses_only = false);
std::optional<json::Value> latest_measurement(Database& database, const std::string& metric_uuid);
std::optional<json::Value> latest_successful_measurement(Database& database, const std::string& metric_uuid);
// Measurements overlapping [min, max] ("" for now), oldest first, without _id, entities, user data and issue
// status.
std::vector<json::Value> measurements_in_period(Database& database, const std::string& min_iso_timestamp,
                                                const std::string& max_iso_timestamp);
// All measurements of a metric up to max ("" for all), oldest first and stripped, the last one whole.
std::vector<json::Value> all_metric_measurements(Database& database, const std::string& metric_uuid,
                                                 const std::string& max_iso_timestamp);
// all_metric_measurements of several metrics, in two reads; metrics without measurements are left out.
std::map<std::string, std::vector<json::Value>> metric_histories(Database& database,
                                                                 const std::vector<std::string>& metric_uuids,
                                                                 const std::string& max_iso_timestamp);
// Stores a new measurement (its _id is made by the driver) and returns it without _id.
json::Value insert_measurement(Database& database, json::Value measurement);

// Measurements whose delta concerns `uuid` (entity edits), newest first, only their delta and start.
std::vector<json::Value> measurement_changes(Database& database, const std::string& uuid, std::int64_t limit);

// The order rule, for the functions above and their tests.
// True when `measurement` comes after `other`: a later start, or the same start and a higher _id.
bool is_later_measurement(const json::Value& measurement, const json::Value& other);
// Sorts one metric's measurements oldest first by that rule.
void sort_oldest_first(std::vector<json::Value>& measurements);
// The metrics of `metric_uuids` whose measurements in the window starting at `window_start` may lie
// partly outside `found` (what a read by report_uuid returned, grouped and sorted): those with none
// found, and those whose earliest found one starts at or after the window start, since an earlier
// measurement of another report may still reach into the window. A measurement that starts before the
// window start leaves no room for earlier ones in it, because a metric's measurements do not overlap.
std::vector<std::string> metrics_to_complete(const std::map<std::string, std::vector<json::Value>>& found,
                                             const std::vector<std::string>& metric_uuids,
                                             const std::string& window_start);

// How recent_measurements reads the metrics to complete: none; one equality read per metric; or one
// read of them all by `$in`. Per metric when there is one, or when they are at most kMaxMetricReads and
// the database applies an equality filter before reading documents (`equality_filtered_first`, nullopt
// when unknown, as while the database is unreachable: then the one read). The bound keeps a request's
// commands bounded; it is as high as it is because a metric without measurements costs one index
// lookup (about a millisecond on FerretDB's PostgreSQL handler), while the one read of them all costs a
// read of the whole collection there (seconds per 100,000 measurements), and a report with a dozen new
// metrics, not measured yet, is common.
enum class CompletionReads { kNone, kEachMetric, kAllMetrics };
inline constexpr std::size_t kMaxMetricReads = 16;
CompletionReads completion_reads(std::size_t metrics_to_complete,
                                 std::optional<bool> equality_filtered_first);

}  // namespace qta::db
