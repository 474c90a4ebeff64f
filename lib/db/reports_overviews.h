#pragma once
// The `reports_overviews` collection: versioned documents, the newest one in force.

#include <optional>
#include <string>

#include "db/database.h"
#include "json/json.h"

namespace qta::db {

// The newest reports overview at or before max_iso_timestamp ("" for now), "_id" as a hex string.
std::optional<json::Value> latest_reports_overview(Database& database,
                                                   const std::string& max_iso_timestamp = "");

}  // namespace qta::db
