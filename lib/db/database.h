#pragma once
// The MongoDB connection of one worker process: a libmongoc client pool on quality_time_db, and the
// few collection operations the rest of the code needs, in json::Value terms. mongoc.h stays in
// database.cpp. Create it after fork() (libmongoc pools must not cross a fork); thread-safe.
//
// Every failure to reach the server throws http::Error(kUnavailable) (503) after the server selection
// timeout, so a dead database costs a request a bounded wait; libmongoc reconnects by itself when the
// server returns. Other server errors throw http::Error(kInternal) with the server's message logged.
//
// Filters, sorts, projections and commands are ours and may use MongoDB's extended-JSON shapes for
// ObjectIds and dates; documents and updates are stored data, converted without interpreting user
// values (db/bson.h: to_stored_bson).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "json/json.h"

namespace qta::db {

class ReadCache;

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

// The deadline of the current request's database reads, for the calling thread while it lives. A read
// started after it throws http::Error(kUnavailable) without reaching the database; a read before it
// carries the time left as maxTimeMS, so the server stops it too. Writes are not cut short: once a
// request writes, it finishes (each reply still bounded by socketTimeoutMS).
class RequestDeadline {
 public:
  explicit RequestDeadline(std::chrono::milliseconds budget);
  ~RequestDeadline();
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;
};

// Counts the database commands that the calling thread sends while it lives (libmongoc's command
// monitoring), for the request log and the query-budget tests, and the time they took from sending to
// the last byte of their answers (batches of one query included), which tells the database's share of a
// request from ours. A worker serves each request on one thread, so the count is the request's. Scopes do
// not nest: an inner one takes over until it ends.
class CommandCount {
 public:
  CommandCount();
  ~CommandCount();
  CommandCount(const CommandCount&) = delete;
  CommandCount& operator=(const CommandCount&) = delete;
  std::int64_t commands() const { return commands_; }
  std::chrono::microseconds database_time() const { return database_time_; }

 private:
  friend void count_command_of_this_thread();
  friend void add_database_time_of_this_thread(std::chrono::microseconds);
  std::int64_t commands_ = 0;
  std::chrono::microseconds database_time_{0};
  CommandCount* outer_;
};

struct FindOptions {
  json::Value sort;        // e.g. {"timestamp": -1}; absent for none
  json::Value projection;  // absent for all fields
  std::int64_t limit = 0;  // 0 for no limit
};

struct Index {
  json::Value keys;  // e.g. {"metric_uuid": 1, "start": -1}
  bool unique = false;
};

// What an `explain` reply of a find by equality on a top-level field says about that filter: true when
// the server applies it before reading documents, false when it reads every document, nullopt when the
// reply cannot tell (no plan: the collection does not exist). FerretDB says so in `filterPushdown`;
// MongoDB's reply has no such field, and it serves every filter of ours from an index.
std::optional<bool> equality_filtered_first(const json::Value& explain_reply);

class Database {
 public:
  explicit Database(const Settings& settings);  // throws std::invalid_argument for a bad URL
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  std::optional<json::Value> find_one(const std::string& collection, const json::Value& filter,
                                      const FindOptions& options = {});
  std::vector<json::Value> find(const std::string& collection, const json::Value& filter,
                                const FindOptions& options = {});
  std::int64_t count(const std::string& collection, const json::Value& filter);
  std::int64_t estimated_count(const std::string& collection);
  // The number of documents as the database's statistics have it ($collStats), without reading the
  // documents: FerretDB answers `count` (and so estimated_count) by decoding every document, but this
  // from its table statistics. Possibly stale; nullopt when the database keeps none.
  std::optional<std::int64_t> statistics_count(const std::string& collection);
  void insert_one(const std::string& collection, const json::Value& document);
  // Inserts a document without an _id and lets the server make the ObjectId. Server-made ids increase
  // with every insert, unlike ids made by the driver in several worker processes, so "newest first"
  // can break ties between versions stored within the same second. Field names must not contain '.'
  // or start with '$' (the insert goes through an upsert).
  void insert_one_ordered(const std::string& collection, const json::Value& document);
  // Replaces the first match; with `upsert`, inserts the document when nothing matches.
  void replace_one(const std::string& collection, const json::Value& filter, const json::Value& document,
                   bool upsert = false);
  // Applies an update ({"$set": ..., "$inc": ...}) to the first match; with `upsert`, to a new document.
  void update_one(const std::string& collection, const json::Value& filter, const json::Value& update,
                  bool upsert = false);
  void update_many(const std::string& collection, const json::Value& filter, const json::Value& update);
  // The distinct values of a field among the documents that match, in the server's order.
  std::vector<json::Value> distinct(const std::string& collection, const std::string& field, const json::Value& filter);
  // Returns the number of documents deleted (0 or 1).
  std::int64_t delete_one(const std::string& collection, const json::Value& filter);
  // Returns the number of documents deleted. For tests that clear what they stored: the server itself
  // never deletes history.
  std::int64_t delete_many(const std::string& collection, const json::Value& filter);
  // Creates the indexes that do not exist yet (by name).
  void create_indexes(const std::string& collection, const std::vector<Index>& indexes);
  std::vector<std::string> index_names(const std::string& collection);
  // Runs a command against the admin database; returns the reply.
  json::Value admin_command(const json::Value& command);
  // True when the server answers a ping within the selection timeout.
  bool ping();
  // Whether the server answers an equality on a top-level field of `collection` from the matching
  // documents alone (MongoDB's indexes; FerretDB's PostgreSQL handler, which pushes the filter down to
  // PostgreSQL) rather than by reading every document (FerretDB's SQLite handler pushes no filter down).
  // Asked with `explain` on the first call, outside the calling thread's CommandCount, and remembered
  // for the life of this object; nullopt while it cannot be told (database unreachable, collection not
  // created yet), asked again by a call after kProbeRetry.
  std::optional<bool> filters_equality_first(const std::string& collection);
  static constexpr std::chrono::seconds kProbeRetry{10};
  // This connection's read cache (disabled unless Settings::cache_bytes is set).
  ReadCache& read_cache() { return *read_cache_; }

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<ReadCache> read_cache_;
};

}  // namespace qta::db
