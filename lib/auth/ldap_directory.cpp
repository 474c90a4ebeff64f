// libldap behind verify_ldap_user: one RAII handle per check, synchronous calls with timeouts.
#include "auth/ldap_directory.h"

#include <ldap.h>
#include <sys/time.h>

#include <memory>

#include "auth/credentials.h"
#include "base/log.h"
#include "crypto/base64.h"
#include "crypto/password_hash.h"

namespace qta::auth {

namespace {

struct LdapDeleter {
  void operator()(LDAP* handle) const { ldap_unbind_ext_s(handle, nullptr, nullptr); }
};
using LdapPtr = std::unique_ptr<LDAP, LdapDeleter>;
struct MessageDeleter {
  void operator()(LDAPMessage* message) const { ldap_msgfree(message); }
};
using MessagePtr = std::unique_ptr<LDAPMessage, MessageDeleter>;
struct ValuesDeleter {
  void operator()(berval** values) const { ldap_value_free_len(values); }
};
using ValuesPtr = std::unique_ptr<berval*, ValuesDeleter>;
struct DnDeleter {
  void operator()(char* dn) const { ldap_memfree(dn); }
};
using DnPtr = std::unique_ptr<char, DnDeleter>;

LdapPtr connect(const std::string& url, int timeout_seconds) {
  LDAP* raw = nullptr;
  if (ldap_initialize(&raw, url.c_str()) != LDAP_SUCCESS) return nullptr;
  LdapPtr handle(raw);
  int version = LDAP_VERSION3;
  ldap_set_option(handle.get(), LDAP_OPT_PROTOCOL_VERSION, &version);
  timeval timeout{timeout_seconds, 0};
  ldap_set_option(handle.get(), LDAP_OPT_NETWORK_TIMEOUT, &timeout);
  ldap_set_option(handle.get(), LDAP_OPT_TIMEOUT, &timeout);
  ldap_set_option(handle.get(), LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  return handle;
}

int simple_bind(LDAP* handle, const std::string& dn, const std::string& password) {
  berval credentials{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
  return ldap_sasl_bind_s(handle, dn.c_str(), LDAP_SASL_SIMPLE, &credentials, nullptr, nullptr, nullptr);
}

std::string first_value(LDAP* handle, LDAPMessage* entry, const char* attribute) {
  ValuesPtr values(ldap_get_values_len(handle, entry, attribute));
  if (!values || values.get()[0] == nullptr) return "";
  return std::string(values.get()[0]->bv_val, values.get()[0]->bv_len);
}

}  // namespace

bool check_ssha_password(const std::string& stored, const std::string& password) {
  static constexpr std::string_view kPrefix = "{SSHA}";
  if (!std::string_view(stored).starts_with(kPrefix)) {
    base::log_warning("Only SSHA LDAP password digest supported!");
    return false;
  }
  auto digest_and_salt = crypto::base64_decode(std::string_view(stored).substr(kPrefix.size()));
  if (!digest_and_salt || digest_and_salt->size() < 20) return false;
  std::string digest = digest_and_salt->substr(0, 20);
  std::string salt = digest_and_salt->substr(20);
  return crypto::constant_time_equal(crypto::sha1(password + salt), digest);
}

LdapVerdict verify_ldap_user(const LdapSettings& settings, const std::string& username,
                             const std::string& password) {
  LdapVerdict verdict;
  for (const auto& url : settings.urls) {
    LdapPtr handle = connect(url, settings.timeout_seconds);
    if (!handle) {
      base::log_warning("LDAP error: invalid LDAP URL {}", url);
      continue;
    }
    int result = simple_bind(handle.get(), settings.lookup_user_dn, settings.lookup_user_password);
    if (result == LDAP_SERVER_DOWN || result == LDAP_TIMEOUT || result == LDAP_CONNECT_ERROR) {
      base::log_warning("LDAP error: server {} unreachable: {}", url, ldap_err2string(result));
      continue;  // try the next server
    }
    if (result != LDAP_SUCCESS) {
      base::log_warning("LDAP error: lookup bind as {} on {} failed: {}", settings.lookup_user_dn, url,
                        ldap_err2string(result));
      return verdict;
    }
    std::string filter = fill_search_filter(settings.search_filter_template, username);
    char userPassword[] = "userPassword", cn[] = "cn", mail[] = "mail";
    char* attributes[] = {userPassword, cn, mail, nullptr};
    timeval timeout{settings.timeout_seconds, 0};
    LDAPMessage* raw_message = nullptr;
    result = ldap_search_ext_s(handle.get(), settings.root_dn.c_str(), LDAP_SCOPE_SUBTREE, filter.c_str(),
                               attributes, 0, nullptr, nullptr, &timeout, 0, &raw_message);
    MessagePtr message(raw_message);
    if (result != LDAP_SUCCESS) {
      base::log_warning("LDAP error: search for {} on {} failed: {}", filter, url, ldap_err2string(result));
      return verdict;
    }
    LDAPMessage* entry = ldap_first_entry(handle.get(), message.get());
    if (entry == nullptr) {
      base::log_info("LDAP: no entry for {} under {}", filter, settings.root_dn);
      verdict.outcome = LdapVerdict::Outcome::kUnknownUser;
      return verdict;
    }
    DnPtr dn(ldap_get_dn(handle.get(), entry));
    std::string stored_password = first_value(handle.get(), entry, "userPassword");
    verdict.email = first_value(handle.get(), entry, "mail");
    verdict.common_name = first_value(handle.get(), entry, "cn");
    bool verified = false;
    if (!stored_password.empty()) {
      verified = check_ssha_password(stored_password, password);
      if (verified) base::log_info("LDAP salted password check for {} succeeded", username);
    } else if (dn && !password.empty()) {  // an empty password would make an anonymous bind "succeed"
      LdapPtr user_handle = connect(url, settings.timeout_seconds);
      verified = user_handle && simple_bind(user_handle.get(), dn.get(), password) == LDAP_SUCCESS;
      if (verified) base::log_info("LDAP bind for {} succeeded", username);
    }
    verdict.outcome = verified ? LdapVerdict::Outcome::kVerified : LdapVerdict::Outcome::kWrongPassword;
    if (!verified) base::log_warning("LDAP error: invalid credentials for {}", username);
    return verdict;
  }
  base::log_error("LDAP error: no LDAP server reachable ({} tried)", settings.urls.size());
  return verdict;
}

}  // namespace qta::auth
