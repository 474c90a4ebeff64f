#pragma once
// `quality-time-api user add|passwd|remove|list`: managing local users (those who log in without LDAP).

#include <iosfwd>
#include <string>
#include <vector>

#include "base/config.h"

namespace qta::app {

// `arguments` follow "user". `remove` also revokes the user's access tokens. Passwords are read from `in`
// (one line; prompted for on a terminal). Returns the process exit code: 0 done, 1 failed (database, unknown
// user), 2 usage error.
int run_user_command(const base::Config& config, const std::vector<std::string>& arguments, std::istream& in,
                     std::ostream& out, std::ostream& err);

}  // namespace qta::app
