// Queries on qta_access_tokens.
#include "db/access_tokens.h"

namespace qta::db {

namespace {

json::Value by_user(const std::string& username) {
  auto filter = json::Value::object();
  filter.set("user", json::Value::string(username));
  return filter;
}

AccessTokenRecord to_record(const json::Value& document) {
  AccessTokenRecord token;
  token.id = document.get_string("token_id");
  token.username = document.get_string("user");
  token.email = document.get_string("email");
  token.common_name = document.get_string("common_name");
  token.name = document.get_string("name");
  token.secret_hash = document.get_string("secret_hash");
  for (const auto& permission : document.get("permissions").elements()) {
    if (auto name = permission.as_string()) token.permissions.push_back(*name);
  }
  token.created = document.get_string("created");
  if (auto expiration = document.get("expiration_datetime").as_string()) token.expiration = *expiration;
  return token;
}

}  // namespace

void insert_access_token(Database& database, const AccessTokenRecord& token) {
  auto document = json::Value::object();
  document.set("token_id", json::Value::string(token.id));
  document.set("user", json::Value::string(token.username));
  document.set("email", json::Value::string(token.email));
  document.set("common_name", json::Value::string(token.common_name));
  document.set("name", json::Value::string(token.name));
  document.set("secret_hash", json::Value::string(token.secret_hash));
  auto permissions = json::Value::array();
  for (const auto& permission : token.permissions) permissions.append(json::Value::string(permission));
  document.set("permissions", permissions);
  document.set("created", json::Value::string(token.created));
  document.set("expiration_datetime",
               token.expiration ? json::Value::string(*token.expiration) : json::Value::null());
  database.insert_one(kAccessTokens, document);
}

std::optional<AccessTokenRecord> find_access_token(Database& database, const std::string& secret_hash) {
  auto filter = json::Value::object();
  filter.set("secret_hash", json::Value::string(secret_hash));
  auto document = database.find_one(kAccessTokens, filter);
  if (!document) return std::nullopt;
  return to_record(*document);
}

std::vector<AccessTokenRecord> access_tokens_of(Database& database, const std::string& username) {
  FindOptions options;
  options.sort = json::Value::parse(R"({"created": 1, "token_id": 1})");
  options.projection = json::Value::parse(R"({"secret_hash": 0})");  // nobody who lists tokens needs it
  std::vector<AccessTokenRecord> tokens;
  for (const auto& document : database.find(kAccessTokens, by_user(username), options))
    tokens.push_back(to_record(document));
  return tokens;
}

std::int64_t count_access_tokens(Database& database, const std::string& username) {
  return database.count(kAccessTokens, by_user(username));
}

bool delete_access_token(Database& database, const std::string& username, const std::string& id) {
  auto filter = by_user(username);
  filter.set("token_id", json::Value::string(id));
  return database.delete_one(kAccessTokens, filter) > 0;
}

std::int64_t delete_access_tokens_of(Database& database, const std::string& username) {
  return database.delete_many(kAccessTokens, by_user(username));
}

}  // namespace qta::db
