// LDAP first, local users second.
#include "auth/login.h"

#include "auth/ldap_directory.h"
#include "base/log.h"
#include "crypto/password_hash.h"
#include "db/sessions.h"

namespace qta::auth {

namespace {
LoginOutcome verify_local_user(db::Database& database, const std::string& username,
                               const std::string& password) {
  LoginOutcome outcome;
  outcome.username = username;
  auto user = db::find_local_user(database, username);
  if (!user) {
    // Spend the same time as a real check, so that response times do not reveal which users exist.
    crypto::spend_password_check(password);
    base::log_info("login: no local user {}", username);
    return outcome;
  }
  outcome.verified = crypto::verify_password(password, user->password_hash);
  outcome.email = user->email;
  outcome.common_name = user->common_name;
  outcome.store_user = outcome.verified;
  base::log_info("login: local user {} {}", username,
                 outcome.verified ? "verified" : "gave a wrong password");
  return outcome;
}
}  // namespace

LoginOutcome verify_credentials(const base::Config& config, db::Database& database,
                                const std::string& username, const std::string& password) {
  // The frontend sends empty credentials on every page load (to learn whether forwarded authentication is
  // on); an empty password can never be right, so it costs neither a hash nor a directory lookup.
  if (username.empty() || password.empty()) {
    LoginOutcome refused;
    refused.username = username;
    return refused;
  }
  if (!config.ldap_configured) return verify_local_user(database, username, password);
  LdapSettings settings{config.ldap_urls,           config.ldap_root_dn,
                        config.ldap_lookup_user_dn, config.ldap_lookup_user_password,
                        config.ldap_search_filter,  5};
  LdapVerdict verdict = verify_ldap_user(settings, username, password);
  if (verdict.outcome == LdapVerdict::Outcome::kUnknownUser)
    return verify_local_user(database, username, password);
  LoginOutcome outcome;
  outcome.username = username;
  outcome.verified = verdict.outcome == LdapVerdict::Outcome::kVerified;
  outcome.email = verdict.email;
  outcome.common_name = verdict.common_name;
  outcome.store_user = outcome.verified;
  return outcome;
}

}  // namespace qta::auth
