#pragma once
// `quality-time-api token create|list|revoke USERNAME ...`: access tokens for administrators, e.g. for
// a pipeline's account (our addition; users manage their own through /api/v3/tokens).

#include <iosfwd>
#include <string>
#include <vector>

#include "base/config.h"

namespace qta::app {

// `arguments` follow "token". The user must be a local user or have logged in once (its users
// document gives the name and email that changes are described with). `create` prints the secret
// alone on `out`, the only time it is shown. Returns the process exit code: 0 done, 1 failed
// (database, unknown user or token, a refused request), 2 usage error.
int run_token_command(const base::Config& config, const std::vector<std::string>& arguments,
                      std::ostream& out, std::ostream& err);

}  // namespace qta::app
