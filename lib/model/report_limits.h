#pragma once
// How much one report may hold. The routes that add to a report (new, copy, move, import) check the
// report they are about to store, and pushed measurements check their entities, so that no report grows
// to a size whose reads, PDFs and edits take the server minutes and hundreds of megabytes.

#include <cstddef>
#include <string>

#include "base/config.h"
#include "json/json.h"

namespace qta::model {

using base::ReportLimits;

struct ReportSize {
  int subjects = 0;
  int metrics = 0;
  int sources = 0;
  int nesting = 0;
};

// Levels of objects and lists: 0 for a scalar, 1 for {} or {"a": 1}, 2 for {"a": []}.
int nesting_depth(const json::Value& value);
// Counts what the report holds; members of the wrong type count as nothing.
ReportSize measure_report(const json::Value& report);
// "" when the report is within the limits, else what exceeds them, e.g. "the report would hold 2001
// metrics; at most 2000 are allowed".
std::string report_limit_problem(const json::Value& report, const ReportLimits& limits);
// "" when a measurement source may have `entities` entities, else what exceeds the limit.
std::string entity_limit_problem(std::size_t entities, const ReportLimits& limits);

}  // namespace qta::model
