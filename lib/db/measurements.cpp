// Queries on measurements.
#include "db/measurements.h"

#include "model/date_time.h"

namespace qta::db {

std::map<std::string, std::vector<json::Value>> recent_measurements(Database& database, const std::string& max_iso_timestamp,
                                                                    const std::vector<std::string>& metric_uuids, int days,
                                                                    bool statuses_only) {
  if (metric_uuids.empty()) return {};
  std::string max = max_iso_timestamp.empty() ? model::iso_timestamp_now() : max_iso_timestamp;
  std::string min = model::minus_days(max, days);
  auto filter = json::Value::object();
  auto start = json::Value::object();
  start.set("$lte", json::Value::string(max));
  auto end = json::Value::object();
  end.set("$gte", json::Value::string(min));
  auto uuids = json::Value::array();
  for (const auto& uuid : metric_uuids) uuids.append(json::Value::string(uuid));
  auto in = json::Value::object();
  in.set("$in", uuids);
  filter.set("metric_uuid", in);
  filter.set("start", start);
  filter.set("end", end);
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": 1, "end": -1})");
  options.projection =
      statuses_only ? json::Value::parse(R"({"_id": 0, "metric_uuid": 1, "start": 1, "end": 1, "status": 1, "count.status": 1,
                                             "percentage.status": 1, "version_number.status": 1, "sources.source_uuid": 1})")
                    : json::Value::parse(R"({"_id": 0, "sources.entities": 0, "sources.entity_user_data": 0})");
  std::map<std::string, std::vector<json::Value>> by_metric;
  for (auto& measurement : database.find("measurements", filter, options)) {
    by_metric[measurement.get_string("metric_uuid")].push_back(measurement);
  }
  return by_metric;
}

std::optional<json::Value> latest_measurement(Database& database, const std::string& metric_uuid) {
  auto filter = json::Value::object();
  filter.set("metric_uuid", json::Value::string(metric_uuid));
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": -1})");
  return database.find_one("measurements", filter, options);
}

std::optional<json::Value> latest_successful_measurement(Database& database, const std::string& metric_uuid) {
  auto filter = json::Value::object();
  filter.set("metric_uuid", json::Value::string(metric_uuid));
  filter.set("has_error", json::Value::boolean(false));
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": -1})");
  return database.find_one("measurements", filter, options);
}

namespace {
json::Value no_details() {
  return json::Value::parse(R"({"_id": 0, "sources.entities": 0, "sources.entity_user_data": 0, "issue_status": 0})");
}
FindOptions oldest_first() {
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": 1, "end": -1})");
  options.projection = no_details();
  return options;
}
}  // namespace

std::vector<json::Value> measurements_in_period(Database& database, const std::string& min_iso_timestamp,
                                                const std::string& max_iso_timestamp) {
  std::string now = model::iso_timestamp_now();
  auto filter = json::Value::object();
  auto start = json::Value::object();
  start.set("$lte", json::Value::string(max_iso_timestamp.empty() ? now : max_iso_timestamp));
  auto end = json::Value::object();
  end.set("$gte", json::Value::string(min_iso_timestamp.empty() ? now : min_iso_timestamp));
  filter.set("start", start);
  filter.set("end", end);
  return database.find("measurements", filter, oldest_first());
}

std::vector<json::Value> all_metric_measurements(Database& database, const std::string& metric_uuid,
                                                 const std::string& max_iso_timestamp) {
  auto filter = json::Value::object();
  filter.set("metric_uuid", json::Value::string(metric_uuid));
  if (!max_iso_timestamp.empty()) {
    auto start = json::Value::object();
    start.set("$lte", json::Value::string(max_iso_timestamp));
    filter.set("start", start);
  }
  FindOptions newest;
  newest.sort = json::Value::parse(R"({"start": -1})");
  newest.projection = json::Value::parse(R"({"_id": 0})");
  auto latest = database.find_one("measurements", filter, newest);
  if (!latest) return {};
  auto measurements = database.find("measurements", filter, oldest_first());
  if (!measurements.empty()) measurements.pop_back();
  measurements.push_back(*latest);
  return measurements;
}

json::Value insert_measurement(Database& database, json::Value measurement) {
  measurement.erase("_id");
  database.insert_one("measurements", measurement);
  return measurement;
}

std::vector<json::Value> measurement_changes(Database& database, const std::string& uuid, std::int64_t limit) {
  auto filter = json::Value::object();
  filter.set("delta.uuids", json::Value::string(uuid));
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": -1})");
  options.projection = json::Value::parse(R"({"delta": 1, "start": 1})");
  options.limit = limit;
  return database.find("measurements", filter, options);
}

}  // namespace qta::db
