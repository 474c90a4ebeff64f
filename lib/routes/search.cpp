// POST /api/v3/<domain_object_type>/search: the uuids of reports, subjects, metrics or sources whose
// attribute has a given value. Errors answer 200 with "ok": false, as v5.8.0 does.
#include "db/reports.h"
#include "model/python_format.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

// == as v5.8.0 compares: "1" does not match 1, but 1 matches 1.0 and true; null can be searched for.
bool matches(const json::Value& item, const std::string& attribute, const json::Value& value, bool is_source) {
  if (is_source) {
    auto parameter = item.get("parameters").get(attribute);
    if (parameter.present() && model::python_equal(parameter, value)) return true;
  }
  auto own = item.get(attribute);
  return own.present() && model::python_equal(own, value);
}

json::Value failure(const std::string& type, const std::string& error, const json::Value& query) {
  auto body = json::Value::object();
  body.set("domain_object_type", json::Value::string(type));
  body.set("error", json::Value::string(error));
  body.set("ok", json::Value::boolean(false));
  if (query.present()) body.set("search_query", query);
  return body;
}

}  // namespace

http::Response search(Context& context) {
  const std::string& type = context.param("domain_object_type");
  auto body = context.request.json_body();
  if (!body.is_object()) return http::Response::json(failure(type, "Expected a JSON object with one attribute and value.", {}));
  if (body.size() == 0) return http::Response::json(failure(type, "'pop from an empty set'", {}));
  auto [attribute, value] = body.items().front();
  if (value.is_array() || value.is_object()) {
    return http::Response::json(failure(type, std::string("unhashable type: '") + (value.is_array() ? "list" : "dict") + "'", {}));
  }
  auto query = json::Value::object();
  query.set(attribute, value);
  if (type != "report" && type != "subject" && type != "metric" && type != "source") {
    return http::Response::json(failure(type, "'" + type + "'", query));
  }
  auto uuids = json::Value::array();
  for (const auto& report : db::latest_reports(context.database)) {
    if (type == "report") {
      if (matches(report, attribute, value, false)) uuids.append(report.get("report_uuid"));
      continue;
    }
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      if (type == "subject") {
        if (matches(subject, attribute, value, false)) uuids.append(json::Value::string(subject_uuid));
        continue;
      }
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
        if (type == "metric") {
          if (matches(metric, attribute, value, false)) uuids.append(json::Value::string(metric_uuid));
          continue;
        }
        for (const auto& [source_uuid, source] : metric.get("sources").items()) {
          if (matches(source, attribute, value, true)) uuids.append(json::Value::string(source_uuid));
        }
      }
    }
  }
  auto answer = json::Value::object();
  answer.set("domain_object_type", json::Value::string(type));
  answer.set("ok", json::Value::boolean(true));
  answer.set("search_query", query);
  answer.set("uuids", uuids);
  return http::Response::json(answer);
}

}  // namespace qta::routes
