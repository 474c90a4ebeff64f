// Queries on reports_overviews.
#include "db/reports_overviews.h"

#include "db/bson.h"
#include "db/read_cache.h"

namespace qta::db {

namespace {

std::optional<json::Value> read_latest_reports_overview(Database& database,
                                                        const std::string& max_iso_timestamp) {
  FindOptions options;
  options.sort = json::Value::parse(R"({"timestamp": -1, "_id": -1})");
  auto filter = json::Value::object();
  if (!max_iso_timestamp.empty()) {
    auto at_or_before = json::Value::object();
    at_or_before.set("$lte", json::Value::string(max_iso_timestamp));
    filter.set("timestamp", at_or_before);
  }
  auto overview = database.find_one("reports_overviews", filter, options);
  if (overview) stringify_id(*overview);
  return overview;
}

}  // namespace

std::optional<json::Value> latest_reports_overview(Database& database, const std::string& max_iso_timestamp) {
  auto& cache = database.read_cache();
  // Only the current one is kept: it is read by every request that checks a permission.
  if (!cache.enabled() || !max_iso_timestamp.empty())
    return read_latest_reports_overview(database, max_iso_timestamp);
  auto overview = cached_read<std::optional<json::Value>>(
      cache, cache.token(database, Cached::kReportsOverviews), Cached::kReportsOverviews, "latest",
      [&] { return read_latest_reports_overview(database, ""); },
      [](const std::optional<json::Value>& value) { return value ? estimated_memory(*value) : 0; });
  if (!*overview) return std::nullopt;
  return (*overview)->deep_copy();  // callers change it (overview edits)
}

}  // namespace qta::db
