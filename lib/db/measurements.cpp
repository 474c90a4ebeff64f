// Queries on measurements.
#include "db/measurements.h"

#include "model/date_time.h"

namespace qta::db {

std::map<std::string, std::vector<json::Value>> recent_measurements(Database& database, const std::string& max_iso_timestamp,
                                                                    int days) {
  std::string max = max_iso_timestamp.empty() ? model::iso_timestamp_now() : max_iso_timestamp;
  std::string min = model::minus_days(max, days);
  auto filter = json::Value::object();
  auto start = json::Value::object();
  start.set("$lte", json::Value::string(max));
  auto end = json::Value::object();
  end.set("$gte", json::Value::string(min));
  filter.set("start", start);
  filter.set("end", end);
  FindOptions options;
  options.sort = json::Value::parse(R"({"start": 1, "end": -1})");
  options.projection = json::Value::parse(R"({"_id": 0, "sources.entities": 0, "sources.entity_user_data": 0})");
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
