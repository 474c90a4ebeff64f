// Source routes: create, copy, move, delete, change attributes and parameters (with mass editing).
#include <algorithm>
#include <set>

#include "crypto/random.h"
#include "db/reports.h"
#include "http/error.h"
#include "model/credentials.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "model/source_parameter_edit.h"
#include "model/url_check.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {

std::string of_metric(const model::MetricPlace& place, const datamodel::DataModel& data_model) {
  return "metric '" + model::metric_name(place.metric, data_model) + "' of subject '" +
         model::subject_name(place.subject, data_model) + "'";
}

// Any source type of the data model may be added to any metric, as in v5.8.0 (the frontend offers the
// supported ones first, but a user may pick another); an unknown type is refused.
const datamodel::SourceType& source_type_or_400(const json::Value& type,
                                                const datamodel::DataModel& data_model) {
  const auto* source_type = type.is_string() ? data_model.source(*type.as_string()) : nullptr;
  if (source_type == nullptr)
    throw http::Error(http::ErrorCode::kBadRequest, "Unknown source type " + model::python_str(type) + ".");
  return *source_type;
}

// The availability checks v5.8.0 runs after a parameter change: every URL parameter that is the edited
// parameter, or that lists it in validate_on, and has a value.
json::Value availability_checks(const std::string& source_uuid, const json::Value& source,
                                const std::string& parameter_key, const datamodel::DataModel& data_model) {
  auto checks = json::Value::array();
  auto parameters = data_model.document().get("sources").get(source.get_string("type")).get("parameters");
  std::string validation_path = parameters.get("private_token").get_string("validation_path");
  auto values = source.get("parameters");
  for (const auto& [key, parameter] : parameters.items()) {
    bool validates_on = false;
    for (const auto& trigger : parameter.get("validate_on").elements())
      validates_on |= trigger.as_string() == parameter_key;
    if (!((parameter.get_string("type") == "url" && key == parameter_key) || validates_on)) continue;
    auto url = values.get(key);
    if (!model::truthy(url) || !url.is_string()) continue;
    auto check = model::check_url_availability(*url.as_string(), values, validation_path);
    check.set("parameter_key", json::Value::string(key));
    check.set("source_uuid", json::Value::string(source_uuid));
    checks.append(check);
  }
  return checks;
}

model::EditScope edit_scope_or_400(const json::Value& given) {
  std::string name = given.as_string().value_or("source");
  auto scope = model::edit_scope_from_name(name);
  if (!scope) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "Unknown edit_scope '" + name + "'; use source, metric, subject, report or reports.");
  }
  return *scope;
}

const datamodel::Parameter& parameter_or_400(const json::Value& source, const std::string& key,
                                             const datamodel::DataModel& data_model) {
  std::string source_type = source.get_string("type");
  const auto* type = data_model.source(source_type);
  const auto* parameter = type != nullptr ? type->parameter(key) : nullptr;
  if (parameter == nullptr) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "Source type " + source_type + " has no parameter " + key + ".");
  }
  return *parameter;
}

bool allowed(const datamodel::Parameter& parameter, const std::string& value) {
  return std::find(parameter.values.begin(), parameter.values.end(), value) != parameter.values.end();
}

// The value to store, or 400 when it has the wrong type or is no choice of a single choice parameter. Values
// that a multiple choice parameter does not know are dropped, the order of the others kept.
json::Value checked_parameter_value(const datamodel::Parameter& parameter, const json::Value& value,
                                    const std::string& source_type) {
  const std::string& key = parameter.key;
  bool list_type = parameter.type == "multiple_choice" || parameter.type == "multiple_choice_with_addition";
  if (list_type && !value.is_array()) {
    throw http::Error(http::ErrorCode::kBadRequest, "Parameter " + key + " takes a list of values.");
  }
  if (!list_type && !value.is_string()) {
    throw http::Error(http::ErrorCode::kBadRequest, "Parameter " + key + " takes a string.");
  }
  if (parameter.type == "single_choice" && !allowed(parameter, *value.as_string())) {
    throw http::Error(http::ErrorCode::kBadRequest, "Invalid value '" + *value.as_string() +
                                                        "' for parameter " + key + " of source type " +
                                                        source_type + ".");
  }
  if (parameter.type != "multiple_choice") return value;
  auto known = json::Value::array();
  for (const auto& element : value.elements()) {
    if (allowed(parameter, element.as_string().value_or("\x01"))) known.append(element);
  }
  return known;
}

// v5.8.0's description of a parameter edit: which sources, where, from which value to which.
std::string parameter_edit_description(const model::SourcePlace& place, model::EditScope scope,
                                       const std::string& key, const json::Value& old_value,
                                       const json::Value& new_value, const datamodel::DataModel& data_model) {
  using model::EditScope;
  std::string source_type = place.source.get_string("type");
  std::string old_text = model::python_str(old_value);
  std::string new_text = model::python_str(new_value);
  if (data_model.is_password_parameter(source_type, key)) {
    old_text = model::masked(old_value);
    new_text = model::masked(new_value);
  }
  std::string what = scope == EditScope::kSource
                         ? "source '" + model::source_name(place.source) + "'"
                         : "all sources of type '" + data_model.source(source_type)->name + "' with " + key +
                               " '" + old_text + "'";
  if (scope <= EditScope::kMetric)
    what += " of metric '" + model::metric_name(place.metric, data_model) + "'";
  if (scope <= EditScope::kSubject)
    what += " of subject '" + model::subject_name(place.subject, data_model) + "'";
  what += scope == EditScope::kReports ? " in all reports"
                                       : " in report '" + model::report_title(place.report) + "'";
  return "{user} changed the " + key + " of " + what + " from '" + old_text + "' to '" + new_text + "'.";
}

}  // namespace

http::Response post_source_new(Context& context) {
  auto reports = db::latest_reports(context.database);
  auto place = load_metric(reports, context.param("metric_uuid"));
  auto data_model = context.data_model();
  std::string metric_type = place.metric.get_string("type");
  const auto& type = source_type_or_400(context.body_value("type"), *data_model);
  std::string source_uuid = crypto::uuid4();
  auto source = json::Value::object();
  source.set("type", json::Value::string(type.key));
  source.set("parameters", data_model->default_source_parameters(metric_type, type.key));
  model::append_child(place.metric, "sources", source_uuid, source);
  enforce_report_limits(context, place.report);
  db::insert_new_reports(
      context.database,
      "{user} added a new source to " + of_metric(place, *data_model) + " in report '" +
          model::report_title(place.report) + "'.",
      {place.report.get_string("report_uuid"), place.subject_uuid, place.metric_uuid, source_uuid},
      context.author(), {place.report});
  return ok_response("new_source_uuid", source_uuid);
}

http::Response post_source_copy(Context& context) {
  auto reports = db::latest_reports(context.database);
  auto place = load_source(reports, context.param("source_uuid"));
  auto target = load_metric(reports, context.param("metric_uuid"));
  auto data_model = context.data_model();
  std::string copy_uuid = crypto::uuid4();
  std::string description = "{user} copied the source '" + model::source_name(place.source) + "' of " +
                            of_metric(place, *data_model) + " from report '" +
                            model::report_title(place.report) + "' to " + of_metric(target, *data_model) +
                            " in report '" + model::report_title(target.report) + "'.";
  model::append_child(target.metric, "sources", copy_uuid,
                      model::copy_source(place.source, *data_model, true));
  enforce_report_limits(context, target.report);
  db::insert_new_reports(
      context.database, description,
      {target.report.get_string("report_uuid"), target.subject_uuid, target.metric_uuid, copy_uuid},
      context.author(), {target.report});
  return ok_response("new_source_uuid", copy_uuid);
}

http::Response post_move_source(Context& context) {
  auto reports = db::latest_reports(context.database);
  const std::string& source_uuid = context.param("source_uuid");
  auto place = load_source(reports, source_uuid);
  auto target = load_metric(reports, context.param("target_metric_uuid"));
  if (target.metric_uuid == place.metric_uuid) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "The source is already in metric " + target.metric_uuid + ".");
  }
  auto data_model = context.data_model();
  std::string description = "{user} moved the source '" + model::source_name(place.source) + "' from " +
                            of_metric(place, *data_model) + " in report '" +
                            model::report_title(place.report) + "' to " + of_metric(target, *data_model) +
                            " in report '" + model::report_title(target.report) + "'.";
  model::append_child(target.metric, "sources", source_uuid, place.source);
  model::remove_child(place.metric, "sources", source_uuid);
  std::string target_report_uuid = target.report.get_string("report_uuid");
  std::string source_report_uuid = place.report.get_string("report_uuid");
  std::vector<json::Value> changed = {target.report};
  if (source_report_uuid != target_report_uuid) {
    enforce_report_limits(context, target.report);
    changed.push_back(place.report);
  }
  db::insert_new_reports(context.database, description,
                         {target_report_uuid, target.subject_uuid, target.metric_uuid, source_report_uuid,
                          place.subject_uuid, place.metric_uuid, source_uuid},
                         context.author(), changed);
  return ok_response();
}

http::Response delete_source(Context& context) {
  auto reports = db::latest_reports(context.database);
  const std::string& source_uuid = context.param("source_uuid");
  auto place = load_source(reports, source_uuid);
  auto data_model = context.data_model();
  std::string description = "{user} deleted the source '" + model::source_name(place.source) + "' from " +
                            of_metric(place, *data_model) + " in report '" +
                            model::report_title(place.report) + "'.";
  model::remove_child(place.metric, "sources", source_uuid);
  db::insert_new_reports(
      context.database, description,
      {place.report.get_string("report_uuid"), place.subject_uuid, place.metric_uuid, source_uuid},
      context.author(), {place.report});
  return ok_response();
}

http::Response post_source_attribute(Context& context) {
  const std::string& attribute =
      settable_attribute(context.param("source_attribute"), {"parameters"}, "source");
  auto value = context.body_value(attribute);
  auto reports = db::latest_reports(context.database);
  const std::string& source_uuid = context.param("source_uuid");
  auto place = load_source(reports, source_uuid);
  auto data_model = context.data_model();
  std::string old_name = model::source_name(place.source);
  json::Value old_value;
  if (attribute == "position") {
    auto moved = reorder_or_400(place.metric, "sources", source_uuid, value);
    old_value = json::Value::integer(moved.old_index);
    value = json::Value::integer(moved.new_index);
  } else {
    if (attribute == "type") source_type_or_400(value, *data_model);
    old_value = model::or_empty(place.source.get(attribute));
    place.source.set(attribute, value);
  }
  if (model::python_equal(old_value, value)) return ok_response();
  if (attribute == "type") {
    place.source.set("parameters", data_model->default_source_parameters(place.metric.get_string("type"),
                                                                         *value.as_string()));
  }
  db::insert_new_reports(
      context.database,
      "{user} changed the " + attribute + " of source '" + old_name + "' of " +
          of_metric(place, *data_model) + " in report '" + model::report_title(place.report) + "' from '" +
          model::python_str(old_value) + "' to '" + model::python_str(value) + "'.",
      {place.report.get_string("report_uuid"), place.subject_uuid, place.metric_uuid, source_uuid},
      context.author(), {place.report});
  return ok_response();
}

http::Response post_source_parameter(Context& context) {
  const std::string& key = context.param("parameter_key");
  auto body = context.body_object();
  auto new_value = body.get(key);
  if (!new_value.present())
    throw http::Error(http::ErrorCode::kBadRequest, "The request body has no '" + key + "'.");
  auto scope = edit_scope_or_400(body.get("edit_scope"));
  auto reports = db::latest_reports(context.database);
  auto place = load_source(reports, context.param("source_uuid"));
  auto data_model = context.data_model();
  const auto& parameter = parameter_or_400(place.source, key, *data_model);
  new_value = checked_parameter_value(parameter, new_value, place.source.get_string("type"));
  auto old_value = model::or_empty(place.source.get("parameters").get(key));
  if (model::python_equal(old_value, new_value)) return ok_response();
  std::string description = parameter_edit_description(place, scope, key, old_value, new_value, *data_model);
  auto edit = model::edit_source_parameter(reports, place, scope, key, old_value, new_value);
  db::insert_new_reports(context.database, description, edit.changed_ids, context.author(),
                         model::changed_reports(reports, edit));
  auto answer = json::Value::object();
  answer.set("ok", json::Value::boolean(true));
  answer.set("nr_sources_mass_edited",
             json::Value::integer(
                 scope == model::EditScope::kSource ? 0 : static_cast<std::int64_t>(edit.nr_sources)));
  answer.set("availability", availability_checks(place.source_uuid, place.source, key, *data_model));
  return http::Response::json(answer);
}

}  // namespace qta::routes
