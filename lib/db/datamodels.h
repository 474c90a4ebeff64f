#pragma once
// The `datamodels` collection: versioned data model documents, the latest one in force.

#include <optional>
#include <string>

#include "db/database.h"
#include "json/json.h"

namespace qta::db {

struct DataModelVersion {
  std::string id;         // ObjectId as hex
  std::string timestamp;  // when it was stored
};

// The newest data model stored at or before max_iso_timestamp ("" for now): just its id and timestamp.
std::optional<DataModelVersion> latest_datamodel_version(Database& database,
                                                         const std::string& max_iso_timestamp);
// The whole document of that version (with "_id" as {"$oid": ...}).
std::optional<json::Value> datamodel_by_id(Database& database, const std::string& id);
std::optional<json::Value> latest_datamodel(Database& database);
// Stores a copy of `data_model` with a new timestamp (now), as v5.8.0 does.
void insert_datamodel(Database& database, const json::Value& data_model);

}  // namespace qta::db
