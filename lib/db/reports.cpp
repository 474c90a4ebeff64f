// Versioned storage of reports and reports overviews.
//
// Writing a version is two database calls: insert the new version with `last: true`, then take `last`
// off every version of that report that is older than the newest one carrying it. At every instant in
// between (and after a crash or a database outage in between), each report has its newest version
// flagged, so the reads below, which pick the newest of the flagged versions, never lose a report.
#include "db/reports.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/date_time.h"
#include "base/log.h"
#include "db/bson.h"
#include "db/read_cache.h"
#include "http/error.h"

namespace qta::db {

namespace {

constexpr const char* kReports = "reports";

FindOptions newest_first(std::int64_t limit = 0) {
  FindOptions options;
  // Versions stored within the same second: the later insert (higher ObjectId) is the newer one.
  options.sort = json::Value::parse(R"({"timestamp": -1, "_id": -1})");
  options.limit = limit;
  return options;
}

json::Value delta(const std::string& description, std::vector<std::string> uuids, const Author& author) {
  std::string text = description;
  if (auto at = text.find("{user}"); at != std::string::npos) text.replace(at, 6, author.name);
  std::sort(uuids.begin(), uuids.end());
  uuids.erase(std::unique(uuids.begin(), uuids.end()), uuids.end());
  auto uuid_array = json::Value::array();
  for (const auto& uuid : uuids) uuid_array.append(json::Value::string(uuid));
  auto result = json::Value::object();
  result.set("description", json::Value::string(text));
  result.set("email", json::Value::string(author.email));
  result.set("uuids", uuid_array);
  return result;
}

json::Value uuid_filter(const std::vector<std::string>& report_uuids) {
  auto filter = json::Value::object();
  if (report_uuids.size() == 1) {
    // Plain equality: the filter the database can serve best.
    filter.set("report_uuid", json::Value::string(report_uuids.front()));
  } else {
    auto any = json::Value::array();
    for (const auto& uuid : report_uuids) any.append(json::Value::string(uuid));
    auto in = json::Value::object();
    in.set("$in", any);
    filter.set("report_uuid", in);
  }
  return filter;
}

json::Value id_in(const std::vector<json::Value>& ids) {
  auto any = json::Value::array();
  for (const auto& id : ids) any.append(id);
  auto in = json::Value::object();
  in.set("$in", any);
  auto filter = json::Value::object();
  filter.set("_id", in);
  return filter;
}

// Takes `last` off versions that a newer flagged version supersedes. Safe for anyone to do at any time:
// only versions older than another stored version lose the flag, so the newest keeps it. A failure is
// logged, not raised: what is stored stays readable, and the next writer or reader of the report retries.
void retire(Database& database, const std::vector<json::Value>& superseded_ids) {
  if (superseded_ids.empty()) return;
  try {
    database.update_many(kReports, id_in(superseded_ids), json::Value::parse(R"({"$unset": {"last": ""}})"));
  } catch (const http::Error& error) {
    base::log_warning(
        "could not take 'last' off {} superseded report version(s), left for the next write or read: {}",
        superseded_ids.size(), error.what());
  }
}

// The newest flagged version of each report; older flagged ones (left by a write in progress or an
// interrupted one) are retired on the way.
NewestVersions flagged_versions(Database& database, json::Value filter, const FindOptions& options = {}) {
  filter.set("last", json::Value::boolean(true));
  auto versions = pick_newest_versions(database.find(kReports, filter, options));
  retire(database, versions.superseded_ids);
  return versions;
}

std::vector<json::Value> without_deleted(std::vector<json::Value> reports) {
  std::erase_if(reports, [](const json::Value& report) { return report.get("deleted").present(); });
  return reports;
}

using Versions = std::vector<json::Value>;

std::size_t memory_of(const Versions& versions) {
  std::size_t bytes = 0;
  for (const auto& version : versions) bytes += estimated_memory(version);
  return bytes;
}

// The newest flagged version of every report, deleted ones included (latest_report needs to know),
// through the read cache: one entry for all reports, because the routes that read reports mostly need
// them all, and where FerretDB reads the whole collection for any filter, one report costs the same read.
std::shared_ptr<const Versions> cached_newest_versions(Database& database, const ChangeToken& token) {
  return cached_read<Versions>(
      database.read_cache(), token, Cached::kReports, "newest",
      [&] { return flagged_versions(database, json::Value::object()).newest; }, memory_of);
}

// The cached documents themselves, not copies (see shared_current_reports).
std::vector<json::Value> shared_versions_not_deleted(Database& database) {
  auto& cache = database.read_cache();
  if (!cache.enabled()) return without_deleted(flagged_versions(database, json::Value::object()).newest);
  auto newest = cached_newest_versions(database, cache.token(database, Cached::kReports));
  std::vector<json::Value> reports;
  for (const auto& version : *newest) {
    if (!version.get("deleted").present()) reports.push_back(version);
  }
  return reports;
}

// Callers change what they get (edits store a changed copy): cached values leave as deep copies.
std::vector<json::Value> latest_versions_not_deleted(Database& database) {
  auto reports = shared_versions_not_deleted(database);
  for (auto& report : reports) report = report.deep_copy();
  return reports;
}

std::optional<json::Value> uncached_latest_report(Database& database, const std::string& report_uuid) {
  // Deleted only counts when it is the newest version: filtering deleted ones first would bring back
  // the version before the deletion.
  auto reports = without_deleted(flagged_versions(database, uuid_filter({report_uuid})).newest);
  if (reports.empty()) return std::nullopt;
  return reports.front();
}

void sort_by_report_uuid(std::vector<json::Value>& reports) {
  std::stable_sort(reports.begin(), reports.end(), [](const json::Value& a, const json::Value& b) {
    return a.get_string("report_uuid") < b.get_string("report_uuid");
  });
}

}  // namespace

bool is_newer_version(const json::Value& version, const json::Value& other) {
  return is_later_document(version, other, "timestamp");
}

NewestVersions pick_newest_versions(std::vector<json::Value> versions) {
  NewestVersions result;
  std::map<std::string, std::size_t> index_of_report;
  for (auto& version : versions) {
    auto [at, is_first] =
        index_of_report.try_emplace(version.get_string("report_uuid"), result.newest.size());
    if (is_first) {
      result.newest.push_back(std::move(version));
      continue;
    }
    json::Value& kept = result.newest[at->second];
    if (is_newer_version(version, kept)) std::swap(version, kept);
    result.superseded_ids.push_back(version.get("_id"));
  }
  return result;
}

// Readers here return one version per report even while two carry `last`. v5.8.0's collector and
// notifier (find({last: true, deleted: {$exists: false}})) may meet both during the milliseconds between
// the two steps of a write, or after an interrupted write until our next write or read of the report.
// The collector keys metrics by uuid, so it measures each metric once, from either version; the notifier
// walks reports, so in that cycle it may notify a destination of that report twice. v5.8.0's own order
// had the opposite window (no version flagged: the report skipped, or lost for good).
std::vector<json::Value> latest_reports(Database& database) { return latest_versions_not_deleted(database); }

std::optional<json::Value> latest_report(Database& database, const std::string& report_uuid) {
  auto& cache = database.read_cache();
  if (!cache.enabled()) return uncached_latest_report(database, report_uuid);
  ChangeToken token = cache.token(database, Cached::kReports);
  if (token.present()) {
    // All reports are often at hand already (report GET, edits); else one report is read and kept alone.
    // All of them past their age are left for latest_reports to read again.
    if (auto all = cache.find<Versions>(Cached::kReports, "newest", token, false)) {
      for (const auto& version : *all) {
        if (version.get_string("report_uuid") != report_uuid) continue;
        if (version.get("deleted").present()) return std::nullopt;
        return version.deep_copy();
      }
      return std::nullopt;
    }
  }
  auto report = cached_read<std::optional<json::Value>>(
      cache, token, Cached::kReports, "report " + report_uuid,
      [&] { return uncached_latest_report(database, report_uuid); },
      [](const std::optional<json::Value>& value) { return value ? estimated_memory(*value) : 0; });
  if (!*report) return std::nullopt;
  return (*report)->deep_copy();
}

std::vector<json::Value> shared_current_reports(Database& database) {
  auto reports = shared_versions_not_deleted(database);
  sort_by_report_uuid(reports);
  return reports;
}

std::vector<json::Value> reports_as_of(Database& database, const std::string& max_iso_timestamp) {
  std::vector<json::Value> reports;
  if (max_iso_timestamp.empty()) {
    // The newest version of each report is the newest flagged one (see the top of this file).
    reports = latest_versions_not_deleted(database);
  } else {
    // Two reads, whatever the number of reports and versions: the keys of every version up to the date,
    // then the whole documents of the newest ones only.
    auto at_or_before = json::Value::object();
    at_or_before.set("$lte", json::Value::string(max_iso_timestamp));
    auto filter = json::Value::object();
    filter.set("timestamp", at_or_before);
    FindOptions keys_only;
    keys_only.projection = json::Value::parse(R"({"report_uuid": 1, "timestamp": 1, "deleted": 1})");
    std::vector<json::Value> newest_ids;
    for (const auto& version :
         without_deleted(pick_newest_versions(database.find(kReports, filter, keys_only)).newest)) {
      newest_ids.push_back(version.get("_id"));
    }
    if (!newest_ids.empty()) reports = database.find(kReports, id_in(newest_ids));
  }
  // v5.8.0 lists the reports in the order of the distinct report uuids, which the database sorts.
  sort_by_report_uuid(reports);
  return reports;
}

bool report_exists(Database& database, const std::string& report_uuid) {
  return database.count(kReports, uuid_filter({report_uuid})) > 0;
}

void restore_latest_flags(Database& database) {
  FindOptions keys_only;
  keys_only.projection = json::Value::parse(R"({"report_uuid": 1, "timestamp": 1})");
  std::set<std::string> flagged;
  for (const auto& version : flagged_versions(database, json::Value::object(), keys_only).newest) {
    flagged.insert(version.get_string("report_uuid"));
  }
  std::vector<std::string> unflagged;
  for (const auto& uuid : database.distinct(kReports, "report_uuid", json::Value::object())) {
    if (uuid.is_string() && !flagged.contains(*uuid.as_string())) unflagged.push_back(*uuid.as_string());
  }
  if (unflagged.empty()) return;
  std::vector<json::Value> newest_ids;
  for (const auto& version :
       pick_newest_versions(database.find(kReports, uuid_filter(unflagged), keys_only)).newest) {
    newest_ids.push_back(version.get("_id"));
  }
  ChangeNote note(database, Cached::kReports);
  database.update_many(kReports, id_in(newest_ids), json::Value::parse(R"({"$set": {"last": true}})"));
  base::log_warning("flagged the newest version of {} report(s) that had no version with 'last'",
                    newest_ids.size());
}

void insert_new_reports(Database& database, const std::string& description, std::vector<std::string> uuids,
                        const Author& author, std::vector<json::Value> reports) {
  ChangeNote note(database, Cached::kReports);
  std::string now = base::iso_timestamp_now();
  auto shared_delta = delta(description, std::move(uuids), author);
  std::vector<std::string> report_uuids;
  for (auto& report : reports) {
    report.erase("_id");
    report.set("timestamp", json::Value::string(now));
    report.set("delta", shared_delta.deep_copy());
    report.set("last", json::Value::boolean(true));
    report_uuids.push_back(report.get_string("report_uuid"));
  }
  // One insert per report, in the caller's order: a move stores the report that gains the item first,
  // so an interruption before the second insert shows the item twice rather than nowhere.
  for (const auto& report : reports) database.insert_one_ordered(kReports, report);
  // The edit is stored: from here on a failure must not turn into an error answer (the client would
  // repeat an edit that is already there); the older flagged versions wait for the next write or read.
  try {
    FindOptions keys_only;
    keys_only.projection = json::Value::parse(R"({"report_uuid": 1, "timestamp": 1})");
    flagged_versions(database, uuid_filter(report_uuids), keys_only);
  } catch (const http::Error& error) {
    base::log_warning("stored a new version of report {} but could not retire the older ones yet: {}",
                      report_uuids.front(), error.what());
  }
}

void insert_new_reports_overview(Database& database, const std::string& description, const Author& author,
                                 json::Value overview) {
  ChangeNote note(database, Cached::kReportsOverviews);
  // No flag to move: one insert, and readers take the newest version by (timestamp, _id).
  overview.erase("_id");
  overview.set("timestamp", json::Value::string(base::iso_timestamp_now()));
  overview.set("delta", delta(description, {}, author));
  database.insert_one_ordered("reports_overviews", overview);
}
std::vector<json::Value> report_changes(Database& database, const std::string& uuid, std::int64_t limit) {
  auto filter = json::Value::object();
  filter.set("delta", json::Value::parse(R"({"$exists": true})"));
  if (!uuid.empty()) {
    // The legacy form (delta.<kind>_uuid) and the current one (delta.uuids).
    auto any = json::Value::array();
    for (const char* field : {"delta.report_uuid", "delta.subject_uuid", "delta.metric_uuid",
                              "delta.source_uuid", "delta.uuids"}) {
      auto clause = json::Value::object();
      clause.set(field, json::Value::string(uuid));
      any.append(clause);
    }
    filter.set("$or", any);
  }
  FindOptions options = newest_first(limit);
  options.projection = json::Value::parse(R"({"delta": 1, "timestamp": 1})");
  return database.find(kReports, filter, options);
}

std::vector<json::Value> reports_overview_changes(Database& database, std::int64_t limit) {
  FindOptions options = newest_first(limit);
  options.projection = json::Value::parse(R"({"delta": 1, "timestamp": 1})");
  return database.find("reports_overviews", json::Value::parse(R"({"delta": {"$exists": true}})"), options);
}

}  // namespace qta::db
