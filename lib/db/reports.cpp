// Versioned storage of reports and reports overviews.
#include "db/reports.h"

#include <algorithm>

#include "db/bson.h"
#include "model/date_time.h"

namespace qta::db {

namespace {

constexpr const char* kReports = "reports";

json::Value latest_filter() { return json::Value::parse(R"({"last": true, "deleted": {"$exists": false}})"); }

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

}  // namespace

std::vector<json::Value> latest_reports(Database& database) { return database.find(kReports, latest_filter()); }

std::optional<json::Value> latest_report(Database& database, const std::string& report_uuid) {
  auto filter = latest_filter();
  filter.set("report_uuid", json::Value::string(report_uuid));
  return database.find_one(kReports, filter);
}

std::vector<json::Value> reports_as_of(Database& database, const std::string& max_iso_timestamp) {
  auto filter = json::Value::object();
  if (!max_iso_timestamp.empty()) {
    auto at_or_before = json::Value::object();
    at_or_before.set("$lte", json::Value::string(max_iso_timestamp));
    filter.set("timestamp", at_or_before);
  }
  std::vector<json::Value> reports;
  for (const auto& uuid : database.distinct(kReports, "report_uuid", filter)) {
    auto per_report = filter.deep_copy();
    per_report.set("report_uuid", uuid);
    auto report = database.find_one(kReports, per_report, newest_first());
    if (report && !report->get("deleted").present()) reports.push_back(*report);
  }
  return reports;
}

bool report_exists(Database& database, const std::string& report_uuid) {
  auto filter = json::Value::object();
  filter.set("report_uuid", json::Value::string(report_uuid));
  return database.count(kReports, filter) > 0;
}

void insert_new_reports(Database& database, const std::string& description, std::vector<std::string> uuids,
                        const Author& author, std::vector<json::Value> reports) {
  std::string now = model::iso_timestamp_now();
  auto shared_delta = delta(description, std::move(uuids), author);
  auto report_uuids = json::Value::array();
  for (auto& report : reports) {
    report.erase("_id");
    report.set("timestamp", json::Value::string(now));
    report.set("delta", shared_delta.deep_copy());
    report.set("last", json::Value::boolean(true));
    report_uuids.append(report.get("report_uuid"));
  }
  // As v5.8.0: first take the flag off the old versions, then insert. Not atomic; a reader in between
  // sees no latest version for a moment, and a crash in between is repaired by the next write.
  auto in = json::Value::object();
  in.set("$in", report_uuids);
  auto filter = json::Value::object();
  filter.set("report_uuid", in);
  filter.set("last", json::Value::parse(R"({"$exists": true})"));
  database.update_many(kReports, filter, json::Value::parse(R"({"$unset": {"last": ""}})"));
  for (const auto& report : reports) database.insert_one_ordered(kReports, report);
}

void insert_new_reports_overview(Database& database, const std::string& description, const Author& author,
                                 json::Value overview) {
  overview.erase("_id");
  overview.set("timestamp", json::Value::string(model::iso_timestamp_now()));
  overview.set("delta", delta(description, {}, author));
  database.insert_one_ordered("reports_overviews", overview);
}

std::vector<json::Value> report_changes(Database& database, const std::string& uuid, std::int64_t limit) {
  auto filter = json::Value::object();
  filter.set("delta", json::Value::parse(R"({"$exists": true})"));
  if (!uuid.empty()) {
    // The legacy form (delta.<kind>_uuid) and the current one (delta.uuids).
    auto any = json::Value::array();
    for (const char* field : {"delta.report_uuid", "delta.subject_uuid", "delta.metric_uuid", "delta.source_uuid",
                              "delta.uuids"}) {
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
