// Version lookup and parsing of stored data models.
#include "db/datamodel_cache.h"

#include <algorithm>

#include "db/bson.h"
#include "db/datamodels.h"
#include "db/read_cache.h"

namespace qta::db {

std::shared_ptr<const StoredDataModel> DataModelCache::at(db::Database& database,
                                                          const std::string& max_iso_timestamp) {
  auto& cache = database.read_cache();
  if (!cache.enabled() || !max_iso_timestamp.empty()) return load(database, max_iso_timestamp);
  // The one in force now changes only with a write of ours: while the token stands, no query at all.
  auto current = db::cached_read<std::shared_ptr<const StoredDataModel>>(
      cache, cache.token(database, db::Cached::kDataModels), db::Cached::kDataModels, "current",
      [&] { return load(database, ""); },
      [](const std::shared_ptr<const StoredDataModel>& stored) {
        return stored ? stored->json.size() * db::kJsonMemoryPerSerialisedByte : 0;
      });
  return *current;
}

std::shared_ptr<const StoredDataModel> DataModelCache::load(db::Database& database,
                                                            const std::string& max_iso_timestamp) {
  auto version = db::latest_datamodel_version(database, max_iso_timestamp);
  if (!version) return nullptr;
  {
    std::lock_guard lock(mutex_);
    auto found = std::find_if(versions_.begin(), versions_.end(),
                              [&](const auto& entry) { return entry.first == version->id; });
    if (found != versions_.end()) return found->second;
  }
  // Parse outside the lock; two threads may both parse a new version once, which is harmless.
  auto document = db::datamodel_by_id(database, version->id);
  if (!document) return nullptr;  // removed between the two queries
  db::stringify_id(*document);
  auto stored = std::make_shared<StoredDataModel>();
  stored->json = document->dump();
  stored->timestamp = document->get_string("timestamp");
  stored->model = std::make_shared<const datamodel::DataModel>(*document);
  std::lock_guard lock(mutex_);
  versions_.emplace_back(version->id, stored);
  if (versions_.size() > kMaxVersions) versions_.erase(versions_.begin());
  return stored;
}

DataModelCache& data_model_cache() {
  static DataModelCache instance;
  return instance;
}

}  // namespace qta::db
