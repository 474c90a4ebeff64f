// Loading reports and their items for the routes (404 when absent), and the checks and answers they share.
#include "routes/report_access.h"

#include <stdexcept>

#include "db/reports.h"
#include "db/storable.h"
#include "http/error.h"
#include "model/python_format.h"
#include "model/report_limits.h"

namespace qta::routes {

namespace {

json::Value ok_with(const char* key, const std::string& value) {
  auto body = json::Value::object();
  body.set("ok", json::Value::boolean(true));
  if (key != nullptr) body.set(key, json::Value::string(value));
  return body;
}

[[noreturn]] void not_found(const std::string& item, const std::string& uuid) {
  throw http::Error(http::ErrorCode::kNotFound, item + " with UUID " + uuid + " not found.");
}

}  // namespace

[[noreturn]] json::Value report_not_found(const std::string& report_uuid) {
  not_found("Report", report_uuid);
}

json::Value load_report(Context& context, const std::string& report_uuid) {
  auto report = db::latest_report(context.database, report_uuid);
  if (!report) report_not_found(report_uuid);
  return *report;
}

json::Value load_report(const std::vector<json::Value>& reports, const std::string& report_uuid) {
  auto report = model::find_report(reports, report_uuid);
  if (!report) report_not_found(report_uuid);
  return *report;
}

model::SubjectPlace load_subject(const std::vector<json::Value>& reports, const std::string& subject_uuid) {
  auto place = model::find_subject(reports, subject_uuid);
  if (!place) not_found("Subject", subject_uuid);
  return *place;
}

model::MetricPlace load_metric(const std::vector<json::Value>& reports, const std::string& metric_uuid) {
  auto place = model::find_metric(reports, metric_uuid);
  if (!place) not_found("Metric", metric_uuid);
  return *place;
}

model::SourcePlace load_source(const std::vector<json::Value>& reports, const std::string& source_uuid) {
  auto place = model::find_source(reports, source_uuid);
  if (!place) not_found("Source", source_uuid);
  return *place;
}

json::Value load_notification_destination(const json::Value& report, const std::string& destination_uuid) {
  auto destination = report.get("notification_destinations").get(destination_uuid);
  if (!destination.is_object()) not_found("Notification destination", destination_uuid);
  return destination;
}

model::Reordering reorder_or_400(json::Value& container, const char* map_key, const std::string& key,
                                 const json::Value& position) {
  try {
    return model::reorder(container, map_key, key, position.as_string().value_or(""));
  } catch (const std::invalid_argument&) {
    throw http::Error(http::ErrorCode::kBadRequest, "Unknown position " + model::python_str(position) +
                                                        "; use first, last, previous or next.");
  }
}

void enforce_report_limits(const Context& context, const json::Value& report) {
  if (auto problem = model::report_limit_problem(report, context.config.report_limits); !problem.empty()) {
    throw http::Error(http::ErrorCode::kBadRequest, "Cannot store the report: " + problem + ".");
  }
}

const std::string& attribute_name(const std::string& name) {
  if (!db::key_problem(name).empty()) {
    throw http::Error(http::ErrorCode::kBadRequest, "Invalid attribute name '" + name + "'.");
  }
  return name;
}

const std::string& settable_attribute(const std::string& name,
                                      std::initializer_list<std::string_view> managed,
                                      std::string_view item) {
  for (std::string_view field : managed) {
    if (name == field) {
      throw http::Error(http::ErrorCode::kBadRequest,
                        "The " + name + " of a " + std::string(item) + " cannot be set as an attribute.");
    }
  }
  return attribute_name(name);
}

http::Response ok_response() { return http::Response::json(ok_with(nullptr, "")); }
http::Response ok_response(const char* key, const std::string& value) {
  return http::Response::json(ok_with(key, value));
}

}  // namespace qta::routes
