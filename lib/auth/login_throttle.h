#pragma once
// Brute-force resistance for POST /api/v3/login and for source searches by a secret (our additions to
// v5.8.0).
//
// The rule (defaults; see the LOGIN_THROTTLE_* settings): guesses are counted per username and per
// client address in a window that starts at the first guess and lasts 15 minutes. Once a username has
// 5 guesses, or an address 20, further attempts for it are refused with 429 (and Retry-After) until the
// window ends; their passwords are not even checked. A failed login is a guess, and so is every search
// of sources by a credential (POST /api/v3/source/search {"password": ...}), which tells whether the
// guess matches a stored credential. The two kinds are counted apart, so searching cannot lock anyone
// out of logging in. A successful login clears its username's count of failed logins. So the real user
// is locked out for 15 minutes at most, and a guesser gets 5 tries per 15 minutes per account.
// A failed access-token check (a Bearer token that is malformed, unknown, revoked or expired) is a
// guess too, counted per client address only (it names no user), in counts of its own: over the
// address limit, every Bearer request from that address gets 429 until the window ends.
// The counts live in the database (`login_failures`), so all workers and hosts share them.

#include <cstdint>
#include <string>

#include "base/config.h"
#include "db/database.h"

namespace qta::auth {

struct ThrottleRule {
  int max_failures_per_user = 5;
  int max_failures_per_address = 20;
  int window_seconds = 15 * 60;
};
// The rule the LOGIN_THROTTLE_* settings make.
ThrottleRule throttle_rule(const base::Config& config);

// What a throttle counts; each kind has counts of its own.
enum class Guess { kFailedLogin, kSecretSearch, kTokenCheck };

class LoginThrottle {
 public:
  LoginThrottle(db::Database& database, ThrottleRule rule = {}, Guess kind = Guess::kFailedLogin)
      : database_(database), rule_(rule), kind_(kind) {}
  // Seconds until an attempt is allowed again; 0 when it is allowed now.
  int retry_after(const std::string& username, const std::string& address, std::int64_t now_ms);
  void record_guess(const std::string& username, const std::string& address, std::int64_t now_ms);
  void record_success(const std::string& username);
  // The same for guesses that name no user: counted, and limited, per address only.
  int address_retry_after(const std::string& address, std::int64_t now_ms);
  void record_address_guess(const std::string& address, std::int64_t now_ms);

 private:
  int blocked_seconds(const std::string& key, int limit, std::int64_t now_ms);
  void count_guess(const std::string& key, std::int64_t now_ms);
  std::string user_key(const std::string& username) const;
  std::string address_key(const std::string& address) const;
  db::Database& database_;
  ThrottleRule rule_;
  Guess kind_;
};

}  // namespace qta::auth
