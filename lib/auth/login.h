#pragma once
// Deciding who logs in: forwarded authentication, LDAP, or our local users.

#include <string>

#include "base/config.h"
#include "db/database.h"

namespace qta::auth {

struct LoginOutcome {
  bool verified = false;
  std::string username;
  std::string email;
  std::string common_name;
  bool store_user = false;  // write the users document (LDAP and local users; not forwarded auth)
};

// Checks a (sanitised) username and password: against LDAP when LDAP_URL is configured, and against
// the local users when LDAP is not configured or does not know the user. A wrong LDAP password or an
// unreachable directory does not fall back to local users.
LoginOutcome verify_credentials(const base::Config& config, db::Database& database,
                                const std::string& username, const std::string& password);

}  // namespace qta::auth
