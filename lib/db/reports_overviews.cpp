// Queries on reports_overviews.
#include "db/reports_overviews.h"

#include "db/bson.h"

namespace qta::db {

std::optional<json::Value> latest_reports_overview(Database& database, const std::string& max_iso_timestamp) {
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

}  // namespace qta::db
