#pragma once
// The `qta_access_tokens` collection (ours): one document per access token, with its owner as the
// token's creator saw it, the SHA-256 of its secret (never the secret) and what it may do. Tokens are
// read from the database on every request that uses one, never cached, so that a revocation or an
// expiry holds at once for every worker and host.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"

namespace qta::db {

inline constexpr const char* kAccessTokens = "qta_access_tokens";

struct AccessTokenRecord {
  std::string id;  // a uuid4, by which its owner lists and revokes it
  std::string username;
  std::string email;
  std::string common_name;
  std::string name;
  std::string secret_hash;
  std::vector<std::string> permissions;   // "edit_reports", "edit_entities"
  std::string created;                    // ISO timestamp
  std::optional<std::string> expiration;  // ISO timestamp; none for a token that does not expire
};

void insert_access_token(Database& database, const AccessTokenRecord& token);
std::optional<AccessTokenRecord> find_access_token(Database& database, const std::string& secret_hash);
// A user's tokens, oldest first.
std::vector<AccessTokenRecord> access_tokens_of(Database& database, const std::string& username);
std::int64_t count_access_tokens(Database& database, const std::string& username);
// Deletes the user's token with this id; false when the user has none such.
bool delete_access_token(Database& database, const std::string& username, const std::string& id);
std::int64_t delete_access_tokens_of(Database& database, const std::string& username);

}  // namespace qta::db
