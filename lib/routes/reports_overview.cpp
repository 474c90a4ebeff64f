// Reports overview routes.
#include "db/bson.h"
#include "routes/handlers.h"

namespace qta::routes {

http::Response get_reports_overview(Context& context) {
  db::FindOptions options;
  options.sort = json::Value::parse(R"({"timestamp": -1})");
  auto filter = json::Value::object();
  if (auto date = context.report_date(); !date.empty()) {
    auto at_or_before = json::Value::object();
    at_or_before.set("$lte", json::Value::string(date));
    filter.set("timestamp", at_or_before);
  }
  auto overview = context.database.find_one("reports_overviews", filter, options);
  if (!overview) return http::Response::json(json::Value::object());
  db::stringify_id(*overview);
  return http::Response::json(*overview);
}

}  // namespace qta::routes
