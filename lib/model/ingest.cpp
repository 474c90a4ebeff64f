// Measurements from pushed values, shaped as the collector shapes them.
#include "model/ingest.h"

#include <cstdlib>
#include <map>
#include <set>

#include "model/report_tree.h"
#include "model/summary.h"

namespace qta::model {

namespace {

bool whole_number(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtoll(text.c_str(), &end, 10);
  return *end == '\0';
}

json::Value text_or_null(const json::Value& value, const std::string& what) {
  if (!value.present() || value.is_null()) return json::Value::null();
  if (value.is_string()) return value;
  if (value.is_integer()) return json::Value::string(std::to_string(*value.as_integer()));
  throw IngestError(what + " must be a string or a whole number");
}

json::Value previous_source(const json::Value& previous, const std::string& source_uuid) {
  for (const auto& source : previous.get("sources").elements()) {
    if (source.get_string("source_uuid") == source_uuid) return source;
  }
  return json::Value();
}

}  // namespace

json::Value measurement_from_push(const json::Value& pushed, const std::string& report_uuid,
                                  const std::string& metric_uuid, const json::Value& metric,
                                  const json::Value& previous, const datamodel::DataModel& data_model,
                                  const Now& when, const ReportLimits& limits) {
  if (!pushed.is_object() || !pushed.get("sources").is_array())
    throw IngestError("expected {\"sources\": [...]}");
  std::string scale = metric_scale(metric, data_model);
  std::set<std::string> seen;
  auto sources = json::Value::array();
  for (const auto& given : pushed.get("sources").elements()) {
    std::string source_uuid = given.get_string("source_uuid");
    if (!metric.get("sources").get(source_uuid).is_object()) {
      throw IngestError("metric " + metric_uuid + " has no source '" + source_uuid + "'");
    }
    if (!seen.insert(source_uuid).second) throw IngestError("source " + source_uuid + " is given twice");
    auto value = text_or_null(given.get("value"), "value of source " + source_uuid);
    auto total = text_or_null(given.get("total"), "total of source " + source_uuid);
    if (value.is_null()) throw IngestError("source " + source_uuid + " has no value");
    if (scale != "version_number" && !whole_number(*value.as_string())) {
      throw IngestError("value of source " + source_uuid + " must be a whole number, not '" +
                        *value.as_string() + "'");
    }
    if (total.present() && !total.is_null() && !whole_number(*total.as_string())) {
      throw IngestError("total of source " + source_uuid + " must be a whole number");
    }
    auto entities = given.get("entities");
    if (entities.present() && !entities.is_array())
      throw IngestError("entities of source " + source_uuid + " must be a list");
    if (auto problem = entity_limit_problem(entities.size(), limits); !problem.empty())
      throw IngestError(problem);
    auto old = previous_source(previous, source_uuid);
    // Entities keep the time they were first seen, as the collector keeps it (the last one wins for a key
    // that occurs twice, as it did when every new entity scanned the old ones).
    std::map<std::string, json::Value> first_seen_of;
    for (const auto& old_entity : old.get("entities").elements()) {
      if (old_entity.get("key").is_string() && truthy(old_entity.get("first_seen"))) {
        first_seen_of[*old_entity.get("key").as_string()] = old_entity.get("first_seen");
      }
    }
    auto stored_entities = json::Value::array();
    for (const auto& entity : entities.elements()) {
      if (!entity.is_object() || !entity.get("key").is_string())
        throw IngestError("every entity needs a string key");
      auto copy = entity.deep_copy();
      auto known = first_seen_of.find(*entity.get("key").as_string());
      copy.set("first_seen",
               known != first_seen_of.end() ? known->second : json::Value::string(when.iso_timestamp));
      stored_entities.append(copy);
    }
    auto source = json::Value::object();
    source.set("source_uuid", json::Value::string(source_uuid));
    source.set("value", value);
    source.set("total", total.present() ? total : json::Value::null());
    source.set("parse_error", json::Value::null());
    source.set("connection_error", json::Value::null());
    source.set("api_url", json::Value::string(given.get_string("api_url")));
    source.set("landing_url", json::Value::string(given.get_string("landing_url")));
    source.set("entities", stored_entities);
    if (old.get("entity_user_data").is_object())
      source.set("entity_user_data", old.get("entity_user_data").deep_copy());
    sources.append(source);
  }
  for (const auto& [source_uuid, source] : metric.get("sources").items()) {
    if (!seen.count(source_uuid))
      throw IngestError("source " + source_uuid + " of metric " + metric_uuid + " has no value");
  }
  auto measurement = json::Value::object();
  measurement.set("metric_uuid", json::Value::string(metric_uuid));
  measurement.set("report_uuid", json::Value::string(report_uuid));
  measurement.set("sources", sources);
  measurement.set("has_error", json::Value::boolean(false));
  measurement.set("start", json::Value::string(when.iso_timestamp));
  measurement.set("end", json::Value::string(when.iso_timestamp));
  update_measurement(measurement, previous, metric, data_model, when);
  return measurement;
}

}  // namespace qta::model
