#pragma once
// Our measurement ingest (an addition to v5.8.0): turning pushed source values into the measurement
// document Quality-time's collector would store for the same values.

#include <string>

#include "datamodel/data_model.h"
#include "json/json.h"
#include "model/measurement.h"
#include "model/report_limits.h"

namespace qta::model {

class IngestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `pushed` is {"sources": [{"source_uuid", "value", "total"?, "entities"?}, ...]}. Every source of the
// metric must be given once, with a value that fits the metric's scale. Throws IngestError saying what
// is wrong. `previous` (the metric's latest measurement, or absent) supplies entity user data, entities'
// first-seen times and the status starts, as the collector takes them over. A source with more entities
// than `limits.entities` is an error.
json::Value measurement_from_push(const json::Value& pushed, const std::string& report_uuid,
                                  const std::string& metric_uuid, const json::Value& metric,
                                  const json::Value& previous, const datamodel::DataModel& data_model,
                                  const Now& when, const ReportLimits& limits);

}  // namespace qta::model
