// Notification destination routes: create, delete, change attributes.
#include <set>

#include "crypto/random.h"
#include "db/reports.h"
#include "http/error.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {
std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) text += (i > 0 ? "' and '" : "") + parts[i];
  return text;
}
}  // namespace

http::Response post_new_notification_destination(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  auto report_url = context.body_value("report_url");
  std::string destination_uuid = crypto::uuid4();
  auto destination = json::Value::object();
  destination.set("webhook", json::Value::string(""));
  destination.set("name", json::Value::string("Microsoft Teams webhook"));
  destination.set("sleep_duration", json::Value::integer(0));
  destination.set("report_url", report_url);
  model::append_child(report, "notification_destinations", destination_uuid, destination);
  db::insert_new_reports(
      context.database,
      "{user} created a new destination for notifications in report '" + model::report_title(report) + "'.",
      {report.get_string("report_uuid"), destination_uuid}, context.author(), {report});
  return ok_response("new_destination_uuid", destination_uuid);
}

http::Response delete_notification_destination(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  const std::string& destination_uuid = context.param("notification_destination_uuid");
  auto destination = load_notification_destination(report, destination_uuid);
  model::remove_child(report, "notification_destinations", destination_uuid);
  db::insert_new_reports(context.database,
                         "{user} deleted destination " + model::python_str(destination.get("name")) +
                             " from report '" + model::report_title(report) + "'.",
                         {report.get_string("report_uuid"), destination_uuid}, context.author(), {report});
  return ok_response();
}

http::Response post_notification_destination_attributes(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  const std::string& destination_uuid = context.param("notification_destination_uuid");
  auto destination = load_notification_destination(report, destination_uuid);
  auto attributes = context.body_object();
  std::string name = model::python_str(destination.get("name"));
  std::vector<std::string> keys;
  std::vector<std::string> old_values;
  std::vector<std::string> new_values;
  for (const auto& [key, value] : attributes.items()) {
    attribute_name(key);
    if (!value.is_string()) {
      throw http::Error(http::ErrorCode::kBadRequest,
                        "Notification destination attribute '" + key + "' must be a string.");
    }
    keys.push_back(key);
    old_values.push_back(model::python_str(model::or_empty(destination.get(key))));
    new_values.push_back(*value.as_string());
    destination.set(key, value);
  }
  // v5.8.0 compares the sets of old and new values.
  if (std::set<std::string>(old_values.begin(), old_values.end()) ==
      std::set<std::string>(new_values.begin(), new_values.end())) {
    return ok_response();
  }
  db::insert_new_reports(context.database,
                         "{user} changed the '" + joined(keys) + "' of notification destination '" + name +
                             "' in report '" + model::report_title(report) + "' from '" + joined(old_values) +
                             "' to '" + joined(new_values) + "'.",
                         {report.get_string("report_uuid"), destination_uuid}, context.author(), {report});
  return ok_response();
}

}  // namespace qta::routes
