#pragma once
// The data models of this process, parsed once per stored version and shared read-only by all
// threads: a request costs one small query (the id of the version in force), not a 300 KB load; with
// the read cache (db/read_cache.h), the one in force now costs no query while its change token stands.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "datamodel/data_model.h"
#include "db/database.h"

namespace qta::db {

struct StoredDataModel {
  std::shared_ptr<const datamodel::DataModel> model;
  std::string json;  // the document as GET /api/v3/datamodel answers it ("_id" as a string)
  std::string timestamp;
};

class DataModelCache {
 public:
  // The data model in force at max_iso_timestamp ("" for now); nullptr when none is stored.
  // Throws http::Error(kUnavailable) when the database is down.
  std::shared_ptr<const StoredDataModel> at(db::Database& database, const std::string& max_iso_timestamp);

 private:
  std::shared_ptr<const StoredDataModel> load(db::Database& database, const std::string& max_iso_timestamp);
  static constexpr std::size_t kMaxVersions = 8;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::shared_ptr<const StoredDataModel>>>
      versions_;  // by id, oldest first
};

// The process-wide cache.
DataModelCache& data_model_cache();

}  // namespace qta::db
