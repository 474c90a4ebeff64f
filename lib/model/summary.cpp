// Metric statuses and report summaries from stored measurements.
#include "model/summary.h"

#include <algorithm>

#include "base/date_time.h"
#include "model/report_tree.h"

namespace qta::model {

namespace {

json::Value latest_of(const MeasurementsByMetric& measurements, const std::string& metric_uuid) {
  auto found = measurements.find(metric_uuid);
  if (found == measurements.end() || found->second.empty()) return json::Value();
  return found->second.back();
}

bool debt_end_date_passed(const json::Value& metric) {
  auto end_date = metric.get("debt_end_date");
  if (!truthy(end_date)) return false;  // no end date: debt never ends
  return base::local_date_today() > end_date.as_string().value_or("9999-12-31");
}

json::Value colors_template() {
  return json::Value::parse(R"({"red": 0, "green": 0, "yellow": 0, "grey": 0, "blue": 0, "white": 0})");
}

void count_color(json::Value& colors, const std::string& color) {
  colors.set(color, json::Value::integer(colors.get(color).as_integer().value_or(0) + 1));
}

// True when every source the measurement mentions is still a source of the metric.
bool sources_exist(const json::Value& measurement, const json::Value& metric) {
  auto sources = metric.get("sources");
  for (const auto& source : measurement.get("sources").elements()) {
    if (!sources.get(source.get_string("source_uuid")).present()) return false;
  }
  return true;
}

json::Value summarize_metric(const json::Value& metric, const std::vector<json::Value>& measurements,
                             const datamodel::DataModel& data_model) {
  auto summary = metric.deep_copy();
  std::string scale = metric_scale(metric, data_model);
  json::Value latest = measurements.empty() ? json::Value() : measurements.back();
  summary.set("scale", json::Value::string(scale));
  summary.set("status", metric_status(metric, latest, data_model));
  auto status_start = latest.present() ? latest.get(scale).get("status_start") : json::Value();
  summary.set("status_start", status_start.present() ? status_start : json::Value::null());
  summary.set("latest_measurement", latest.present() ? latest : json::Value::null());
  auto recent = json::Value::array();
  for (const auto& measurement : measurements) {
    auto scale_summary = json::Value::object();
    auto value = measurement.get(scale).get("value");
    scale_summary.set("value", value.present() ? value : json::Value::null());
    auto status = measurement.get(scale).get("status");
    if (!status.present()) status = measurement.get("status");  // legacy measurements
    scale_summary.set("status", status.present() ? status : json::Value::null());
    auto entry = json::Value::object();
    entry.set(scale, scale_summary);
    entry.set("start", measurement.get("start"));
    entry.set("end", measurement.get("end"));
    recent.append(entry);
  }
  summary.set("recent_measurements", recent);
  if (latest.present()) {
    auto issue_ids = metric.get("issue_ids");
    auto issue_status = json::Value::array();
    for (const auto& status : latest.get("issue_status").elements()) {
      for (const auto& id : issue_ids.elements()) {
        if (id == status.get("issue_id")) {
          issue_status.append(status);
          break;
        }
      }
    }
    summary.set("issue_status", issue_status);
  }
  return summary;
}

}  // namespace

std::string metric_scale(const json::Value& metric, const datamodel::DataModel& data_model) {
  if (truthy(metric.get("scale"))) return metric.get_string("scale", "count");
  const auto* type = data_model.metric(metric.get_string("type"));
  return type != nullptr && !type->default_scale.empty() ? type->default_scale : "count";
}

json::Value metric_status(const json::Value& metric, const json::Value& latest_measurement,
                          const datamodel::DataModel& data_model) {
  if (latest_measurement.present()) {
    std::string scale = metric_scale(metric, data_model);
    auto status = latest_measurement.get(scale).get("status");
    if (!status.present()) status = latest_measurement.get("status");  // legacy measurements
    if (truthy(status)) return status;
  }
  bool accept_debt = truthy(metric.get("accept_debt"));
  return accept_debt && !debt_end_date_passed(metric) ? json::Value::string("debt_target_met")
                                                      : json::Value::null();
}

std::string status_color(const json::Value& status) {
  static const std::map<std::string, std::string> kColors = {{"target_met", "green"},
                                                             {"debt_target_met", "grey"},
                                                             {"near_target_met", "yellow"},
                                                             {"target_not_met", "red"},
                                                             {"informative", "blue"}};
  auto found = kColors.find(status.as_string().value_or(""));
  return found == kColors.end() ? "white" : found->second;
}

json::Value status_colors(const json::Value& report, const MeasurementsByMetric& measurements,
                          const datamodel::DataModel& data_model) {
  auto colors = colors_template();
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      count_color(colors,
                  status_color(metric_status(metric, latest_of(measurements, metric_uuid), data_model)));
    }
  }
  return colors;
}

namespace {
// A deep copy of `object` with `key` set to `value`, in the place the copy would have had it: the members
// that are replaced anyway (a report's subjects, a subject's metrics) are not copied first.
json::Value copy_with(const json::Value& object, std::string_view key, const json::Value& value) {
  auto copy = json::Value::object();
  for (const auto& [member, member_value] : object.items())
    copy.set(member, member == key ? value : member_value.deep_copy());
  copy.set(key, value);
  return copy;
}
}  // namespace

json::Value summarize_report(const json::Value& report, const MeasurementsByMetric& measurements,
                             const datamodel::DataModel& data_model) {
  auto colors = status_colors(report, measurements, data_model);
  auto subjects = json::Value::object();
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    auto metrics = json::Value::object();
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      std::vector<json::Value> kept;
      auto found = measurements.find(metric_uuid);
      if (found != measurements.end()) {
        std::copy_if(found->second.begin(), found->second.end(), std::back_inserter(kept),
                     [&metric = metric](const json::Value& measurement) {
                       return sources_exist(measurement, metric);
                     });
      }
      metrics.set(metric_uuid, summarize_metric(metric, kept, data_model));
    }
    subjects.set(subject_uuid, copy_with(subject, "metrics", metrics));
  }
  // As a copy of the report that gets "summary" and then "subjects": a stored "subjects" keeps its place.
  auto summary = json::Value::object();
  for (const auto& [member, value] : report.items()) {
    summary.set(member, member == "subjects" ? subjects : value.deep_copy());
  }
  summary.set("summary", colors);
  summary.set("subjects", subjects);
  return summary;
}

}  // namespace qta::model
