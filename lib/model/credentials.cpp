// Credential hiding and masking.
#include "model/credentials.h"

#include "model/python_format.h"
#include "model/report_tree.h"

namespace qta::model {

void hide_credentials(json::Value& report, const datamodel::DataModel& data_model) {
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      for (const auto& [source_uuid, source] : metric.get("sources").items()) {
        auto parameters = source.get("parameters");
        for (const auto& [key, value] : parameters.items()) {
          if (truthy(value) && data_model.is_password_parameter(source.get_string("type"), key)) {
            parameters.set(key, json::Value::string(kHiddenCredentials));
          }
        }
      }
    }
  }
  auto tracker_parameters = report.get("issue_tracker").get("parameters");
  for (const char* key : {"password", "private_token"}) {
    if (truthy(tracker_parameters.get(key)))
      tracker_parameters.set(key, json::Value::string(kHiddenCredentials));
  }
}

bool is_secret_search_attribute(std::string_view attribute, const datamodel::DataModel& data_model) {
  bool known = false;
  for (const auto& [type_key, source_type] : data_model.sources()) {
    if (const datamodel::Parameter* parameter = source_type.parameter(attribute)) {
      if (parameter->type == "password") return true;
      known = true;
    }
  }
  return !known && attribute != "name" && attribute != "type";
}

std::string masked(const json::Value& value) {
  // Python's len() counts code points, not bytes.
  std::string text = python_str(value);
  std::size_t characters = 0;
  for (unsigned char c : text) characters += (c & 0xc0) != 0x80 ? 1 : 0;
  return std::string(characters, '*');
}

}  // namespace qta::model
