#pragma once
// The `secrets` collection: the instance's key pair for encrypting exported credentials, as v5.8.0 keeps it.

#include <optional>
#include <string>

#include "db/database.h"

namespace qta::db {

inline constexpr const char* kExportFieldsKeysName = "export_fields_keys";

struct ExportKeys {
  std::string private_key;  // PEM, PKCS#8
  std::string public_key;   // PEM, SubjectPublicKeyInfo
};

std::optional<ExportKeys> find_export_keys(Database& database);
// Stores the key pair unless one exists (a unique index on name settles races between hosts); returns
// whether this one was stored.
bool insert_export_keys(Database& database, const ExportKeys& keys);

}  // namespace qta::db
