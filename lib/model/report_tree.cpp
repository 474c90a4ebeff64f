// Finding, naming, copying and reordering report items.
#include "model/report_tree.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "crypto/random.h"
#include "model/python_format.h"

namespace qta::model {

std::optional<json::Value> find_report(const std::vector<json::Value>& reports,
                                       const std::string& report_uuid) {
  for (const auto& report : reports) {
    if (report.get_string("report_uuid") == report_uuid) return report;
  }
  return std::nullopt;
}

std::optional<SubjectPlace> find_subject(const std::vector<json::Value>& reports,
                                         const std::string& subject_uuid) {
  for (const auto& report : reports) {
    auto subject = report.get("subjects").get(subject_uuid);
    if (subject.is_object()) return SubjectPlace{report, subject_uuid, subject};
  }
  return std::nullopt;
}

std::optional<MetricPlace> find_metric(const std::vector<json::Value>& reports,
                                       const std::string& metric_uuid) {
  for (const auto& report : reports) {
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      auto metric = subject.get("metrics").get(metric_uuid);
      if (metric.is_object()) return MetricPlace{{report, subject_uuid, subject}, metric_uuid, metric};
    }
  }
  return std::nullopt;
}

std::optional<SourcePlace> find_source(const std::vector<json::Value>& reports,
                                       const std::string& source_uuid) {
  for (const auto& report : reports) {
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
        auto source = metric.get("sources").get(source_uuid);
        if (source.is_object()) {
          return SourcePlace{{{report, subject_uuid, subject}, metric_uuid, metric}, source_uuid, source};
        }
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> metric_uuids(const std::vector<json::Value>& reports) {
  std::vector<std::string> uuids;
  for (const auto& report : reports) {
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) uuids.push_back(metric_uuid);
    }
  }
  return uuids;
}

json::Value children(json::Value& item, const char* key) {
  auto map = item.get(key);
  if (!map.is_object()) {
    map = json::Value::object();
    item.set(key, map);
  }
  return map;
}

bool truthy(const json::Value& value) {
  if (!value.present() || value.is_null()) return false;
  if (auto flag = value.as_boolean()) return *flag;
  if (auto number = value.as_number()) return *number != 0;
  if (auto text = value.as_string()) return !text->empty();
  return value.size() > 0;
}

std::string report_title(const json::Value& report) {
  return python_str(report.get("title").present() ? report.get("title") : json::Value::string(""));
}

std::string subject_name(const json::Value& subject, const datamodel::DataModel& data_model) {
  if (truthy(subject.get("name"))) return python_str(subject.get("name"));
  const auto* type = data_model.subject(subject.get_string("type"));
  return type != nullptr ? type->name : subject.get_string("type");
}

std::string metric_name(const json::Value& metric, const datamodel::DataModel& data_model) {
  if (truthy(metric.get("name"))) return python_str(metric.get("name"));
  const auto* type = data_model.metric(metric.get_string("type"));
  return type != nullptr ? type->name : metric.get_string("type");
}

std::string source_name(const json::Value& source) { return python_str(source.get("name")); }

std::string source_type_name(const json::Value& source, const datamodel::DataModel& data_model) {
  const auto* type = data_model.source(source.get_string("type"));
  return type != nullptr ? type->name : source.get_string("type");
}

namespace {
json::Value renamed(json::Value copy, const std::string& name) {
  copy.set("name", json::Value::string(name + " (copy)"));
  return copy;
}

json::Value copy_children(const json::Value& children_map,
                          const std::function<json::Value(const json::Value&)>& copy) {
  auto result = json::Value::object();
  for (const auto& [uuid, child] : children_map.items()) result.set(crypto::uuid4(), copy(child));
  return result;
}
}  // namespace

json::Value copy_source(const json::Value& source, const datamodel::DataModel& data_model, bool rename) {
  auto copy = source.deep_copy();
  if (!rename) return copy;
  return renamed(copy, truthy(source.get("name")) ? python_str(source.get("name"))
                                                  : source_type_name(source, data_model));
}

json::Value copy_metric(const json::Value& metric, const datamodel::DataModel& data_model, bool rename) {
  auto copy = metric.deep_copy();
  copy.set("sources", copy_children(metric.get("sources"), [&](const json::Value& source) {
             return copy_source(source, data_model, false);
           }));
  return rename ? renamed(copy, metric_name(metric, data_model)) : copy;
}

json::Value copy_subject(const json::Value& subject, const datamodel::DataModel& data_model, bool rename) {
  auto copy = subject.deep_copy();
  copy.set("metrics", copy_children(subject.get("metrics"), [&](const json::Value& metric) {
             return copy_metric(metric, data_model, false);
           }));
  return rename ? renamed(copy, subject_name(subject, data_model)) : copy;
}

json::Value copy_report(const json::Value& report, const datamodel::DataModel& data_model) {
  auto copy = report.deep_copy();
  copy.set("report_uuid", json::Value::string(crypto::uuid4()));
  copy.set("title", json::Value::string(report_title(report) + " (copy)"));
  copy.set("subjects", copy_children(report.get("subjects"), [&](const json::Value& subject) {
             return copy_subject(subject, data_model, false);
           }));
  return copy;
}

Reordering reorder(json::Value& container, const char* map_key, const std::string& key,
                   const std::string& position) {
  auto items = container.get(map_key).items();
  int count = static_cast<int>(items.size());
  int old_index = 0;
  while (old_index < count && items[old_index].first != key) ++old_index;
  if (old_index == count) throw std::logic_error("reorder: no item " + key);
  int new_index;
  if (position == "first") {
    new_index = 0;
  } else if (position == "last") {
    new_index = count - 1;
  } else if (position == "previous") {
    new_index = std::max(0, old_index - 1);
  } else if (position == "next") {
    new_index = std::min(count - 1, old_index + 1);
  } else {
    throw std::invalid_argument("position must be first, last, previous or next");
  }
  auto moved = items[old_index];
  items.erase(items.begin() + old_index);
  items.insert(items.begin() + new_index, moved);
  auto reordered = json::Value::object();
  for (const auto& [item_key, item] : items) reordered.set(item_key, item);
  container.set(map_key, reordered);
  return {old_index, new_index};
}

void append_child(json::Value& container, const char* map_key, const std::string& key, json::Value item) {
  children(container, map_key).set(key, std::move(item));
}

void remove_child(json::Value& container, const char* map_key, const std::string& key) {
  children(container, map_key).erase(key);
}

}  // namespace qta::model
