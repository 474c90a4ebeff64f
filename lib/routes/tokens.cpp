// POST, GET /api/v3/tokens and DELETE /api/v3/tokens/<token_id>: a user's access tokens (our addition).
// They need a login session: a token that could make tokens could outlive its own expiry.
#include "auth/access_token.h"
#include "base/date_time.h"
#include "base/log.h"
#include "db/access_tokens.h"
#include "http/error.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

const auth::Session& login_session(const Context& context) {
  if (context.session->via_token()) {
    throw http::Error(http::ErrorCode::kForbidden,
                      "Access tokens are managed after logging in, not with an access token.");
  }
  return *context.session;
}

}  // namespace

http::Response post_token(Context& context) {
  const auth::Session& owner = login_session(context);
  auto issued = auth::issue_access_token(context.database, owner, context.request.json_body());
  base::log_info("access token {} ({}) created for {}", issued.token.id, issued.token.name, owner.username());
  auto body = auth::token_json(issued.token, issued.token.created);
  body.set("token", json::Value::string(issued.secret));
  return http::Response::json(body);
}

http::Response get_tokens(Context& context) {
  const auth::Session& owner = login_session(context);
  std::string now = base::iso_timestamp_now();
  auto tokens = json::Value::array();
  for (const auto& token : db::access_tokens_of(context.database, owner.username())) {
    tokens.append(auth::token_json(token, now));
  }
  auto body = json::Value::object();
  body.set("tokens", tokens);
  return http::Response::json(body);
}

http::Response delete_token(Context& context) {
  const auth::Session& owner = login_session(context);
  const std::string& id = context.param("token_id");
  if (!db::delete_access_token(context.database, owner.username(), id)) {
    throw http::Error(http::ErrorCode::kNotFound, "You have no access token with id " + id + ".");
  }
  base::log_info("access token {} of {} revoked", id, owner.username());
  auto body = json::Value::object();
  body.set("ok", json::Value::boolean(true));
  return http::Response::json(body);
}

}  // namespace qta::routes
