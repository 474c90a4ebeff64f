#pragma once
// Checking a user's password against an LDAP directory the way v5.8.0 does, through libldap
// (ldap.h stays in ldap_directory.cpp): bind as the lookup user, search for the user, then compare an
// {SSHA} userPassword or bind as the user. Every network step has a short timeout.

#include <string>
#include <vector>

namespace qta::auth {

struct LdapSettings {
  std::vector<std::string> urls;  // tried in turn
  std::string root_dn;
  std::string lookup_user_dn;
  std::string lookup_user_password;
  std::string search_filter_template;
  int timeout_seconds = 5;
};

struct LdapVerdict {
  enum class Outcome {
    kVerified,
    kWrongPassword,
    kUnknownUser,  // the search found no entry
    kUnavailable,  // no server could be reached, or the lookup bind failed
  };
  Outcome outcome = Outcome::kUnavailable;
  std::string email;        // the entry's mail, or ""
  std::string common_name;  // the entry's cn
};

// `username` must already be sanitised. Logs why a check failed. Never throws.
LdapVerdict verify_ldap_user(const LdapSettings& settings, const std::string& username,
                             const std::string& password);

// Checks a password against an OpenLDAP "{SSHA}base64(sha1(password + salt) + salt)" value.
bool check_ssha_password(const std::string& stored, const std::string& password);

}  // namespace qta::auth
