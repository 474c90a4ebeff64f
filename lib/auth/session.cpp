// Session validity and permission checks.
#include "auth/session.h"

#include <algorithm>
#include <chrono>

#include "auth/access_token.h"
#include "base/date_time.h"
#include "base/log.h"
#include "db/access_tokens.h"
#include "db/reports_overviews.h"
#include "http/error.h"

namespace qta::auth {

const char* permission_name(Permission permission) {
  return permission == Permission::kEditReports ? "edit_reports" : "edit_entities";
}

std::string Session::display_name() const {
  if (!record_.common_name.empty()) return record_.common_name;
  if (!record_.username.empty()) return record_.username;
  return "An operator";
}

bool Session::authorized(const std::vector<std::string>& users) const {
  if (users.empty()) return true;
  auto listed = [&](const std::string& name) {
    return std::find(users.begin(), users.end(), name) != users.end();
  };
  return listed(record_.username) || (!record_.email.empty() && listed(record_.email));
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool Session::token_grants(Permission permission) const {
  if (!token_permissions_) return true;
  return std::find(token_permissions_->begin(), token_permissions_->end(), permission) !=
         token_permissions_->end();
}

namespace {

constexpr const char* kTokenRefused =
    "Authentication required: the access token is unknown, revoked or expired.";

// The owner of the request's Bearer token, as a session limited to the token's permissions. Every
// check reads the database: nothing a revocation or expiry should end is remembered between requests.
Session token_session(db::Database& database, const http::Request& request, const std::string& secret,
                      const ThrottleRule& rule) {
  LoginThrottle throttle(database, rule, Guess::kTokenCheck);
  const std::string& address = request.remote_address();
  std::int64_t now = now_ms();
  if (int wait = throttle.address_retry_after(address, now); wait > 0) {
    base::log_warning("{}-access to {} with an access token from {} refused: too many failed token checks",
                      request.method(), request.path(), address);
    throw http::Error(
        http::ErrorCode::kTooManyRequests,
        "Too many failed access token checks; try again in " + std::to_string(wait) + " seconds.", wait);
  }
  std::optional<db::AccessTokenRecord> token;
  if (looks_like_token_secret(secret)) token = db::find_access_token(database, token_secret_hash(secret));
  bool expired = token && token->expiration && *token->expiration <= base::iso_timestamp_now();
  if (!token || expired) {
    throttle.record_address_guess(address, now);
    base::log_warning("{}-access to {} denied: access token {}", request.method(), request.path(),
                      !token ? "unknown" : "of " + token->username + " (" + token->id + ") expired");
    throw http::Error(http::ErrorCode::kUnauthorized, kTokenRefused);
  }
  std::vector<Permission> permissions;
  for (const auto& name : token->permissions) {
    if (auto permission = permission_named(name)) permissions.push_back(*permission);
  }
  return Session(db::SessionRecord{token->username, token->email, token->common_name, "", 0}, token->id,
                 std::move(permissions));
}

std::vector<std::string> users_with(const json::Value& permissions, Permission permission) {
  std::vector<std::string> users;
  for (const auto& user : permissions.get(permission_name(permission)).elements()) {
    if (auto name = user.as_string()) users.push_back(*name);
  }
  return users;
}

json::Value current_permissions(db::Database& database) {
  auto overview = db::latest_reports_overview(database);
  return overview ? overview->get("permissions") : json::Value();
}

}  // namespace

Session authorize(db::Database& database, const http::Request& request,
                  const std::vector<Permission>& required, const ThrottleRule& token_throttle) {
  auto authorization = request.header("Authorization");
  auto bearer = authorization ? bearer_token(*authorization) : std::nullopt;
  std::optional<Session> found;
  if (bearer) {
    found = token_session(database, request, *bearer, token_throttle);
  } else {
    auto session_id = request.cookie("session_id");
    std::optional<db::SessionRecord> record;
    if (session_id && !session_id->empty()) record = db::find_session(database, *session_id);
    if (!record || !Session(*record).valid(now_ms())) {
      base::log_warning("{}-access to {} denied: session not authenticated", request.method(),
                        request.path());
      throw http::Error(http::ErrorCode::kUnauthorized, "Authentication required: log in first.");
    }
    found.emplace(*record);
  }
  Session session = std::move(*found);
  if (required.empty()) return session;
  auto permissions = current_permissions(database);
  for (Permission permission : required) {
    if (!session.authorized(users_with(permissions, permission))) {
      base::log_warning("{}-access to {} denied: {} lacks permission {}", request.method(), request.path(),
                        session.username(), permission_name(permission));
      throw http::Error(http::ErrorCode::kForbidden,
                        std::string("Permission ") + permission_name(permission) + " required.");
    }
    if (!session.token_grants(permission)) {
      base::log_warning("{}-access to {} denied: access token {} of {} lacks permission {}", request.method(),
                        request.path(), session.token_id(), session.username(), permission_name(permission));
      throw http::Error(
          http::ErrorCode::kForbidden,
          std::string("Permission ") + permission_name(permission) + " required; the access token lacks it.");
    }
  }
  return session;
}

std::vector<Permission> granted_permissions(db::Database& database, const Session& session) {
  auto permissions = current_permissions(database);
  std::vector<Permission> granted;
  for (Permission permission : {Permission::kEditReports, Permission::kEditEntities}) {
    if (session.authorized(users_with(permissions, permission))) granted.push_back(permission);
  }
  return granted;
}

}  // namespace qta::auth
