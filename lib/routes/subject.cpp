// Subject routes: create, copy, move, delete, change attributes.
#include "crypto/random.h"
#include "db/reports.h"
#include "html/sanitize.h"
#include "http/error.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

http::Response post_new_subject(Context& context) {
  auto reports = db::latest_reports(context.database);
  auto report = load_report(reports, context.param("report_uuid"));
  auto type = context.body_value("type");
  auto data_model = context.data_model();
  if (!type.is_string() || data_model->subject(*type.as_string()) == nullptr) {
    throw http::Error(http::ErrorCode::kBadRequest, "Unknown subject type " + model::python_str(type) + ".");
  }
  std::string subject_uuid = crypto::uuid4();
  model::append_child(report, "subjects", subject_uuid,
                      data_model->default_subject_attributes(*type.as_string()));
  enforce_report_limits(context, report);
  db::insert_new_reports(context.database,
                         "{user} created a new subject in report '" + model::report_title(report) + "'.",
                         {report.get_string("report_uuid"), subject_uuid}, context.author(), {report});
  return ok_response("new_subject_uuid", subject_uuid);
}

http::Response post_subject_copy(Context& context) {
  auto reports = db::latest_reports(context.database);
  auto place = load_subject(reports, context.param("subject_uuid"));
  auto target = load_report(reports, context.param("report_uuid"));
  auto data_model = context.data_model();
  std::string copy_uuid = crypto::uuid4();
  model::append_child(target, "subjects", copy_uuid, model::copy_subject(place.subject, *data_model, true));
  enforce_report_limits(context, target);
  db::insert_new_reports(context.database,
                         "{user} copied the subject '" + model::subject_name(place.subject, *data_model) +
                             "' from report '" + model::report_title(place.report) + "' to report '" +
                             model::report_title(target) + "'.",
                         {target.get_string("report_uuid"), copy_uuid}, context.author(), {target});
  return ok_response("new_subject_uuid", copy_uuid);
}

http::Response post_move_subject(Context& context) {
  auto reports = db::latest_reports(context.database);
  const std::string& subject_uuid = context.param("subject_uuid");
  auto place = load_subject(reports, subject_uuid);
  auto target = load_report(reports, context.param("target_report_uuid"));
  if (target.get_string("report_uuid") == place.report.get_string("report_uuid")) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "The subject is already in report " + target.get_string("report_uuid") + ".");
  }
  auto data_model = context.data_model();
  model::append_child(target, "subjects", subject_uuid, place.subject);
  enforce_report_limits(context, target);
  model::remove_child(place.report, "subjects", subject_uuid);
  db::insert_new_reports(
      context.database,
      "{user} moved the subject '" + model::subject_name(place.subject, *data_model) + "' from report '" +
          model::report_title(place.report) + "' to report '" + model::report_title(target) + "'.",
      {target.get_string("report_uuid"), place.report.get_string("report_uuid"), subject_uuid},
      context.author(), {target, place.report});
  return ok_response();
}

http::Response delete_subject(Context& context) {
  auto reports = db::latest_reports(context.database);
  const std::string& subject_uuid = context.param("subject_uuid");
  auto place = load_subject(reports, subject_uuid);
  auto data_model = context.data_model();
  model::remove_child(place.report, "subjects", subject_uuid);
  db::insert_new_reports(context.database,
                         "{user} deleted the subject '" + model::subject_name(place.subject, *data_model) +
                             "' from report '" + model::report_title(place.report) + "'.",
                         {place.report.get_string("report_uuid"), subject_uuid}, context.author(),
                         {place.report});
  return ok_response();
}

http::Response post_subject_attribute(Context& context) {
  const std::string& attribute =
      settable_attribute(context.param("subject_attribute"), {"metrics"}, "subject");
  auto value = context.body_value(attribute);
  auto reports = db::latest_reports(context.database);
  const std::string& subject_uuid = context.param("subject_uuid");
  auto place = load_subject(reports, subject_uuid);
  auto data_model = context.data_model();
  std::string old_name = model::subject_name(place.subject, *data_model);
  if (attribute == "comment" && model::truthy(value)) {
    if (!value.is_string()) throw http::Error(http::ErrorCode::kBadRequest, "A comment must be a string.");
    value = json::Value::string(html::sanitize_html(*value.as_string()));
  }
  auto old_value = model::or_empty(place.subject.get(attribute));
  if (attribute == "position") {
    auto moved = reorder_or_400(place.report, "subjects", subject_uuid, value);
    old_value = json::Value::integer(moved.old_index);
    value = json::Value::integer(moved.new_index);
  } else {
    place.subject.set(attribute, value);
  }
  if (model::python_equal(old_value, value)) return ok_response();
  db::insert_new_reports(context.database,
                         "{user} changed the " + attribute + " of subject '" + old_name + "' in report '" +
                             model::report_title(place.report) + "' from '" + model::python_str(old_value) +
                             "' to '" + model::python_str(value) + "'.",
                         {place.report.get_string("report_uuid"), subject_uuid}, context.author(),
                         {place.report});
  return ok_response();
}

}  // namespace qta::routes
