// Reports overview routes.
#include "db/reports_overviews.h"
#include "routes/handlers.h"

namespace qta::routes {

http::Response get_reports_overview(Context& context) {
  auto overview = db::latest_reports_overview(context.database, context.report_date());
  return http::Response::json(overview ? *overview : json::Value::object());
}

}  // namespace qta::routes
