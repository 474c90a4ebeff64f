// Which sources a source parameter edit changes, per edit scope.
#include "model/source_parameter_edit.h"

#include <algorithm>
#include <set>

#include "model/python_format.h"

namespace qta::model {

namespace {

// What the walk over the reports needs to know of the edit.
struct Edit {
  const SourcePlace& edited;
  EditScope scope;
  std::string source_type;
  const std::string& key;
  const json::Value& old_value;
  const json::Value& new_value;
};

bool in_scope(const Edit& edit, EditScope narrowest, const std::string& uuid,
              const std::string& edited_uuid) {
  return edit.scope > narrowest || uuid == edited_uuid;
}

// Sets the new value when the source's value equals the old one; returns whether it did.
bool edit_source(const Edit& edit, json::Value source) {
  if (source.get_string("type") != edit.source_type) return false;
  auto parameters = children(source, "parameters");
  auto current = parameters.get(edit.key);
  bool same = truthy(current) || truthy(edit.old_value) ? python_equal(current, edit.old_value) : true;
  if (!same) return false;
  parameters.set(edit.key, edit.new_value.deep_copy());
  return true;
}

void add_id(std::vector<std::string>& ids, const std::string& id) {
  if (std::ranges::find(ids, id) == ids.end()) ids.push_back(id);
}

}  // namespace

std::optional<EditScope> edit_scope_from_name(std::string_view name) {
  if (name == "source") return EditScope::kSource;
  if (name == "metric") return EditScope::kMetric;
  if (name == "subject") return EditScope::kSubject;
  if (name == "report") return EditScope::kReport;
  if (name == "reports") return EditScope::kReports;
  return std::nullopt;
}

ParameterEdit edit_source_parameter(const std::vector<json::Value>& reports, const SourcePlace& edited,
                                    EditScope scope, const std::string& key, const json::Value& old_value,
                                    const json::Value& new_value) {
  Edit edit{edited, scope, edited.source.get_string("type"), key, old_value, new_value};
  ParameterEdit result;
  std::set<std::string> sources;
  for (const auto& report : reports) {
    std::string report_uuid = report.get_string("report_uuid");
    if (!in_scope(edit, EditScope::kReport, report_uuid, edited.report.get_string("report_uuid"))) continue;
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      if (!in_scope(edit, EditScope::kSubject, subject_uuid, edited.subject_uuid)) continue;
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
        if (!in_scope(edit, EditScope::kMetric, metric_uuid, edited.metric_uuid)) continue;
        for (const auto& [source_uuid, source] : metric.get("sources").items()) {
          if (!in_scope(edit, EditScope::kSource, source_uuid, edited.source_uuid)) continue;
          if (!edit_source(edit, source)) continue;
          for (const auto& id : {report_uuid, subject_uuid, metric_uuid, source_uuid})
            add_id(result.changed_ids, id);
          sources.insert(source_uuid);
        }
      }
    }
  }
  result.nr_sources = sources.size();
  return result;
}

std::vector<json::Value> changed_reports(const std::vector<json::Value>& reports, const ParameterEdit& edit) {
  std::vector<json::Value> changed;
  for (const auto& report : reports) {
    if (std::ranges::find(edit.changed_ids, report.get_string("report_uuid")) != edit.changed_ids.end()) {
      changed.push_back(report);
    }
  }
  return changed;
}

}  // namespace qta::model
