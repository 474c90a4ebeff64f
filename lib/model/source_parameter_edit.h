#pragma once
// Mass editing of a source parameter, as v5.8.0 does it: a new value for one source's parameter goes to
// every source of the same type within the edit scope whose value equals the old one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "model/report_tree.h"

namespace qta::model {

// Ordered from narrow to wide: each scope holds the ones before it.
enum class EditScope { kSource, kMetric, kSubject, kReport, kReports };

// "source", "metric", "subject", "report" or "reports"; nullopt for anything else.
std::optional<EditScope> edit_scope_from_name(std::string_view name);

struct ParameterEdit {
  // The uuids of the changed reports, subjects, metrics and sources, each once, in the order met.
  std::vector<std::string> changed_ids;
  std::size_t nr_sources = 0;  // changed sources, the edited source included
};

// Sets parameter `key` to (a copy of) `new_value` in every source of the edited source's type, within
// `scope` around `edited`, whose value equals `old_value`; all falsy values count as equal. Changes the
// sources within `reports` in place (and so `edited`, which shares their JSON).
ParameterEdit edit_source_parameter(const std::vector<json::Value>& reports, const SourcePlace& edited,
                                    EditScope scope, const std::string& key, const json::Value& old_value,
                                    const json::Value& new_value);

// The reports among `reports` that the edit changed, in their order.
std::vector<json::Value> changed_reports(const std::vector<json::Value>& reports, const ParameterEdit& edit);

}  // namespace qta::model
