// Queries on sessions, users and local_users.
#include "db/sessions.h"

#include "db/bson.h"
#include "db/read_cache.h"

namespace qta::db {

namespace {
json::Value by(const char* field, const std::string& value) {
  auto filter = json::Value::object();
  filter.set(field, json::Value::string(value));
  return filter;
}

json::Value string_value(const std::string& text) { return json::Value::string(text); }
}  // namespace

void upsert_session(Database& database, const SessionRecord& session) {
  auto document = json::Value::object();
  document.set("user", string_value(session.username));
  document.set("email", string_value(session.email));
  document.set("common_name", string_value(session.common_name));
  document.set("session_id", string_value(session.session_id));
  document.set("session_expiration_datetime", date_value(session.expiration_ms));
  database.replace_one("sessions", by("user", session.username), document, true);
}

std::optional<SessionRecord> find_session(Database& database, const std::string& session_id) {
  auto document = database.find_one("sessions", by("session_id", session_id));
  if (!document) return std::nullopt;
  SessionRecord session;
  session.username = document->get_string("user");
  session.email = document->get_string("email");
  session.common_name = document->get_string("common_name");
  session.session_id = session_id;
  session.expiration_ms = date_milliseconds(document->get("session_expiration_datetime")).value_or(0);
  return session;
}

void delete_session(Database& database, const std::string& session_id) {
  database.delete_one("sessions", by("session_id", session_id));
}

std::optional<json::Value> find_user(Database& database, const std::string& username) {
  auto& cache = database.read_cache();
  if (!cache.enabled()) return database.find_one("users", by("username", username));
  auto user = cached_read<std::optional<json::Value>>(
      cache, cache.token(database, Cached::kUsers), Cached::kUsers, username,
      [&] { return database.find_one("users", by("username", username)); },
      [](const std::optional<json::Value>& value) { return value ? estimated_memory(*value) : 0; });
  if (!*user) return std::nullopt;
  return (*user)->deep_copy();
}

void upsert_user(Database& database, const std::string& username, const std::string& email,
                 const std::string& common_name, const json::Value& settings) {
  auto document = json::Value::object();
  document.set("username", string_value(username));
  document.set("email", string_value(email));
  document.set("common_name", string_value(common_name));
  document.set("settings", settings.present() ? settings : json::Value::object());
  ChangeNote note(database, Cached::kUsers);
  database.replace_one("users", by("username", username), document, true);
}

namespace {
LocalUser to_local_user(const json::Value& document) {
  return {document.get_string("username"), document.get_string("email"), document.get_string("common_name"),
          document.get_string("password_hash")};
}
}  // namespace

std::optional<LocalUser> find_local_user(Database& database, const std::string& username) {
  auto document = database.find_one("local_users", by("username", username));
  if (!document) return std::nullopt;
  return to_local_user(*document);
}

std::vector<LocalUser> local_users(Database& database) {
  FindOptions options;
  options.sort = json::Value::parse(R"({"username": 1})");
  std::vector<LocalUser> users;
  for (const auto& document : database.find("local_users", json::Value::object(), options)) {
    users.push_back(to_local_user(document));
  }
  return users;
}

void upsert_local_user(Database& database, const LocalUser& user) {
  auto document = json::Value::object();
  document.set("username", string_value(user.username));
  document.set("email", string_value(user.email));
  document.set("common_name", string_value(user.common_name));
  document.set("password_hash", string_value(user.password_hash));
  database.replace_one("local_users", by("username", user.username), document, true);
}

bool delete_local_user(Database& database, const std::string& username) {
  return database.delete_one("local_users", by("username", username)) > 0;
}

}  // namespace qta::db
