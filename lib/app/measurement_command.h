#pragma once
// `quality-time-api measurement add METRIC_UUID SOURCE_UUID=VALUE ...`: the ingest API from a shell, for
// cron jobs and pipelines that reach the database but not the web server.

#include <iosfwd>
#include <string>
#include <vector>

#include "base/config.h"

namespace qta::app {

// Returns the exit code: 0 stored, 1 refused (unknown metric, bad value, database), 2 usage error.
int run_measurement_command(const base::Config& config, const std::vector<std::string>& arguments,
                            std::ostream& out, std::ostream& err);

}  // namespace qta::app
