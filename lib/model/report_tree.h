#pragma once
// Reports as stored: JSON documents with subjects → metrics → sources in ordered maps keyed by uuid.
// These functions find items, name them as v5.8.0's descriptions do, copy and reorder them. The found
// items share their JSON with the report, so changing them changes the report.

#include <optional>
#include <string>
#include <vector>

#include "datamodel/data_model.h"
#include "json/json.h"

namespace qta::model {

struct SubjectPlace {
  json::Value report;
  std::string subject_uuid;
  json::Value subject;
};
struct MetricPlace : SubjectPlace {
  std::string metric_uuid;
  json::Value metric;
};
struct SourcePlace : MetricPlace {
  std::string source_uuid;
  json::Value source;
};

std::optional<json::Value> find_report(const std::vector<json::Value>& reports,
                                       const std::string& report_uuid);
std::optional<SubjectPlace> find_subject(const std::vector<json::Value>& reports,
                                         const std::string& subject_uuid);
std::optional<MetricPlace> find_metric(const std::vector<json::Value>& reports,
                                       const std::string& metric_uuid);
std::optional<SourcePlace> find_source(const std::vector<json::Value>& reports,
                                       const std::string& source_uuid);

// The uuids of all metrics of the reports.
std::vector<std::string> metric_uuids(const std::vector<json::Value>& reports);

// The child map of an item ("subjects", "metrics", "sources"), created empty when missing.
json::Value children(json::Value& item, const char* key);

// Names as v5.8.0's descriptions show them.
std::string report_title(const json::Value& report);  // title, or ""
std::string subject_name(const json::Value& subject, const datamodel::DataModel& data_model);
std::string metric_name(const json::Value& metric, const datamodel::DataModel& data_model);
std::string source_name(const json::Value& source);  // the name only: "None" without one
std::string source_type_name(const json::Value& source, const datamodel::DataModel& data_model);

// Python truthiness: null, false, 0, "", [] and {} are false.
bool truthy(const json::Value& value);

// Copies with new uuids for every child; `rename` appends " (copy)" to the item's own name (or its
// type's name), as v5.8.0 names copies.
json::Value copy_source(const json::Value& source, const datamodel::DataModel& data_model, bool rename);
json::Value copy_metric(const json::Value& metric, const datamodel::DataModel& data_model, bool rename);
json::Value copy_subject(const json::Value& subject, const datamodel::DataModel& data_model, bool rename);
json::Value copy_report(const json::Value& report, const datamodel::DataModel& data_model);

struct Reordering {
  int old_index;
  int new_index;
};
// Moves `key` within the ordered map `container[map_key]` to first, last, previous or next. Throws
// std::invalid_argument for another position.
Reordering reorder(json::Value& container, const char* map_key, const std::string& key,
                   const std::string& position);

// Appends `key: item` at the end of an ordered map / removes a key, keeping the order of the others.
void append_child(json::Value& container, const char* map_key, const std::string& key, json::Value item);
void remove_child(json::Value& container, const char* map_key, const std::string& key);

}  // namespace qta::model
