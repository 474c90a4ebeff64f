// The limits on what one report holds, counted over the stored document.
#include "model/report_limits.h"

#include <algorithm>

namespace qta::model {

namespace {

// The members of `item[key]` when it is an object; nothing otherwise.
std::vector<std::pair<std::string, json::Value>> members(const json::Value& item, const char* key) {
  auto map = item.get(key);
  if (!map.is_object()) return {};
  return map.items();
}

std::string too_many(int count, const char* what, int limit) {
  return "the report would hold " + std::to_string(count) + " " + what + "; at most " +
         std::to_string(limit) + " are allowed";
}

}  // namespace

int nesting_depth(const json::Value& value) {
  int deepest = 0;
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) deepest = std::max(deepest, nesting_depth(member));
  } else if (value.is_array()) {
    for (const auto& element : value.elements()) deepest = std::max(deepest, nesting_depth(element));
  } else {
    return 0;
  }
  return deepest + 1;
}

ReportSize measure_report(const json::Value& report) {
  ReportSize size;
  size.nesting = nesting_depth(report);
  for (const auto& [subject_uuid, subject] : members(report, "subjects")) {
    ++size.subjects;
    for (const auto& [metric_uuid, metric] : members(subject, "metrics")) {
      ++size.metrics;
      size.sources += static_cast<int>(members(metric, "sources").size());
    }
  }
  return size;
}

std::string report_limit_problem(const json::Value& report, const ReportLimits& limits) {
  ReportSize size = measure_report(report);
  if (size.nesting > limits.nesting) {
    return "the report is nested " + std::to_string(size.nesting) + " levels deep; at most " +
           std::to_string(limits.nesting) + " are allowed";
  }
  if (size.subjects > limits.subjects) return too_many(size.subjects, "subjects", limits.subjects);
  if (size.metrics > limits.metrics) return too_many(size.metrics, "metrics", limits.metrics);
  if (size.sources > limits.sources) return too_many(size.sources, "sources", limits.sources);
  return "";
}

std::string entity_limit_problem(std::size_t entities, const ReportLimits& limits) {
  if (entities <= static_cast<std::size_t>(limits.entities)) return "";
  return "a source may have at most " + std::to_string(limits.entities) + " entities, not " +
         std::to_string(entities);
}

}  // namespace qta::model
