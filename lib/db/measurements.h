#pragma once
// The `measurements` collection, written by the collector (and by the API for entity edits).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "json/json.h"

namespace qta::db {

// Measurements that overlap the week before max_iso_timestamp ("" for now), without _id and source
// entities, oldest first, grouped by metric uuid.
// Only measurements of `metric_uuids` are read: one query, using the {metric_uuid, start} index.
// With `statuses_only`, only what status counts need is read (start, end, statuses and source uuids).
std::map<std::string, std::vector<json::Value>> recent_measurements(Database& database, const std::string& max_iso_timestamp,
                                                                    const std::vector<std::string>& metric_uuids, int days = 7,
                                                                    bool statuses_only = false);
std::optional<json::Value> latest_measurement(Database& database, const std::string& metric_uuid);
std::optional<json::Value> latest_successful_measurement(Database& database, const std::string& metric_uuid);
// Measurements overlapping [min, max] ("" for now), oldest first, without _id, entities, user data and issue status.
std::vector<json::Value> measurements_in_period(Database& database, const std::string& min_iso_timestamp,
                                                const std::string& max_iso_timestamp);
// All measurements of a metric up to max ("" for all), oldest first and stripped, the last one whole.
std::vector<json::Value> all_metric_measurements(Database& database, const std::string& metric_uuid,
                                                 const std::string& max_iso_timestamp);
// Stores a new measurement (its _id is made by the driver) and returns it without _id.
json::Value insert_measurement(Database& database, json::Value measurement);

// Measurements whose delta concerns `uuid` (entity edits), newest first, only their delta and start.
std::vector<json::Value> measurement_changes(Database& database, const std::string& uuid, std::int64_t limit);

}  // namespace qta::db
