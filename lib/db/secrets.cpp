// The instance key pair in the secrets collection.
#include "db/secrets.h"

#include "http/error.h"

namespace qta::db {

namespace {
// v5.8.0's description text, stored with the keys.
constexpr const char* kDescription =
    "\nUse this public/private key fields when exporting sensitive\n"
    "content (like api credentials) from the Quality-time database.\n"
    "They are stored in plain text in the database.\n";

json::Value by_name() {
  auto filter = json::Value::object();
  filter.set("name", json::Value::string(kExportFieldsKeysName));
  return filter;
}
}  // namespace

std::optional<ExportKeys> find_export_keys(Database& database) {
  auto document = database.find_one("secrets", by_name());
  if (!document) return std::nullopt;
  return ExportKeys{document->get_string("private_key"), document->get_string("public_key")};
}

bool insert_export_keys(Database& database, const ExportKeys& keys) {
  auto document = by_name();
  document.set("description", json::Value::string(kDescription));
  document.set("private_key", json::Value::string(keys.private_key));
  document.set("public_key", json::Value::string(keys.public_key));
  // An upsert that only inserts: when another host stored a pair first, its pair stays.
  auto update = json::Value::object();
  update.set("$setOnInsert", document);
  try {
    database.update_one("secrets", by_name(), update, true);
  } catch (const http::Error& error) {
    // A concurrent insert by another host trips the unique index; its pair is then the one.
    if (error.code() == http::ErrorCode::kUnavailable) throw;
  }
  auto stored = find_export_keys(database);
  return stored && stored->public_key == keys.public_key;
}

}  // namespace qta::db
