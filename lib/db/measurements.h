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
std::map<std::string, std::vector<json::Value>> recent_measurements(Database& database, const std::string& max_iso_timestamp,
                                                                    int days = 7);
std::optional<json::Value> latest_measurement(Database& database, const std::string& metric_uuid);
std::optional<json::Value> latest_successful_measurement(Database& database, const std::string& metric_uuid);
// Measurements whose delta concerns `uuid` (entity edits), newest first, only their delta and start.
std::vector<json::Value> measurement_changes(Database& database, const std::string& uuid, std::int64_t limit);

}  // namespace qta::db
