// Changelog routes: the newest changes to everything, or to one report, subject, metric or source.
#include <algorithm>
#include <set>

#include "db/measurements.h"
#include "db/reports.h"
#include "http/error.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

std::int64_t nr_changes_of(const Context& context) {
  const std::string& text = context.param("nr_changes");
  std::size_t used = 0;
  long long count = -1;
  try {
    count = std::stoll(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || count < 0 || count > 10000) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "nr_changes must be a whole number from 0 to 10000, not '" + text + "'.");
  }
  return count;
}

json::Value change(const json::Value& delta, const json::Value& timestamp) {
  auto entry = json::Value::object();
  entry.set("delta", delta.get("description"));
  entry.set("email", json::Value::string(delta.get_string("email")));
  entry.set("timestamp", timestamp);
  return entry;
}

bool newest_first(const json::Value& a, const json::Value& b) {
  return a.get_string("timestamp") > b.get_string("timestamp");
}

// A move writes two report versions with one delta, shown once: read enough versions for `limit` changes.
constexpr std::int64_t kVersionsPerChange = 2;

http::Response changelog(Context& context, const std::string& uuid) {
  std::int64_t limit = nr_changes_of(context);
  if (limit == 0) return http::Response::json(json::Value::parse(R"({"changelog": []})"));
  std::vector<json::Value> documents = db::report_changes(context.database, uuid, limit * kVersionsPerChange);
  if (uuid.empty()) {
    auto overview_changes = db::reports_overview_changes(context.database, limit * kVersionsPerChange);
    documents.insert(documents.end(), overview_changes.begin(), overview_changes.end());
  }
  std::stable_sort(documents.begin(), documents.end(), newest_first);
  // A move writes two reports with one delta: show it once.
  std::vector<json::Value> changes;
  std::set<std::string> seen;
  for (const auto& document : documents) {
    auto delta = document.get("delta");
    std::string key = document.get_string("timestamp") + "\n" + delta.get("uuids").dump() + "\n" +
                      delta.get_string("description");
    if (!seen.insert(key).second) continue;
    changes.push_back(change(delta, document.get("timestamp")));
    if (static_cast<std::int64_t>(changes.size()) == limit) break;
  }
  if (!uuid.empty()) {
    // Measurement changes first, so that they go first among changes of the same second, as in v5.8.0.
    std::vector<json::Value> merged;
    for (const auto& measurement : db::measurement_changes(context.database, uuid, limit)) {
      merged.push_back(change(measurement.get("delta"), measurement.get("start")));
    }
    merged.insert(merged.end(), changes.begin(), changes.end());
    changes = std::move(merged);
    std::stable_sort(changes.begin(), changes.end(), newest_first);
    if (static_cast<std::int64_t>(changes.size()) > limit) changes.resize(static_cast<std::size_t>(limit));
  }
  auto list = json::Value::array();
  for (const auto& entry : changes) list.append(entry);
  auto body = json::Value::object();
  body.set("changelog", list);
  return http::Response::json(body);
}

}  // namespace

http::Response get_changelog(Context& context) { return changelog(context, ""); }
http::Response get_report_changelog(Context& context) {
  return changelog(context, context.param("report_uuid"));
}
http::Response get_subject_changelog(Context& context) {
  return changelog(context, context.param("subject_uuid"));
}
http::Response get_metric_changelog(Context& context) {
  return changelog(context, context.param("metric_uuid"));
}
http::Response get_source_changelog(Context& context) {
  return changelog(context, context.param("source_uuid"));
}

}  // namespace qta::routes
