// GET and PUT /api/v3/settings: the logged-in user's settings, kept in its users document.
#include "db/sessions.h"
#include "http/error.h"
#include "routes/handlers.h"

namespace qta::routes {

http::Response get_settings(Context& context) {
  auto user = db::find_user(context.database, context.session->username());
  auto body = json::Value::object();
  // A user without a users document (forwarded authentication) simply has no settings yet.
  auto settings = user ? user->get("settings") : json::Value();
  body.set("settings", settings.is_object() ? settings : json::Value::object());
  return http::Response::json(body);
}

http::Response put_settings(Context& context) {
  auto settings = context.request.json_body();
  if (!settings.is_object())
    throw http::Error(http::ErrorCode::kBadRequest, "Expected the settings as a JSON object.");
  const auth::Session& session = *context.session;
  auto user = db::find_user(context.database, session.username());
  std::string email = user ? user->get_string("email") : session.email();
  std::string common_name = user ? user->get_string("common_name") : "";
  db::upsert_user(context.database, session.username(), email, common_name, settings);
  auto body = json::Value::object();
  body.set("ok", json::Value::boolean(true));
  return http::Response::json(body);
}

}  // namespace qta::routes
