#pragma once
// The `sessions`, `users` and `local_users` collections. Sessions and users have v5.8.0's layout
// (one session per user, replaced at login); `local_users` is ours: password hashes of users who
// log in without LDAP.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "json/json.h"

namespace qta::db {

struct SessionRecord {
  std::string username;
  std::string email;
  std::string common_name;
  std::string session_id;
  std::int64_t expiration_ms = 0;  // stored as a BSON date
};

void upsert_session(Database& database, const SessionRecord& session);
std::optional<SessionRecord> find_session(Database& database, const std::string& session_id);
void delete_session(Database& database, const std::string& session_id);

// users: {username, email, common_name, settings}
std::optional<json::Value> find_user(Database& database, const std::string& username);
void upsert_user(Database& database, const std::string& username, const std::string& email,
                 const std::string& common_name, const json::Value& settings);

struct LocalUser {
  std::string username;
  std::string email;
  std::string common_name;
  std::string password_hash;
};
std::optional<LocalUser> find_local_user(Database& database, const std::string& username);
std::vector<LocalUser> local_users(Database& database);
void upsert_local_user(Database& database, const LocalUser& user);
bool delete_local_user(Database& database, const std::string& username);

}  // namespace qta::db
