#pragma once
// Report summaries for GET /api/v3/report and the metric status summary: each metric's status from its
// latest measurement (as the collector stored it), and the count of metrics per status colour.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "datamodel/data_model.h"
#include "json/json.h"

namespace qta::model {

using MeasurementsByMetric = std::map<std::string, std::vector<json::Value>>;

// The metric's scale: its own, else its type's default, else "count".
std::string metric_scale(const json::Value& metric, const datamodel::DataModel& data_model);
// The status of the metric given its latest measurement (or none): the measurement's status on the
// metric's scale; without one, debt_target_met while accepted debt has not ended, else null.
json::Value metric_status(const json::Value& metric, const json::Value& latest_measurement,
                          const datamodel::DataModel& data_model);
// "green", "red", ... for a status; "white" for none.
std::string status_color(const json::Value& status);

// The report with a "summary" of status colours and each metric's status, measurements and issues.
json::Value summarize_report(const json::Value& report, const MeasurementsByMetric& measurements,
                             const datamodel::DataModel& data_model);
// {"red": n, "green": n, "yellow": n, "grey": n, "blue": n, "white": n} over the report's metrics.
json::Value status_colors(const json::Value& report, const MeasurementsByMetric& measurements,
                          const datamodel::DataModel& data_model);

}  // namespace qta::model
