// POST /api/v3/login and /api/v3/logout: sessions and their cookie.
#include "auth/credentials.h"
#include "auth/login.h"
#include "auth/login_throttle.h"
#include "auth/session.h"
#include "base/date_time.h"
#include "base/log.h"
#include "crypto/random.h"
#include "db/sessions.h"
#include "http/error.h"
#include "metrics/metrics.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

constexpr std::int64_t kSessionMilliseconds = 24LL * 60 * 60 * 1000;

std::string session_cookie(const std::string& session_id, const std::string& expires, bool secure) {
  std::string cookie =
      "session_id=" + session_id + "; expires=" + expires + "; HttpOnly; Path=/; SameSite=Strict";
  if (secure) cookie += "; Secure";
  return cookie;
}

http::Response login_answer(bool ok, const std::string& email, const std::string& expiration) {
  auto body = json::Value::object();
  body.set("ok", json::Value::boolean(ok));
  body.set("email", json::Value::string(email));
  body.set("session_expiration_datetime", json::Value::string(expiration));
  return http::Response::json(body);
}

// The username and password of the body, as v5.8.0 reads them (with its defaults for missing ones).
std::pair<std::string, std::string> credentials_of(const http::Request& request) {
  auto body = request.json_body();
  if (!body.is_object()) {
    throw http::Error(http::ErrorCode::kBadRequest, "Expected a JSON object with a username and a password.");
  }
  auto username = body.get("username");
  auto password = body.get("password");
  if ((username.present() && !username.is_string()) || (password.present() && !password.is_string())) {
    throw http::Error(http::ErrorCode::kBadRequest, "The username and the password must be strings.");
  }
  return {auth::sanitize_username(username.as_string().value_or("no username given")),
          password.as_string().value_or("no password given")};
}

}  // namespace

http::Response post_login(Context& context) {
  auth::LoginOutcome outcome;
  const base::Config& config = context.config;
  auth::LoginThrottle throttle(context.database, {config.login_user_failures, config.login_address_failures,
                                                  config.login_window_seconds});
  std::int64_t now = auth::now_ms();
  if (config.forward_auth_enabled) {
    // The proxy in front of us has authenticated the user and names it in a header.
    auto username = context.request.header(config.forward_auth_header);
    outcome.verified = username.has_value();
    outcome.username = username.value_or("");
    outcome.email = username.value_or("");
  } else {
    auto [username, password] = credentials_of(context.request);
    const std::string& address = context.request.remote_address();
    if (int wait = throttle.retry_after(username, address, now); wait > 0) {
      base::log_warning("login for {} from {} refused: too many failed attempts", username, address);
      metrics::record_login_throttled();
      throw http::Error(http::ErrorCode::kTooManyRequests,
                        "Too many failed logins; try again in " + std::to_string(wait) + " seconds.", wait);
    }
    outcome = auth::verify_credentials(config, context.database, username, password);
    if (outcome.verified) {
      throttle.record_success(username);
    } else {
      throttle.record_guess(username, address, now);
    }
  }
  if (!outcome.verified) {
    metrics::record_login_failure();
    return login_answer(false, "", "0001-01-01T00:00:00+00:00");
  }

  if (outcome.store_user) {
    auto existing = db::find_user(context.database, outcome.username);
    db::upsert_user(context.database, outcome.username, outcome.email, outcome.common_name,
                    existing ? existing->get("settings") : json::Value::object());
  }
  db::SessionRecord session{outcome.username, outcome.email, outcome.common_name, crypto::uuid4(),
                            now + kSessionMilliseconds};
  db::upsert_session(context.database, session);
  auto response = login_answer(true, outcome.email, base::python_isoformat(session.expiration_ms));
  response.set_header("Set-Cookie",
                      session_cookie(session.session_id, base::http_date(session.expiration_ms / 1000),
                                     context.request.https()));
  return response;
}

http::Response post_logout(Context& context) {
  if (context.session->via_token()) {
    throw http::Error(
        http::ErrorCode::kBadRequest,
        "An access token has no session to log out of; revoke it with DELETE /api/v3/tokens/<id>.");
  }
  const std::string& session_id = context.session->session_id();
  db::delete_session(context.database, session_id);
  auto body = json::Value::object();
  body.set("ok", json::Value::boolean(true));
  auto response = http::Response::json(body);
  response.set_header("Set-Cookie",
                      session_cookie(session_id, "Thu, 01 Jan 1970 00:00:00 GMT", context.request.https()));
  return response;
}

}  // namespace qta::routes
