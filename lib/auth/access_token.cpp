// Access token secrets, Bearer headers and the checks of a creation request.
#include "auth/access_token.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <regex>

#include "base/date_time.h"
#include "crypto/base64.h"
#include "crypto/digest.h"
#include "crypto/random.h"
#include "http/error.h"
#include "text/utf8.h"

namespace qta::auth {

namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr std::size_t kEncodedSecretLength = 43;  // base64 of 32 bytes, without padding

http::Error bad_request(const std::string& message) {
  return http::Error(http::ErrorCode::kBadRequest, message);
}

bool is_base64url(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

std::string checked_name(const json::Value& value) {
  if (!value.present()) throw bad_request("An access token needs a 'name'.");
  auto name = value.as_string();
  if (!name) throw bad_request("The token's 'name' must be a string.");
  if (name->find_first_not_of(" \t") == std::string::npos)
    throw bad_request("The token's 'name' must not be empty.");
  if (text::decode_utf8(*name).size() > kMaxTokenNameLength) {
    throw bad_request("The token's 'name' may have at most " + std::to_string(kMaxTokenNameLength) +
                      " characters.");
  }
  for (unsigned char c : *name) {
    if (c < 0x20 || c == 0x7f) throw bad_request("The token's 'name' must not contain control characters.");
  }
  return *name;
}

std::optional<std::string> checked_expiration(const json::Value& value, const std::string& now) {
  if (!value.present() || value.is_null()) return std::nullopt;
  auto text = value.as_string();
  auto expiration = text ? normalized_expiration(*text) : std::nullopt;
  if (!expiration) {
    throw bad_request(
        "The token's 'expiration_datetime' must be a date or an ISO 8601 date and time, e.g. 2027-01-31 or "
        "2027-01-31T12:00:00+00:00.");
  }
  if (*expiration <= now) throw bad_request("The token's 'expiration_datetime' must be in the future.");
  return expiration;
}

std::vector<Permission> checked_permissions(const json::Value& value,
                                            const std::vector<Permission>& granted) {
  if (!value.present()) return granted;
  if (!value.is_array())
    throw bad_request("The token's 'permissions' must be a list such as [\"edit_reports\"].");
  std::vector<Permission> permissions;
  for (const auto& element : value.elements()) {
    auto name = element.as_string();
    auto permission = name ? permission_named(*name) : std::nullopt;
    if (!permission) {
      throw bad_request("Unknown permission " + element.dump() +
                        "; permissions are edit_reports and edit_entities.");
    }
    if (std::find(permissions.begin(), permissions.end(), *permission) != permissions.end()) {
      throw bad_request("Permission " + *name + " is listed twice.");
    }
    if (std::find(granted.begin(), granted.end(), *permission) == granted.end()) {
      throw bad_request("A token cannot have permission " + *name + ": its user does not have it.");
    }
    permissions.push_back(*permission);
  }
  return permissions;
}

}  // namespace

std::string new_token_secret() {
  std::string encoded = crypto::base64_encode(crypto::random_bytes(kSecretBytes), true);
  encoded.erase(std::find(encoded.begin(), encoded.end(), '='), encoded.end());
  return std::string(kTokenPrefix) + encoded;
}

bool looks_like_token_secret(std::string_view text) {
  if (!text.starts_with(kTokenPrefix)) return false;
  auto encoded = text.substr(kTokenPrefix.size());
  return encoded.size() == kEncodedSecretLength && std::all_of(encoded.begin(), encoded.end(), is_base64url);
}

std::string token_secret_hash(std::string_view secret) { return crypto::sha256_hex(secret); }

std::optional<std::string> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() < kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return std::nullopt;
  }
  auto rest = authorization.substr(kScheme.size());
  if (!rest.empty() && rest.front() != ' ') return std::nullopt;  // "Bearerx" is another scheme
  auto start = rest.find_first_not_of(' ');
  if (start == std::string_view::npos) return std::string();
  auto token = rest.substr(start);
  return std::string(token.substr(0, token.find_last_not_of(' ') + 1));
}

std::optional<Permission> permission_named(std::string_view name) {
  for (Permission permission : {Permission::kEditReports, Permission::kEditEntities}) {
    if (name == permission_name(permission)) return permission;
  }
  return std::nullopt;
}

json::Value permission_names(const std::vector<Permission>& permissions) {
  auto names = json::Value::array();
  for (Permission permission : permissions) names.append(json::Value::string(permission_name(permission)));
  return names;
}

TokenRequest parse_token_request(const json::Value& body, const std::vector<Permission>& granted,
                                 const std::string& now) {
  if (!body.is_object()) {
    throw bad_request(
        "Expected a JSON object such as {\"name\": \"pipeline\"} as request body, with Content-Type "
        "application/json.");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "name" && key != "expiration_datetime" && key != "permissions") {
      throw bad_request("Unknown field '" + key +
                        "'; a token has a name, an expiration_datetime and permissions.");
    }
  }
  TokenRequest request;
  request.name = checked_name(body.get("name"));
  request.expiration = checked_expiration(body.get("expiration_datetime"), now);
  request.permissions = checked_permissions(body.get("permissions"), granted);
  return request;
}

std::optional<std::string> normalized_expiration(std::string_view text) {
  static const std::regex kFormat(
      R"((\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2})))?)");
  std::cmatch parts;
  if (!std::regex_match(text.data(), text.data() + text.size(), parts, kFormat)) return std::nullopt;
  auto number = [&](int group) { return parts[group].matched ? std::stoi(parts[group].str()) : 0; };
  if (number(1) < 1970 || number(8) > 23 || number(9) > 59) return std::nullopt;
  auto utc = base::utc_seconds(number(1), number(2), number(3), number(4), number(5), number(6));
  if (!utc) return std::nullopt;
  std::int64_t seconds = *utc;
  if (parts[7].matched && parts[7].str() != "Z") {
    std::int64_t offset = number(8) * 3600 + number(9) * 60;
    seconds += parts[7].str()[0] == '+' ? -offset : offset;
  }
  std::string iso = base::iso_timestamp(seconds);
  if (iso.size() != 25) return std::nullopt;  // beyond year 9999
  return iso;
}

IssuedToken issue_access_token(db::Database& database, const Session& owner, const json::Value& body) {
  std::string now = base::iso_timestamp_now();
  TokenRequest request = parse_token_request(body, granted_permissions(database, owner), now);
  // Counted before the insert, so two creations at once may pass the limit by one: a bound on what a
  // user can pile up, not an exact quota.
  if (db::count_access_tokens(database, owner.username()) >= static_cast<std::int64_t>(kMaxTokensPerUser)) {
    throw bad_request("A user may have at most " + std::to_string(kMaxTokensPerUser) +
                      " access tokens; revoke one that is no longer needed first.");
  }
  IssuedToken issued;
  issued.secret = new_token_secret();
  db::AccessTokenRecord& token = issued.token;
  token.id = crypto::uuid4();
  token.username = owner.username();
  token.email = owner.email();
  token.common_name = owner.common_name();
  token.name = request.name;
  token.secret_hash = token_secret_hash(issued.secret);
  for (Permission permission : request.permissions) token.permissions.push_back(permission_name(permission));
  token.created = now;
  token.expiration = request.expiration;
  db::insert_access_token(database, token);
  return issued;
}

json::Value token_json(const db::AccessTokenRecord& token, const std::string& now) {
  auto json = json::Value::object();
  json.set("id", json::Value::string(token.id));
  json.set("name", json::Value::string(token.name));
  auto permissions = json::Value::array();
  for (const auto& permission : token.permissions) permissions.append(json::Value::string(permission));
  json.set("permissions", permissions);
  json.set("created", json::Value::string(token.created));
  json.set("expiration_datetime",
           token.expiration ? json::Value::string(*token.expiration) : json::Value::null());
  json.set("expired", json::Value::boolean(token.expiration && *token.expiration <= now));
  return json;
}

}  // namespace qta::auth
