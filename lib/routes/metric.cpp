// Metric routes: create, copy, move, delete, change attributes, technical debt.
#include <algorithm>
#include <cstdlib>
#include <set>

#include "base/date_time.h"
#include "crypto/random.h"
#include "db/measurements.h"
#include "db/reports.h"
#include "html/sanitize.h"
#include "http/error.h"
#include "model/desired_response_times.h"
#include "model/measurement.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "model/summary.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {

// v5.8.0's desired response time for accepted technical debt, in days, when the report sets none.
constexpr long long kDebtTargetMetDays = 60;

std::string metric_location(const model::MetricPlace& place, const datamodel::DataModel& data_model) {
  return "metric '" + model::metric_name(place.metric, data_model) + "' of subject '" +
         model::subject_name(place.subject, data_model) + "' in report '" +
         model::report_title(place.report) + "'";
}

const datamodel::MetricType& metric_type_or_400(const json::Value& type,
                                                const datamodel::DataModel& data_model) {
  const auto* metric_type = type.is_string() ? data_model.metric(*type.as_string()) : nullptr;
  if (metric_type == nullptr)
    throw http::Error(http::ErrorCode::kBadRequest, "Unknown metric type " + model::python_str(type) + ".");
  return *metric_type;
}

// Values the frontend can send for the attributes whose meaning the server relies on.
void validate_metric_attribute(const std::string& attribute, const json::Value& value,
                               const json::Value& metric, const datamodel::DataModel& data_model) {
  auto bad = [&](const std::string& what) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "Invalid " + attribute + " " + model::python_str(value) + ": " + what + ".");
  };
  if (attribute == "scale") {
    const auto* type = data_model.metric(metric.get_string("type"));
    if (!value.is_string() || (type != nullptr && std::find(type->scales.begin(), type->scales.end(),
                                                            *value.as_string()) == type->scales.end())) {
      bad("not a scale of this metric type");
    }
  } else if (attribute == "direction") {
    if (!value.is_null() && value.as_string() != "<" && value.as_string() != ">") bad("use \"<\" or \">\"");
  } else if (attribute == "accept_debt" || attribute == "evaluate_targets") {
    if (!value.is_boolean()) bad("use true or false");
  } else if (attribute == "tags" || attribute == "issue_ids") {
    if (!value.is_array()) bad("use a list of strings");
    for (const auto& element : value.elements()) {
      if (!element.is_string()) bad("use a list of strings");
    }
  }
}

// After a change that can change the metric's status, v5.8.0 stores a recomputed copy of the latest
// measurement and answers with it; without measurements it answers {"ok": true}.
http::Response recompute_or_ok(Context& context, const std::string& metric_uuid, const json::Value& metric,
                               const datamodel::DataModel& data_model) {
  auto latest = db::latest_measurement(context.database, metric_uuid);
  if (!latest) return ok_response();
  auto measurement = model::copy_and_recompute(*latest, metric, data_model, model::now());
  return http::Response::json(db::insert_measurement(context.database, measurement));
}

}  // namespace

http::Response post_metric_new(Context& context) {
  auto reports = db::latest_reports(context.database);
  auto place = load_subject(reports, context.param("subject_uuid"));
  auto data_model = context.data_model();
  const auto& type = metric_type_or_400(context.body_value("type"), *data_model);
  std::string metric_uuid = crypto::uuid4();
  model::append_child(place.subject, "metrics", metric_uuid, data_model->default_metric_attributes(type.key));
  enforce_report_limits(context, place.report);
  db::insert_new_reports(context.database,
                         "{user} added a new metric to subject '" +
                             model::subject_name(place.subject, *data_model) + "' in report '" +
                             model::report_title(place.report) + "'.",
                         {place.report.get_string("report_uuid"), place.subject_uuid, metric_uuid},
                         context.author(), {place.report});
  return ok_response("new_metric_uuid", metric_uuid);
}

http::Response post_metric_copy(Context& context) {
  auto reports = db::latest_reports(context.database);
  auto place = load_metric(reports, context.param("metric_uuid"));
  auto target = load_subject(reports, context.param("subject_uuid"));
  auto data_model = context.data_model();
  std::string copy_uuid = crypto::uuid4();
  std::string description = "{user} copied the metric '" + model::metric_name(place.metric, *data_model) +
                            "' of subject '" + model::subject_name(place.subject, *data_model) +
                            "' from report '" + model::report_title(place.report) + "' to subject '" +
                            model::subject_name(target.subject, *data_model) + "' in report '" +
                            model::report_title(target.report) + "'.";
  model::append_child(target.subject, "metrics", copy_uuid,
                      model::copy_metric(place.metric, *data_model, true));
  enforce_report_limits(context, target.report);
  db::insert_new_reports(context.database, description,
                         {target.report.get_string("report_uuid"), target.subject_uuid, copy_uuid},
                         context.author(), {target.report});
  return ok_response("new_metric_uuid", copy_uuid);
}

http::Response post_move_metric(Context& context) {
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto target = load_subject(reports, context.param("target_subject_uuid"));
  if (target.subject_uuid == place.subject_uuid) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "The metric is already in subject " + target.subject_uuid + ".");
  }
  auto data_model = context.data_model();
  std::string description = "{user} moved the metric '" + model::metric_name(place.metric, *data_model) +
                            "' from subject '" + model::subject_name(place.subject, *data_model) +
                            "' in report '" + model::report_title(place.report) + "' to subject '" +
                            model::subject_name(target.subject, *data_model) + "' in report '" +
                            model::report_title(target.report) + "'.";
  model::append_child(target.subject, "metrics", metric_uuid, place.metric);
  model::remove_child(place.subject, "metrics", metric_uuid);
  std::string target_report_uuid = target.report.get_string("report_uuid");
  std::string source_report_uuid = place.report.get_string("report_uuid");
  std::vector<json::Value> changed = {target.report};
  if (source_report_uuid != target_report_uuid) {
    enforce_report_limits(context, target.report);
    changed.push_back(place.report);
  }
  db::insert_new_reports(
      context.database, description,
      {target_report_uuid, source_report_uuid, place.subject_uuid, target.subject_uuid, metric_uuid},
      context.author(), changed);
  return ok_response();
}

http::Response delete_metric(Context& context) {
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto data_model = context.data_model();
  std::string description = "{user} deleted metric '" + model::metric_name(place.metric, *data_model) +
                            "' from subject '" + model::subject_name(place.subject, *data_model) +
                            "' in report '" + model::report_title(place.report) + "'.";
  model::remove_child(place.subject, "metrics", metric_uuid);
  db::insert_new_reports(context.database, description,
                         {place.report.get_string("report_uuid"), place.subject_uuid, metric_uuid},
                         context.author(), {place.report});
  return ok_response();
}

http::Response post_metric_attribute(Context& context) {
  const std::string& attribute = settable_attribute(context.param("metric_attribute"), {"sources"}, "metric");
  auto value = context.body_value(attribute);
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto data_model = context.data_model();
  std::string old_name = model::metric_name(place.metric, *data_model);
  if (attribute == "comment" && model::truthy(value)) {
    if (!value.is_string()) throw http::Error(http::ErrorCode::kBadRequest, "A comment must be a string.");
    value = json::Value::string(html::sanitize_html(*value.as_string()));
  }
  validate_metric_attribute(attribute, value, place.metric, *data_model);
  json::Value old_value;
  if (attribute == "position") {
    auto moved = reorder_or_400(place.subject, "metrics", metric_uuid, value);
    old_value = json::Value::integer(moved.old_index);
    value = json::Value::integer(moved.new_index);
  } else {
    old_value = model::or_empty(place.metric.get(attribute));
  }
  if (model::python_equal(old_value, value)) return ok_response();
  if (attribute == "type") {
    const auto& new_type = metric_type_or_400(value, *data_model);
    // The new type's defaults, keeping the sources and the tags the user added to the old type's defaults.
    const auto* old_type = data_model->metric(place.metric.get_string("type"));
    auto user_tags = json::Value::array();
    for (const auto& tag : place.metric.get("tags").elements()) {
      bool default_tag =
          old_type != nullptr && std::find(old_type->tags.begin(), old_type->tags.end(),
                                           tag.as_string().value_or("")) != old_type->tags.end();
      if (!default_tag) user_tags.append(tag);
    }
    auto sources = place.metric.get("sources");
    for (const auto& [key, default_value] : data_model->default_metric_attributes(new_type.key).items()) {
      place.metric.set(key, default_value);
    }
    place.metric.set("sources", sources);
    auto tags = place.metric.get("tags");
    for (const auto& tag : user_tags.elements()) tags.append(tag);
  }
  place.metric.set(attribute, value);  // for position: the new index, as v5.8.0 stores it
  db::insert_new_reports(context.database,
                         "{user} changed the " + attribute + " of metric '" + old_name + "' of subject '" +
                             model::subject_name(place.subject, *data_model) + "' in report '" +
                             model::report_title(place.report) + "' from '" + model::python_str(old_value) +
                             "' to '" + model::python_str(value) + "'.",
                         {place.report.get_string("report_uuid"), place.subject_uuid, metric_uuid},
                         context.author(), {place.report});
  static const std::set<std::string> kImpactingStatus = {"accept_debt", "debt_target",      "debt_end_date",
                                                         "direction",   "evaluate_targets", "issue_ids",
                                                         "near_target", "target",           "type"};
  if (kImpactingStatus.count(attribute))
    return recompute_or_ok(context, metric_uuid, place.metric, *data_model);
  return ok_response();
}

http::Response post_metric_debt(Context& context) {
  auto accept_debt = context.body_value("accept_debt");
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto data_model = context.data_model();
  json::Value new_target = json::Value::null();
  json::Value new_end_date = json::Value::null();
  if (model::truthy(accept_debt)) {
    if (auto latest = db::latest_measurement(context.database, metric_uuid)) {
      auto value = latest->get(model::metric_scale(place.metric, *data_model)).get("value");
      new_target = value.present() ? value : json::Value::null();
    }
    auto days = model::metric_response_days(place.report, "debt_target_met").value_or(0);
    // A UTC date, where entity end dates are local ones: as v5.8.0 computes debt end dates.
    new_end_date = json::Value::string(base::utc_date_in(static_cast<int>(days)));
  }
  auto old_accept = place.metric.get("accept_debt");
  if (!model::truthy(old_accept)) old_accept = json::Value::boolean(false);
  auto old_target = place.metric.get("debt_target");
  auto old_end_date = place.metric.get("debt_end_date");
  bool accept_same = model::python_equal(old_accept, accept_debt);
  bool target_same = model::python_equal(old_target, new_target);
  bool end_same = model::python_equal(old_end_date, new_end_date);
  if (accept_same && target_same && end_same) return ok_response();
  std::vector<std::string> parts;
  if (!accept_same) {
    parts.push_back(" the accepted debt from '" + model::python_str(old_accept) + "' to '" +
                    model::python_str(accept_debt) + "'");
  }
  if (!target_same) {
    parts.push_back(" the debt target from '" + model::python_str(old_target) + "' to '" +
                    model::python_str(new_target) + "'");
  }
  if (!end_same) {
    parts.push_back(" the debt end date from '" + model::python_str(old_end_date) + "' to '" +
                    model::python_str(new_end_date) + "'");
  }
  std::string description = "{user} changed";
  for (std::size_t i = 0; i < parts.size(); ++i) description += (i > 0 ? " and" : "") + parts[i];
  place.metric.set("accept_debt", accept_debt);
  place.metric.set("debt_target", new_target);
  place.metric.set("debt_end_date", new_end_date);
  description += " of " + metric_location(place, *data_model) + ".";
  db::insert_new_reports(context.database, description,
                         {place.report.get_string("report_uuid"), place.subject_uuid, metric_uuid},
                         context.author(), {place.report});
  return recompute_or_ok(context, metric_uuid, place.metric, *data_model);
}

}  // namespace qta::routes
