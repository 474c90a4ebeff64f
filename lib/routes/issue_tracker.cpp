// Issue tracker routes: a report's tracker settings, its options and suggestions, and new issues for metrics.
#include "model/issue_tracker.h"

#include <algorithm>

#include "db/measurements.h"
#include "db/reports.h"
#include "http/error.h"
#include "model/credentials.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "model/summary.h"
#include "model/url_check.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {

std::string metric_unit(const json::Value& metric, const datamodel::DataModel& data_model) {
  if (model::truthy(metric.get("unit"))) return model::python_str(metric.get("unit"));
  const auto* type = data_model.metric(metric.get_string("type"));
  return type != nullptr ? type->unit : "";
}

}  // namespace

http::Response post_report_issue_tracker_attribute(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  const std::string& attribute = attribute_name(context.param("tracker_attribute"));
  auto value = context.body_value(attribute);
  auto tracker = model::children(report, "issue_tracker");
  auto old_value =
      model::or_empty(attribute == "type" ? tracker.get("type") : tracker.get("parameters").get(attribute));
  if (model::python_equal(old_value, value)) return ok_response();
  if (attribute == "type") {
    tracker.set("type", value);
  } else {
    model::children(tracker, "parameters").set(attribute, value);
  }
  std::string old_text = model::python_str(old_value);
  std::string new_text = model::python_str(value);
  if (datamodel::is_issue_tracker_credential(attribute)) {
    old_text = model::masked(old_value);
    new_text = model::masked(value);
  }
  db::insert_new_reports(context.database,
                         "{user} changed the " + attribute + " of the issue tracker of report '" +
                             model::report_title(report) + "' from '" + old_text + "' to '" + new_text + "'.",
                         {report.get_string("report_uuid")}, context.author(), {report});
  auto answer = json::Value::object();
  answer.set("ok", json::Value::boolean(true));
  auto parameters = tracker.get("parameters");
  auto url = parameters.get("url");
  static const std::vector<std::string> kUrlAttributes = {"type", "url", "username", "password",
                                                          "private_token"};
  bool checks_url =
      std::find(kUrlAttributes.begin(), kUrlAttributes.end(), attribute) != kUrlAttributes.end();
  if (model::truthy(tracker.get("type")) && model::truthy(url) && url.is_string() && checks_url) {
    auto data_model = context.data_model();
    std::string validation_path = data_model->document()
                                      .get("sources")
                                      .get(tracker.get_string("type"))
                                      .get("parameters")
                                      .get("private_token")
                                      .get_string("validation_path");
    auto availability = json::Value::array();
    availability.append(model::check_url_availability(*url.as_string(), parameters, validation_path));
    answer.set("availability", availability);
  }
  return http::Response::json(answer);
}

http::Response get_report_issue_tracker_options(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  auto options = model::issue_tracker_of(report).get_options();
  options.set("ok", json::Value::boolean(true));
  return http::Response::json(options);
}

http::Response get_report_issue_tracker_suggestions(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  auto answer = json::Value::object();
  answer.set("ok", json::Value::boolean(true));
  answer.set("suggestions", model::issue_tracker_of(report).get_suggestions(context.param("query")));
  return http::Response::json(answer);
}

http::Response add_metric_issue(Context& context) {
  auto metric_url = context.body_value("metric_url");
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto data_model = context.data_model();
  std::string value = "missing";
  if (auto latest = db::latest_successful_measurement(context.database, metric_uuid)) {
    value = model::python_str(latest->get(model::metric_scale(place.metric, *data_model)).get("value"));
  }
  std::string source_names;
  std::string source_urls;
  for (const auto& [source_uuid, source] : place.metric.get("sources").items()) {
    std::string name = model::truthy(source.get("name")) ? model::python_str(source.get("name"))
                                                         : model::source_type_name(source, *data_model);
    source_names += (source_names.empty() ? "" : ", ") + name;
    auto url = source.get("parameters").get("url");
    if (model::truthy(url)) source_urls += (source_urls.empty() ? "" : ", ") + model::python_str(url);
  }
  std::string unit = metric_unit(place.metric, *data_model);
  std::string metric_name = model::metric_name(place.metric, *data_model);
  std::string summary = "Fix " + value + " " + unit + " from " + source_names;
  std::string description =
      "The metric [" + metric_name + "|" + model::python_str(metric_url) + "] in Quality-time reports " +
      value + " " + unit + " from " + source_names + "." +
      (source_urls.empty() ? "" : "\nPlease go to " + source_urls + " for more details.") + "\n";
  auto tracker = model::issue_tracker_of(place.report);
  auto created = tracker.create_issue(summary, description);
  auto answer = json::Value::object();
  if (!created.error.empty()) {
    answer.set("ok", json::Value::boolean(false));
    answer.set("error", json::Value::string(created.error));
    return http::Response::json(answer);
  }
  auto old_ids = place.metric.get("issue_ids");
  if (!old_ids.is_array()) old_ids = json::Value::array();
  std::vector<std::string> ids = {created.key};
  for (const auto& id : old_ids.elements()) ids.push_back(id.as_string().value_or(""));
  std::sort(ids.begin(), ids.end());
  auto new_ids = json::Value::array();
  for (const auto& id : ids) new_ids.append(json::Value::string(id));
  std::string old_text = model::python_str(old_ids);
  place.metric.set("issue_ids", new_ids);
  db::insert_new_reports(context.database,
                         "{user} changed the issue_ids of metric '" + metric_name + "' of subject '" +
                             model::subject_name(place.subject, *data_model) + "' in report '" +
                             model::report_title(place.report) + "' from '" + old_text + "' to '" +
                             model::python_str(new_ids) + "'.",
                         {place.report.get_string("report_uuid"), place.subject_uuid, metric_uuid},
                         context.author(), {place.report});
  answer.set("ok", json::Value::boolean(true));
  answer.set("issue_url", json::Value::string(tracker.browse_url(created.key)));
  return http::Response::json(answer);
}

}  // namespace qta::routes
