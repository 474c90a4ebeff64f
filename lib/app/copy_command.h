#pragma once
// `quality-time-api copy-report`: the seed document's six curl steps as one command. Fetches the
// destination's public key, logs in to both instances, exports the report encrypted for the destination
// and imports it there.

#include <iosfwd>
#include <string>
#include <vector>

namespace qta::app {

// arguments: SOURCE_URL DESTINATION_URL REPORT_UUID; credentials from the environment:
// QTA_SOURCE_USERNAME/QTA_SOURCE_PASSWORD and QTA_DESTINATION_USERNAME/QTA_DESTINATION_PASSWORD.
// Prints the new report's uuid. Returns 0 on success, 1 on a failed step, 2 on a usage error.
int run_copy_command(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);

}  // namespace qta::app
