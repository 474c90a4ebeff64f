// Counting failed logins and searches by secret in the login_failures collection.
#include "auth/login_throttle.h"

namespace qta::auth {

namespace {
constexpr const char* kCollection = "login_failures";

json::Value by_key(const std::string& key) {
  auto filter = json::Value::object();
  filter.set("key", json::Value::string(key));
  return filter;
}

// Failed logins keep the unprefixed keys they always had.
const char* prefix(Guess kind) {
  switch (kind) {
    case Guess::kSecretSearch:
      return "secret_search:";
    case Guess::kTokenCheck:
      return "token:";
    default:
      return "";
  }
}
}  // namespace

ThrottleRule throttle_rule(const base::Config& config) {
  return {config.login_user_failures, config.login_address_failures, config.login_window_seconds};
}

std::string LoginThrottle::user_key(const std::string& username) const {
  return prefix(kind_) + std::string("user:") + username;
}
std::string LoginThrottle::address_key(const std::string& address) const {
  return prefix(kind_) + std::string("address:") + address;
}

int LoginThrottle::blocked_seconds(const std::string& key, int limit, std::int64_t now_ms) {
  auto record = database_.find_one(kCollection, by_key(key));
  if (!record) return 0;
  std::int64_t window_end =
      record->get("window_start").as_integer().value_or(0) + rule_.window_seconds * 1000LL;
  if (now_ms >= window_end || record->get("failures").as_integer().value_or(0) < limit) return 0;
  return static_cast<int>((window_end - now_ms + 999) / 1000);
}

int LoginThrottle::retry_after(const std::string& username, const std::string& address, std::int64_t now_ms) {
  int wait = blocked_seconds(user_key(username), rule_.max_failures_per_user, now_ms);
  if (!address.empty())
    wait = std::max(wait, blocked_seconds(address_key(address), rule_.max_failures_per_address, now_ms));
  return wait;
}

void LoginThrottle::count_guess(const std::string& key, std::int64_t now_ms) {
  auto record = database_.find_one(kCollection, by_key(key));
  bool expired = !record || now_ms >= record->get("window_start").as_integer().value_or(0) +
                                          rule_.window_seconds * 1000LL;
  if (expired) {
    auto fresh = by_key(key);
    fresh.set("failures", json::Value::integer(1));
    fresh.set("window_start", json::Value::integer(now_ms));
    database_.replace_one(kCollection, by_key(key), fresh, true);
  } else {
    database_.update_one(kCollection, by_key(key), json::Value::parse(R"({"$inc": {"failures": 1}})"));
  }
}

void LoginThrottle::record_guess(const std::string& username, const std::string& address,
                                 std::int64_t now_ms) {
  count_guess(user_key(username), now_ms);
  if (!address.empty()) count_guess(address_key(address), now_ms);
}

int LoginThrottle::address_retry_after(const std::string& address, std::int64_t now_ms) {
  return blocked_seconds(address_key(address), rule_.max_failures_per_address, now_ms);
}

void LoginThrottle::record_address_guess(const std::string& address, std::int64_t now_ms) {
  count_guess(address_key(address), now_ms);
}

void LoginThrottle::record_success(const std::string& username) {
  database_.delete_one(kCollection, by_key(user_key(username)));
}

}  // namespace qta::auth
