// Reports overview routes.
#include "db/reports.h"
#include "db/reports_overviews.h"
#include "html/sanitize.h"
#include "http/error.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

http::Response get_reports_overview(Context& context) {
  auto overview = db::latest_reports_overview(context.database, context.report_date());
  return http::Response::json(overview ? *overview : json::Value::object());
}

}  // namespace qta::routes

namespace qta::routes {

http::Response post_reports_overview_attribute(Context& context) {
  const std::string& attribute = attribute_name(context.param("reports_attribute"));
  auto value = context.body_value(attribute);
  if (attribute == "comment" && model::truthy(value)) {
    if (!value.is_string()) throw http::Error(http::ErrorCode::kBadRequest, "A comment must be a string.");
    value = json::Value::string(html::sanitize_html(*value.as_string()));
  }
  if (attribute == "permissions") {
    if (!value.is_object())
      throw http::Error(http::ErrorCode::kBadRequest, "Permissions must be a JSON object of lists.");
    for (const auto& [permission, users] : value.items()) {
      if (!users.is_array())
        throw http::Error(http::ErrorCode::kBadRequest, "Permission " + permission + " must be a list.");
    }
  }
  auto overview = db::latest_reports_overview(context.database).value_or(json::Value::object());
  auto old_value = overview.get(attribute);  // the raw old value: v5.8.0 does not default it here
  if (model::python_equal(old_value, value)) return ok_response();
  if (attribute == "permissions") {
    // Whoever restricts report editing keeps the right to edit reports.
    auto editors = value.get("edit_reports");
    const auth::Session& session = *context.session;
    if (editors.is_array() && editors.size() > 0) {
      bool listed = false;
      for (const auto& editor : editors.elements()) {
        listed |= editor.as_string() == session.username() || editor.as_string() == session.email();
      }
      if (!listed) editors.append(json::Value::string(session.username()));
    }
  }
  overview.set(attribute, value);
  std::string change = attribute == "layout" ? ""
                                             : " from '" + model::python_str(old_value) + "' to '" +
                                                   model::python_str(value) + "'";
  std::string description =
      attribute == "layout" ? "{user} changed the layout of the reports overview."
                            : "{user} changed the " + attribute + " of the reports overview" + change + ".";
  db::insert_new_reports_overview(context.database, description, context.author(), overview);
  return ok_response();
}

}  // namespace qta::routes
