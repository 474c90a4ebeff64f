#pragma once
// Measurement values and statuses, computed as Quality-time v5.8.0 (and its collector) computes them:
// per scale, the value from the sources (minus ignored entities), then the status against the metric's
// targets. Pure functions over JSON documents, so they are tested case by case without a database.

#include <string>

#include "datamodel/data_model.h"
#include "json/json.h"

namespace qta::model {

// What "now" means for the rules that depend on the date: v5.8.0 uses the server's local date for debt
// end dates and the local time for entity status end dates.
struct Now {
  std::string iso_timestamp;    // UTC, stored in start and end
  std::string local_date;       // YYYY-MM-DD, the server's local date
  std::string local_date_time;  // YYYY-MM-DDTHH:MM:SS, the server's local time
};
Now now();

// Round-half-up percentage of numerator / denominator; for a zero denominator 0 (direction "<") or 100.
long long percentage(long long numerator, long long denominator, const std::string& direction);

// Fills in `measurement` as a new measurement of `metric` (start and end set to now): targets on the
// metric's current scale, and value, status and status start on every scale of the metric type.
// `previous` is the measurement before it (absent for the first); it supplies the status starts.
void update_measurement(json::Value& measurement, const json::Value& previous, const json::Value& metric,
                        const datamodel::DataModel& data_model, const Now& when);

// A copy of `latest` to recompute after a change to the metric or an entity (v5.8.0's copy-and-recompute):
// all fields but _id, start and end set to now, then update_measurement().
json::Value copy_and_recompute(const json::Value& latest, const json::Value& metric,
                               const datamodel::DataModel& data_model, const Now& when);

// True when the metric's accepted technical debt has an end date before the local date.
bool debt_end_date_passed(const json::Value& metric, const std::string& local_date);

}  // namespace qta::model
