#pragma once
// Who is calling: the session behind the session_id cookie, or the access token of an
// "Authorization: Bearer" header (auth/access_token.h), and whether it may do what a route needs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/login_throttle.h"
#include "db/database.h"
#include "db/sessions.h"
#include "http/request.h"

namespace qta::auth {

enum class Permission { kEditReports, kEditEntities };
const char* permission_name(Permission permission);  // "edit_reports", "edit_entities"

class Session {
 public:
  explicit Session(db::SessionRecord record) : record_(std::move(record)) {}
  // The caller of a request with an access token: its owner, with at most `token_permissions`.
  Session(db::SessionRecord owner, std::string token_id, std::vector<Permission> token_permissions)
      : record_(std::move(owner)),
        token_id_(std::move(token_id)),
        token_permissions_(std::move(token_permissions)) {}
  const std::string& username() const { return record_.username; }
  const std::string& email() const { return record_.email; }
  const std::string& common_name() const { return record_.common_name; }
  const std::string& session_id() const { return record_.session_id; }
  // The name used in change descriptions: common name, else username, else "An operator".
  std::string display_name() const;
  bool valid(std::int64_t now_ms) const { return record_.expiration_ms > now_ms; }
  // An empty list authorises everyone; otherwise the username or the email must be in it.
  bool authorized(const std::vector<std::string>& users) const;
  // True for a caller with an access token rather than a login session.
  bool via_token() const { return token_permissions_.has_value(); }
  const std::string& token_id() const { return token_id_; }
  // Whether the token, if any, lets its owner use the permission (the owner must have it as well).
  bool token_grants(Permission permission) const;

 private:
  db::SessionRecord record_;
  std::string token_id_;
  std::optional<std::vector<Permission>> token_permissions_;
};

// The valid session of the request; throws http::Error 401 when there is none (no cookie, unknown id,
// expired), and 403 when a permission in `required` is not granted by the latest reports overview.
// A request with an "Authorization: Bearer" header is judged by its token alone, never by a cookie:
// 401 for a token that is malformed, unknown, revoked or expired (a guess for `token_throttle`, per
// client address; over its limit every token request from the address gets 429), and 403 unless both
// the token and its owner have each required permission.
Session authorize(db::Database& database, const http::Request& request,
                  const std::vector<Permission>& required, const ThrottleRule& token_throttle);

// The permissions that the latest reports overview grants the session's user now.
std::vector<Permission> granted_permissions(db::Database& database, const Session& session);

std::int64_t now_ms();

}  // namespace qta::auth
