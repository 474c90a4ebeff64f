#pragma once
// Access tokens for scripts and pipelines (our addition to v5.8.0): the rules, and issuing a token
// (db/access_tokens.h stores them; auth::authorize accepts them). A token is a secret that acts as its
// owner with at most the permissions it was given. The secret is "qta_" and 43 base64url characters
// (256 random bits); only its SHA-256 is stored, which is enough for a secret that cannot be guessed
// (no salt or slow hash needed).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/session.h"
#include "db/access_tokens.h"
#include "db/database.h"
#include "json/json.h"

namespace qta::auth {

inline constexpr std::string_view kTokenPrefix = "qta_";
inline constexpr std::size_t kMaxTokenNameLength = 100;
inline constexpr std::size_t kMaxTokensPerUser = 25;

// A new random secret. Throws std::runtime_error when the random generator fails.
std::string new_token_secret();
// True for text of the form new_token_secret() makes; anything else is no token, unlooked-up.
bool looks_like_token_secret(std::string_view text);
// What is stored of a secret and looked up by: lower-case hexadecimal SHA-256.
std::string token_secret_hash(std::string_view secret);

// The token of an "Authorization: Bearer <token>" header value (scheme case-insensitive, as RFC 6750
// has it); nullopt for another scheme. An empty token is "" (a failed check, not a missing one).
std::optional<std::string> bearer_token(std::string_view authorization);

std::optional<Permission> permission_named(std::string_view name);
json::Value permission_names(const std::vector<Permission>& permissions);

// A request to create a token, checked: a name, an optional expiry (an ISO timestamp "+00:00", no
// fraction, as Quality-time stores times) and the permissions it grants.
struct TokenRequest {
  std::string name;
  std::optional<std::string> expiration;
  std::vector<Permission> permissions;
};

// Checks a creation request's body {"name", "expiration_datetime"?, "permissions"?} against the
// permissions its owner has now (`granted`); without "permissions" the token gets all of `granted`.
// `now` is an ISO timestamp. Throws http::Error(kBadRequest) naming what is wrong: not an object,
// unknown fields, a missing, empty, too long or non-text name, an expiry that is no date or time or not
// in the future, permissions that are not a list of distinct known names or more than the owner has.
TokenRequest parse_token_request(const json::Value& body, const std::vector<Permission>& granted,
                                 const std::string& now);

// An expiry as a client writes it ("2027-01-31", "2027-01-31T12:00:00Z", "...+02:00", fractions
// allowed) as a stored ISO timestamp in UTC; nullopt for anything else, impossible dates included.
std::optional<std::string> normalized_expiration(std::string_view text);

struct IssuedToken {
  db::AccessTokenRecord token;
  std::string secret;  // shown once, to whoever asked for the token; stored nowhere
};

// Creates a token for `owner` (a login session or a user an administrator names) from a creation
// request's body, checked as parse_token_request does against what the owner has now, and stores it
// unless the owner already has kMaxTokensPerUser tokens. Throws http::Error(kBadRequest) for a request
// that is refused; nothing is stored then.
IssuedToken issue_access_token(db::Database& database, const Session& owner, const json::Value& body);

// A token as its owner sees it: id, name, permissions, created, expiration_datetime (null when it does
// not expire) and whether it has expired by `now`. Never the secret or its hash.
json::Value token_json(const db::AccessTokenRecord& token, const std::string& now);

}  // namespace qta::auth
