#pragma once
// The `reports` collection: every change is a new, complete version of a report; deleted reports get a
// version with `deleted: "true"`. This module is the only writer of `reports` and `reports_overviews`.
//
// Versions are ordered by (timestamp, _id): within one second the later insert is newer, because the
// database makes the ObjectIds. The newest version of a report always carries `last: true`; older ones
// lose it right after a new version is stored, but may keep it for a while after an interrupted write.
// So readers take the newest flagged version of each report, and the report is deleted when that one is.

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

// The latest version of every report that is not deleted, one per report, in natural order.
std::vector<json::Value> latest_reports(Database& database);
std::optional<json::Value> latest_report(Database& database, const std::string& report_uuid);
// The newest version of each report at or before max_iso_timestamp ("" for now), deleted ones left out,
// ordered by report uuid (v5.8.0's order of the distinct uuids). At most two reads.
std::vector<json::Value> reports_as_of(Database& database, const std::string& max_iso_timestamp);
// reports_as_of now, without copying: while the read cache is on, these are the documents it holds,
// shared by every request of the worker, so nothing may change them (deep_copy() first).
std::vector<json::Value> shared_current_reports(Database& database);
// True when any version of the report exists, deleted ones included.
bool report_exists(Database& database, const std::string& report_uuid);

// Start-up repair of what v5.8.0's write order can leave (the old version unflagged, the new one never
// stored): flags the newest version of every report that has no flagged version. Three reads at most.
void restore_latest_flags(Database& database);

// Stores new versions of one or more reports with one shared delta, in the given order (put the report
// that gains something first). Throws http::Error (503) when a version could not be stored; once all
// are stored it returns normally, even if retiring the older versions failed. `description` contains
// "{user}"; its first occurrence is replaced by the author's name (no other formatting: braces in values
// stay).
void insert_new_reports(Database& database, const std::string& description, std::vector<std::string> uuids,
                        const Author& author, std::vector<json::Value> reports);
// Stores a new version of the reports overview.
void insert_new_reports_overview(Database& database, const std::string& description, const Author& author,
                                 json::Value overview);

// Changelog support: the newest report (and overview) versions with a delta that concerns `uuid`
// (any version for an empty uuid), at most `limit`, newest first.
std::vector<json::Value> report_changes(Database& database, const std::string& uuid, std::int64_t limit);
std::vector<json::Value> reports_overview_changes(Database& database, std::int64_t limit);

// The read rule, for the functions above and their tests.
// True when `version` is newer than `other`: later timestamp, or the same one and a higher ObjectId.
bool is_newer_version(const json::Value& version, const json::Value& other);
struct NewestVersions {
  std::vector<json::Value> newest;          // per report_uuid, in order of first appearance
  std::vector<json::Value> superseded_ids;  // the _ids of the others
};
NewestVersions pick_newest_versions(std::vector<json::Value> versions);

}  // namespace qta::db
