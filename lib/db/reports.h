#pragma once
// The `reports` collection: every change is a new, complete version of a report; the newest version
// of each report has `last: true`; deleted reports get a version with `deleted: "true"`. This module is
// the only writer of `reports` and `reports_overviews`.

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "json/json.h"

namespace qta::db {

// Who made a change, for the delta: the name replaces "{user}" in the description.
struct Author {
  std::string name;   // display name; "An operator" when unknown
  std::string email;  // "" when unknown
};

// The latest, undeleted version of every report, in natural order.
std::vector<json::Value> latest_reports(Database& database);
std::optional<json::Value> latest_report(Database& database, const std::string& report_uuid);
// The newest version of each report at or before max_iso_timestamp ("" for now), deleted ones left out,
// in the order of the distinct report uuids.
std::vector<json::Value> reports_as_of(Database& database, const std::string& max_iso_timestamp);
// True when any version of the report exists, deleted ones included.
bool report_exists(Database& database, const std::string& report_uuid);

// Stores new versions of one or more reports with one shared delta. `description` contains "{user}";
// its first occurrence is replaced by the author's name (no other formatting: braces in values stay).
void insert_new_reports(Database& database, const std::string& description, std::vector<std::string> uuids,
                        const Author& author, std::vector<json::Value> reports);
// Stores a new version of the reports overview.
void insert_new_reports_overview(Database& database, const std::string& description, const Author& author,
                                 json::Value overview);

// Changelog support: the newest report (and overview) versions with a delta that concerns `uuid`
// (any version for an empty uuid), at most `limit`, newest first.
std::vector<json::Value> report_changes(Database& database, const std::string& uuid, std::int64_t limit);
std::vector<json::Value> reports_overview_changes(Database& database, std::int64_t limit);

}  // namespace qta::db
