// Building the typed view of a data model document, its defaults and its consistency check.
#include "datamodel/data_model.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace qta::datamodel {

namespace {

std::string required_string(const json::Value& object, const char* key, const std::string& where) {
  auto value = object.get(key).as_string();
  if (!value) throw DataModelError(where + " has no string '" + key + "'");
  return *value;
}

std::vector<std::string> strings(const json::Value& array) {
  std::vector<std::string> result;
  for (const auto& element : array.elements()) {
    if (auto text = element.as_string()) result.push_back(*text);
  }
  return result;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

const Parameter* SourceType::parameter(std::string_view parameter_key) const {
  for (const auto& parameter : parameters) {
    if (parameter.key == parameter_key) return &parameter;
  }
  return nullptr;
}

DataModel::DataModel(json::Value document) : document_(std::move(document)) {
  for (const char* section : {"metrics", "sources", "subjects", "scales"}) {
    if (!document_.get(section).is_object())
      throw DataModelError(std::string("data model has no object '") + section + "'");
  }
  for (const auto& [key, metric] : document_.get("metrics").items()) {
    std::string where = "metric type " + key;
    MetricType type;
    type.key = key;
    type.name = required_string(metric, "name", where);
    type.unit = required_string(metric, "unit", where);
    type.addition = required_string(metric, "addition", where);
    type.direction = required_string(metric, "direction", where);
    type.default_scale = required_string(metric, "default_scale", where);
    type.scales = strings(metric.get("scales"));
    type.target = required_string(metric, "target", where);
    type.near_target = required_string(metric, "near_target", where);
    type.sources = strings(metric.get("sources"));
    type.tags = strings(metric.get("tags"));
    metrics_.emplace(key, std::move(type));
  }
  for (const auto& [key, source] : document_.get("sources").items()) {
    std::string where = "source type " + key;
    SourceType type;
    type.key = key;
    type.name = required_string(source, "name", where);
    if (!source.get("parameters").is_object()) throw DataModelError(where + " has no parameters");
    for (const auto& [parameter_key, parameter] : source.get("parameters").items()) {
      std::string parameter_where = where + " parameter " + parameter_key;
      Parameter entry;
      entry.key = parameter_key;
      entry.name = required_string(parameter, "name", parameter_where);
      entry.type = required_string(parameter, "type", parameter_where);
      entry.mandatory = parameter.get("mandatory").as_boolean().value_or(false);
      entry.default_value = parameter.get("default_value");
      if (!entry.default_value.present()) throw DataModelError(parameter_where + " has no default_value");
      entry.values = strings(parameter.get("values"));
      entry.metrics = strings(parameter.get("metrics"));
      type.parameters.push_back(std::move(entry));
    }
    sources_.emplace(key, std::move(type));
  }
  for (const auto& [key, subject] : document_.get("subjects").items()) {
    std::string where = "subject type " + key;
    SubjectType type;
    type.key = key;
    type.name = required_string(subject, "name", where);
    type.description = required_string(subject, "description", where);
    type.metrics = strings(subject.get("metrics"));
    subjects_.emplace(key, std::move(type));
  }
}

const MetricType* DataModel::metric(std::string_view key) const {
  auto found = metrics_.find(key);
  return found == metrics_.end() ? nullptr : &found->second;
}

const SourceType* DataModel::source(std::string_view key) const {
  auto found = sources_.find(key);
  return found == sources_.end() ? nullptr : &found->second;
}

const SubjectType* DataModel::subject(std::string_view key) const {
  auto found = subjects_.find(key);
  return found == subjects_.end() ? nullptr : &found->second;
}

bool DataModel::is_password_parameter(std::string_view source_type, std::string_view parameter_key) const {
  const SourceType* type = source(source_type);
  const Parameter* parameter = type != nullptr ? type->parameter(parameter_key) : nullptr;
  return parameter == nullptr || parameter->type == "password";
}

json::Value DataModel::default_metric_attributes(std::string_view metric_type) const {
  const MetricType* type = metric(metric_type);
  if (type == nullptr) throw DataModelError("unknown metric type " + std::string(metric_type));
  auto tags = json::Value::array();
  for (const auto& tag : type->tags) tags.append(json::Value::string(tag));
  auto attributes = json::Value::object();
  attributes.set("type", json::Value::string(type->key));
  attributes.set("sources", json::Value::object());
  attributes.set("name", json::Value::null());
  attributes.set("scale", json::Value::string(type->default_scale));
  attributes.set("unit", json::Value::null());
  attributes.set("addition", json::Value::string(type->addition));
  attributes.set("accept_debt", json::Value::boolean(false));
  attributes.set("debt_target", json::Value::null());
  attributes.set("direction", json::Value::null());
  attributes.set("target", json::Value::string(type->target));
  attributes.set("near_target", json::Value::string(type->near_target));
  attributes.set("tags", tags);
  return attributes;
}

json::Value DataModel::default_source_parameters(std::string_view metric_type,
                                                 std::string_view source_type) const {
  const SourceType* type = source(source_type);
  if (type == nullptr) throw DataModelError("unknown source type " + std::string(source_type));
  auto parameters = json::Value::object();
  for (const auto& parameter : type->parameters) {
    if (contains(parameter.metrics, metric_type))
      parameters.set(parameter.key, parameter.default_value.deep_copy());
  }
  return parameters;
}

json::Value DataModel::default_subject_attributes(std::string_view subject_type) const {
  const SubjectType* type = subject(subject_type);
  if (type == nullptr) throw DataModelError("unknown subject type " + std::string(subject_type));
  auto attributes = json::Value::object();
  attributes.set("type", json::Value::string(type->key));
  attributes.set("name", json::Value::null());
  attributes.set("description", json::Value::string(type->description));
  attributes.set("metrics", json::Value::object());
  return attributes;
}

std::vector<std::string> DataModel::consistency_problems() const {
  std::vector<std::string> problems;
  auto problem = [&](std::string text) { problems.push_back(std::move(text)); };
  std::set<std::string> scale_keys;
  for (const auto& [key, scale] : document_.get("scales").items()) scale_keys.insert(key);

  for (const auto& [key, metric] : metrics_) {
    if (metric.direction != "<" && metric.direction != ">")
      problem("metric " + key + " has direction " + metric.direction);
    if (metric.addition != "sum" && metric.addition != "min" && metric.addition != "max") {
      problem("metric " + key + " has addition " + metric.addition);
    }
    if (!contains(metric.scales, metric.default_scale))
      problem("metric " + key + " has a default scale it lacks");
    for (const auto& scale : metric.scales) {
      if (!scale_keys.count(scale)) problem("metric " + key + " names unknown scale " + scale);
    }
    if (metric.sources.empty()) problem("metric " + key + " has no sources");
    for (const auto& source_key : metric.sources) {
      const SourceType* source_type = source(source_key);
      if (source_type == nullptr) {
        problem("metric " + key + " names unknown source " + source_key);
        continue;
      }
      bool listed =
          std::any_of(source_type->parameters.begin(), source_type->parameters.end(),
                      [&metric_key = key](const Parameter& p) { return contains(p.metrics, metric_key); });
      if (!listed) problem("source " + source_key + " has no parameter for metric " + key);
    }
    bool in_subject = std::any_of(subjects_.begin(), subjects_.end(), [&metric_key = key](const auto& entry) {
      return contains(entry.second.metrics, metric_key);
    });
    if (!in_subject) problem("metric " + key + " belongs to no subject type");
  }
  for (const auto& [key, source_type] : sources_) {
    for (const auto& parameter : source_type.parameters) {
      std::string where = "source " + key + " parameter " + parameter.key;
      if (parameter.metrics.empty()) problem(where + " is used by no metric");
      for (const auto& metric_key : parameter.metrics) {
        const MetricType* metric_type = metric(metric_key);
        if (metric_type == nullptr) {
          problem(where + " names unknown metric " + metric_key);
        } else if (!contains(metric_type->sources, key)) {
          problem(where + " names metric " + metric_key + ", which does not list the source");
        }
      }
      bool choice = parameter.type == "single_choice" || parameter.type == "multiple_choice";
      if (choice && parameter.values.empty()) problem(where + " is a choice without values");
      if (parameter.type == "single_choice" &&
          !contains(parameter.values, parameter.default_value.as_string().value_or(""))) {
        problem(where + " has a default outside its values");
      }
      if (parameter.type == "multiple_choice") {
        if (!parameter.default_value.is_array()) {
          problem(where + " has a default that is not a list");
        } else {
          for (const auto& value : strings(parameter.default_value)) {
            if (!contains(parameter.values, value))
              problem(where + " has default value " + value + " outside its values");
          }
        }
      }
      if (parameter.type == "multiple_choice_with_addition" && !parameter.default_value.is_array()) {
        problem(where + " has a default that is not a list");
      }
    }
  }
  for (const auto& [key, subject_type] : subjects_) {
    for (const auto& metric_key : subject_type.metrics) {
      if (metric(metric_key) == nullptr) problem("subject " + key + " names unknown metric " + metric_key);
    }
  }
  return problems;
}

json::Value read_data_model_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw DataModelError("cannot read the data model file " + path);
  std::stringstream text;
  text << file.rdbuf();
  try {
    auto document = json::Value::parse(text.str());
    DataModel check(document);
    return document;
  } catch (const json::ParseError& error) {
    throw DataModelError("the data model file " + path + " is not valid JSON: " + error.what());
  } catch (const DataModelError& error) {
    throw DataModelError("the data model file " + path + " is incomplete: " + error.what());
  }
}

bool is_issue_tracker_credential(std::string_view attribute) {
  return attribute == "password" || attribute == "private_token";
}

}  // namespace qta::datamodel
