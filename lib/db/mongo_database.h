#pragma once
// The MongoDB connection of one worker process: a libmongoc client pool on quality_time_db behind
// db::Database. mongoc.h stays in mongo_database.cpp. Create it after fork() (libmongoc pools must not
// cross a fork); thread-safe.
//
// Every failure to reach the server throws http::Error(kUnavailable) (503) after the server selection
// timeout, so a dead database costs a request a bounded wait; libmongoc reconnects by itself when the
// server returns. Other server errors throw http::Error(kInternal) with the server's message logged.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "db/database.h"

namespace qta::db {

// Process-wide driver set-up and tear-down: call initialize once at start, shutdown before exit.
void initialize_driver();
void shutdown_driver();

struct Settings {
  std::string url = "mongodb://root:root@localhost:27017";
  std::string database_name = "quality_time_db";
  int server_selection_timeout_ms = 2000;  // applied unless the URL sets it
  int max_pool_size = 16;
  // socketTimeoutMS unless the URL sets it: how long one reply may take before the connection is
  // dropped (503). 0 keeps the driver's five minutes (start-up work, commands).
  int socket_timeout_ms = 0;
  // The read cache of this process (db/read_cache.h): its size (0 disables it) and the most time an
  // entry may serve before it is read again.
  std::size_t cache_bytes = 0;
  std::chrono::milliseconds cache_max_age{60000};
};

class MongoDatabase final : public Database {
 public:
  explicit MongoDatabase(const Settings& settings);  // throws std::invalid_argument for a bad URL
  ~MongoDatabase() override;

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
  json::Value admin_command(const json::Value& command) override;
  bool ping() override;
  std::optional<bool> filters_equality_first(const std::string& collection) override;
  // How long after a failed probe of filters_equality_first it is asked again.
  static constexpr std::chrono::seconds kProbeRetry{10};
  ReadCache& read_cache() override { return *read_cache_; }

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<ReadCache> read_cache_;
};

}  // namespace qta::db
