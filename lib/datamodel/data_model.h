#pragma once
// A typed, read-only view of a data model document (the JSON in datamodel.json and in the
// `datamodels` collection): metric, source and subject types, parameters, and the defaults and
// credential rules that the routes take from it. Immutable once built, so shared between threads.

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace qta::datamodel {

class DataModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Parameter {
  std::string key;
  std::string name;
  std::string type;  // string, password, url, integer, date, single_choice, multiple_choice, ...
  bool mandatory = false;
  json::Value default_value;         // a string, or a list of strings for multiple choice
  std::vector<std::string> values;   // allowed values of choice parameters (empty: any)
  std::vector<std::string> metrics;  // metric types that use the parameter
};

struct SourceType {
  std::string key;
  std::string name;
  std::vector<Parameter> parameters;  // in data-model order
  const Parameter* parameter(std::string_view key) const;
};

struct MetricType {
  std::string key;
  std::string name;
  std::string unit;
  std::string addition;   // sum, min or max
  std::string direction;  // "<" or ">"
  std::string default_scale;
  std::vector<std::string> scales;
  std::string target;
  std::string near_target;
  std::vector<std::string> sources;  // source types that can measure the metric
  std::vector<std::string> tags;
};

struct SubjectType {
  std::string key;
  std::string name;
  std::string description;
  std::vector<std::string> metrics;
};

class DataModel {
 public:
  // Builds the view; throws DataModelError naming the first element that lacks a required field.
  explicit DataModel(json::Value document);

  const json::Value& document() const { return document_; }
  // The stored timestamp; "" for a document that is not (yet) stored.
  std::string timestamp() const { return document_.get_string("timestamp"); }

  const MetricType* metric(std::string_view key) const;
  const SourceType* source(std::string_view key) const;
  const SubjectType* subject(std::string_view key) const;
  const std::map<std::string, MetricType, std::less<>>& metrics() const { return metrics_; }
  const std::map<std::string, SourceType, std::less<>>& sources() const { return sources_; }
  const std::map<std::string, SubjectType, std::less<>>& subjects() const { return subjects_; }

  // True for parameters of type password, and (erring on the safe side, as v5.8.0 does) for a source
  // type or parameter the data model does not know.
  bool is_password_parameter(std::string_view source_type, std::string_view parameter_key) const;

  // Attributes of a new metric of the type, as v5.8.0 stores them.
  json::Value default_metric_attributes(std::string_view metric_type) const;
  // The parameters of a new source for the metric type, with their default values.
  json::Value default_source_parameters(std::string_view metric_type, std::string_view source_type) const;
  json::Value default_subject_attributes(std::string_view subject_type) const;

  // Internal consistency problems (empty when consistent): every source a metric names exists and
  // lists the metric, every parameter's metrics exist, defaults are allowed values, and so on.
  std::vector<std::string> consistency_problems() const;

 private:
  json::Value document_;
  std::map<std::string, MetricType, std::less<>> metrics_;
  std::map<std::string, SourceType, std::less<>> sources_;
  std::map<std::string, SubjectType, std::less<>> subjects_;
};

// Reads and parses a data model file and checks that it builds a DataModel; throws DataModelError.
json::Value read_data_model_file(const std::string& path);

// The issue tracker's credentials, hidden and encrypted like password parameters.
bool is_issue_tracker_credential(std::string_view attribute);

}  // namespace qta::datamodel
