// Queries on measurements.
#include "db/measurements.h"

#include <algorithm>
#include <set>

#include "base/date_time.h"
#include "db/bson.h"

namespace qta::db {

namespace {

constexpr const char* kMeasurements = "measurements";

json::Value any_of(const std::vector<std::string>& values) {
  auto list = json::Value::array();
  for (const auto& value : values) list.append(json::Value::string(value));
  auto in = json::Value::object();
  in.set("$in", list);
  return in;
}

// Plain equality for one value: the filter that every backend serves best.
json::Value equal_or_any_of(const std::vector<std::string>& values) {
  return values.size() == 1 ? json::Value::string(values.front()) : any_of(values);
}

json::Value range(const char* operation, const std::string& bound) {
  auto result = json::Value::object();
  result.set(operation, json::Value::string(bound));
  return result;
}

// The _id stays in every projection until the order is decided; readers never see it.
json::Value without_details() {
  return json::Value::parse(R"({"sources.entities": 0, "sources.entity_user_data": 0, "issue_status": 0})");
}

std::map<std::string, std::vector<json::Value>> by_metric(std::vector<json::Value> measurements) {
  std::map<std::string, std::vector<json::Value>> grouped;
  for (auto& measurement : measurements)
    grouped[measurement.get_string("metric_uuid")].push_back(std::move(measurement));
  return grouped;
}

void sort_and_strip(std::map<std::string, std::vector<json::Value>>& grouped) {
  for (auto& [metric_uuid, measurements] : grouped) {
    sort_oldest_first(measurements);
    for (auto& measurement : measurements) measurement.erase("_id");
  }
}

}  // namespace

bool is_later_measurement(const json::Value& measurement, const json::Value& other) {
  return is_later_document(measurement, other, "start");
}

void sort_oldest_first(std::vector<json::Value>& measurements) {
  // is_later_measurement's order, with each measurement's keys read once instead of at every comparison
  // (thousands of measurements in a PDF's period).
  struct Keyed {
    std::string start;
    std::string id;
    std::size_t index;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(measurements.size());
  for (std::size_t i = 0; i < measurements.size(); ++i) {
    keyed.push_back({measurements[i].get_string("start"), measurements[i].get("_id").get_string("$oid"), i});
  }
  auto earlier = [](const Keyed& a, const Keyed& b) {
    return a.start != b.start ? a.start < b.start : a.id < b.id;
  };
  if (std::is_sorted(keyed.begin(), keyed.end(), earlier)) return;
  std::stable_sort(keyed.begin(), keyed.end(), earlier);
  std::vector<json::Value> sorted;
  sorted.reserve(measurements.size());
  for (const auto& key : keyed) sorted.push_back(std::move(measurements[key.index]));
  measurements = std::move(sorted);
}

MeasurementScope scope_of(const std::vector<json::Value>& reports) {
  MeasurementScope scope;
  for (const auto& report : reports) {
    scope.report_uuids.push_back(report.get_string("report_uuid"));
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items())
        scope.metric_uuids.push_back(metric_uuid);
    }
  }
  return scope;
}

std::vector<std::string> metrics_to_complete(const std::map<std::string, std::vector<json::Value>>& found,
                                             const std::vector<std::string>& metric_uuids,
                                             const std::string& window_start) {
  std::vector<std::string> incomplete;
  for (const auto& metric_uuid : metric_uuids) {
    auto measurements = found.find(metric_uuid);
    if (measurements == found.end() || measurements->second.empty() ||
        !(measurements->second.front().get_string("start") < window_start)) {
      incomplete.push_back(metric_uuid);
    }
  }
  return incomplete;
}

CompletionReads completion_reads(std::size_t metrics_to_complete,
                                 std::optional<bool> equality_filtered_first) {
  if (metrics_to_complete == 0) return CompletionReads::kNone;
  if (metrics_to_complete == 1) return CompletionReads::kEachMetric;
  bool filtered_first = equality_filtered_first.value_or(false);
  return filtered_first && metrics_to_complete <= kMaxMetricReads ? CompletionReads::kEachMetric
                                                                  : CompletionReads::kAllMetrics;
}

std::map<std::string, std::vector<json::Value>> recent_measurements(Database& database,
                                                                    const std::string& max_iso_timestamp,
                                                                    const MeasurementScope& scope, int days,
                                                                    bool statuses_only) {
  if (scope.metric_uuids.empty()) return {};
  std::string max = max_iso_timestamp.empty() ? base::iso_timestamp_now() : max_iso_timestamp;
  std::string min = base::minus_days(max, days);
  FindOptions options;
  options.projection =
      statuses_only
          ? json::Value::parse(R"({"metric_uuid": 1, "start": 1, "end": 1, "status": 1, "count.status": 1,
                                             "percentage.status": 1, "version_number.status": 1, "sources.source_uuid": 1})")
          : json::Value::parse(R"({"sources.entities": 0, "sources.entity_user_data": 0})");
  auto in_window = [&](const char* field, const json::Value& value) {
    auto filter = json::Value::object();
    filter.set(field, value);
    filter.set("start", range("$lte", max));
    filter.set("end", range("$gte", min));
    return filter;
  };
  std::set<std::string> wanted(scope.metric_uuids.begin(), scope.metric_uuids.end());
  std::map<std::string, std::vector<json::Value>> found;
  if (!scope.report_uuids.empty()) {
    found = by_metric(
        database.find(kMeasurements, in_window("report_uuid", equal_or_any_of(scope.report_uuids)), options));
    std::erase_if(found,
                  [&](const auto& entry) { return !wanted.contains(entry.first); });  // moved away since
    for (auto& [metric_uuid, measurements] : found) sort_oldest_first(measurements);
  }
  auto incomplete = metrics_to_complete(found, scope.metric_uuids, min);
  // Only a choice that may fall on the metric reads needs to know how the database filters.
  std::optional<bool> filtered_first;
  if (incomplete.size() > 1 && incomplete.size() <= kMaxMetricReads)
    filtered_first = database.filters_equality_first(kMeasurements);
  auto complete = [&](const json::Value& metric_uuids) {
    for (auto& [metric_uuid, measurements] :
         by_metric(database.find(kMeasurements, in_window("metric_uuid", metric_uuids), options))) {
      found[metric_uuid] = std::move(measurements);
    }
  };
  switch (completion_reads(incomplete.size(), filtered_first)) {
    case CompletionReads::kNone:
      break;
    case CompletionReads::kEachMetric:
      for (const auto& metric_uuid : incomplete) complete(json::Value::string(metric_uuid));
      break;
    case CompletionReads::kAllMetrics:
      complete(any_of(incomplete));
      break;
  }
  sort_and_strip(found);
  return found;
}

namespace {
std::optional<json::Value> latest_matching(Database& database, const json::Value& filter) {
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": -1, "_id": -1})");
  return database.find_one(kMeasurements, filter, options);
}
}  // namespace

std::optional<json::Value> latest_measurement(Database& database, const std::string& metric_uuid) {
  auto filter = json::Value::object();
  filter.set("metric_uuid", json::Value::string(metric_uuid));
  return latest_matching(database, filter);
}

std::optional<json::Value> latest_successful_measurement(Database& database, const std::string& metric_uuid) {
  auto filter = json::Value::object();
  filter.set("metric_uuid", json::Value::string(metric_uuid));
  filter.set("has_error", json::Value::boolean(false));
  return latest_matching(database, filter);
}

std::vector<json::Value> measurements_in_period(Database& database, const std::string& min_iso_timestamp,
                                                const std::string& max_iso_timestamp) {
  std::string now = base::iso_timestamp_now();
  auto filter = json::Value::object();
  filter.set("start", range("$lte", max_iso_timestamp.empty() ? now : max_iso_timestamp));
  filter.set("end", range("$gte", min_iso_timestamp.empty() ? now : min_iso_timestamp));
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": 1, "end": -1})");
  options.projection = json::Value::parse(
      R"({"_id": 0, "sources.entities": 0, "sources.entity_user_data": 0, "issue_status": 0})");
  return database.find(kMeasurements, filter, options);
}

std::map<std::string, std::vector<json::Value>> metric_histories(Database& database,
                                                                 const std::vector<std::string>& metric_uuids,
                                                                 const std::string& max_iso_timestamp) {
  if (metric_uuids.empty()) return {};
  auto filter = json::Value::object();
  filter.set("metric_uuid", equal_or_any_of(metric_uuids));
  if (!max_iso_timestamp.empty()) filter.set("start", range("$lte", max_iso_timestamp));
  FindOptions stripped;
  stripped.projection = without_details();
  auto histories = by_metric(database.find(kMeasurements, filter, stripped));
  // The latest of each metric whole: a second read of just those, by _id. For one metric, two
  // equalities: FerretDB's PostgreSQL handler finds {metric_uuid, _id} through the metric_uuid index in
  // milliseconds, where it applies `$in` (even of one _id) to every document of the collection.
  auto latest_ids = json::Value::array();
  for (auto& [metric_uuid, measurements] : histories) {
    sort_oldest_first(measurements);
    latest_ids.append(measurements.back().get("_id"));
  }
  if (latest_ids.size() > 0) {
    auto by_id = json::Value::object();
    by_id.set("metric_uuid", filter.get("metric_uuid"));
    if (latest_ids.size() == 1) {
      by_id.set("_id", latest_ids.at(0));
    } else {
      auto in = json::Value::object();
      in.set("$in", latest_ids);
      by_id.set("_id", in);
    }
    for (auto& whole : database.find(kMeasurements, by_id)) {
      auto& measurements = histories[whole.get_string("metric_uuid")];
      // Stored in between by someone else? Then the stripped one stays: still a measurement of the metric.
      if (!measurements.empty() && measurements.back().get("_id") == whole.get("_id"))
        measurements.back() = whole;
    }
  }
  sort_and_strip(histories);
  return histories;
}

std::vector<json::Value> all_metric_measurements(Database& database, const std::string& metric_uuid,
                                                 const std::string& max_iso_timestamp) {
  auto histories = metric_histories(database, {metric_uuid}, max_iso_timestamp);
  auto found = histories.find(metric_uuid);
  return found == histories.end() ? std::vector<json::Value>{} : std::move(found->second);
}

json::Value insert_measurement(Database& database, json::Value measurement) {
  measurement.erase("_id");
  database.insert_one(kMeasurements, measurement);
  return measurement;
}

std::vector<json::Value> measurement_changes(Database& database, const std::string& uuid,
                                             std::int64_t limit) {
  auto filter = json::Value::object();
  filter.set("delta.uuids", json::Value::string(uuid));
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": -1})");
  options.projection = json::Value::parse(R"({"delta": 1, "start": 1})");
  options.limit = limit;
  return database.find(kMeasurements, filter, options);
}

}  // namespace qta::db
