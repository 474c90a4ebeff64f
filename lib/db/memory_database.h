#pragma once
// A database in this process's memory behind db::Database, for unit tests of handlers and domain code
// without a server: the query language of db/memory_query.h, unique indexes, upserts, and ObjectIds
// made here that increase with every insert, as the server makes them for insert_one_ordered.
//
// Documents go in and come out as deep copies. Failures take the server's shapes: a duplicate key or a
// query the server would refuse throws http::Error(kInternal) ("Database error."); while
// set_available(false), every operation throws http::Error(kUnavailable) as an unreachable server does.
// Thread-safe (one lock around every operation). Request deadlines do not apply; each operation counts
// as one command in the calling thread's CommandCount.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/database.h"

namespace qta::db {

class MemoryDatabase final : public Database {
 public:
  // cache_bytes 0 disables the read cache (db/read_cache.h), as Settings::cache_bytes does.
  explicit MemoryDatabase(std::size_t cache_bytes = 0,
                          std::chrono::milliseconds cache_max_age = std::chrono::milliseconds(60000));
  ~MemoryDatabase() override;

  std::optional<json::Value> find_one(const std::string& collection, const json::Value& filter,
                                      const FindOptions& options = {}) override;
  std::vector<json::Value> find(const std::string& collection, const json::Value& filter,
                                const FindOptions& options = {}) override;
  std::int64_t count(const std::string& collection, const json::Value& filter) override;
  std::int64_t estimated_count(const std::string& collection) override;
  std::optional<std::int64_t> statistics_count(const std::string& collection) override;
  void insert_one(const std::string& collection, const json::Value& document) override;
  void insert_one_ordered(const std::string& collection, const json::Value& document) override;
  void replace_one(const std::string& collection, const json::Value& filter, const json::Value& document,
                   bool upsert = false) override;
  void update_one(const std::string& collection, const json::Value& filter, const json::Value& update,
                  bool upsert = false) override;
  void update_many(const std::string& collection, const json::Value& filter,
                   const json::Value& update) override;
  std::vector<json::Value> distinct(const std::string& collection, const std::string& field,
                                    const json::Value& filter) override;
  std::int64_t delete_one(const std::string& collection, const json::Value& filter) override;
  std::int64_t delete_many(const std::string& collection, const json::Value& filter) override;
  void create_indexes(const std::string& collection, const std::vector<Index>& indexes) override;
  std::vector<std::string> index_names(const std::string& collection) override;
  // Answers ping and setFeatureCompatibilityVersion with {"ok": 1.0}; other commands are refused.
  json::Value admin_command(const json::Value& command) override;
  bool ping() override;
  // Memory filters every document in turn, but it holds few: as cheap as an index.
  std::optional<bool> filters_equality_first(const std::string&) override { return true; }
  ReadCache& read_cache() override { return *read_cache_; }

  // Whether the database can be reached: false makes every operation fail as with a server that is down.
  void set_available(bool available);

  // The collection and filter of every find and find_one so far, oldest first: the shape of the queries,
  // for tests.
  std::vector<std::pair<std::string, json::Value>> finds();

  // A new ObjectId, {"$oid": "<hex>"}, greater than every one made before in this process.
  static json::Value new_object_id();

 private:
  struct Collection {
    std::vector<json::Value> documents;  // in insertion order, MongoDB's natural order here
    std::vector<Index> indexes;          // besides the unique one on _id
  };
  template <typename Operation>
  auto locked(const char* operation, const std::string& collection, Operation run);
  Collection* existing(const std::string& collection);    // nullptr for none; with mutex_ held
  void insert(Collection& target, json::Value document);  // with mutex_ held
  // Throws for a document that repeats the key of a unique index; `self`: the index of the one it replaces.
  void check_unique(const Collection& target, const json::Value& document, std::size_t self) const;

  std::mutex mutex_;
  bool available_ = true;
  std::map<std::string, Collection> collections_;
  std::vector<std::pair<std::string, json::Value>> finds_;
  std::unique_ptr<ReadCache> read_cache_;
};

}  // namespace qta::db
