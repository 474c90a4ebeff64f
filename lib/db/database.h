#pragma once
// The database as the rest of the code sees it: the few collection operations it needs, in json::Value
// terms, behind an interface (class Database), and the per-thread scopes of a request's database work.
//
// Every failure to reach the server throws http::Error(kUnavailable) (503); other server errors throw
// http::Error(kInternal) with the server's message logged.
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

// The deadline of the current request's database reads, for the calling thread while it lives
// (MongoDatabase keeps it; MemoryDatabase answers at once and ignores it). A read started after it throws
// http::Error(kUnavailable) without reaching the database; a read before it carries the time left as
// maxTimeMS, so the server stops it too. Writes are not cut short: once a request writes, it finishes (each
// reply still bounded by socketTimeoutMS).
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

// For implementations of Database: counts one command in the calling thread's CommandCount, if any.
void count_command_of_this_thread();

struct FindOptions {
  json::Value sort;        // e.g. {"timestamp": -1}; absent for none
  json::Value projection;  // absent for all fields
  std::int64_t limit = 0;  // 0 for no limit
};

struct Index {
  json::Value keys;  // e.g. {"metric_uuid": 1, "start": -1}
  bool unique = false;
  // The name the drivers give it, by which it exists or not: "metric_uuid_1_start_-1".
  std::string name() const {
    std::string joined;
    for (const auto& [field, direction] : keys.items())
      joined += (joined.empty() ? "" : "_") + field + "_" + direction.dump();
    return joined;
  }
};

// What an `explain` reply of a find by equality on a top-level field says about that filter: true when
// the server applies it before reading documents, false when it reads every document, nullopt when the
// reply cannot tell (no plan: the collection does not exist). FerretDB says so in `filterPushdown`;
// MongoDB's reply has no such field, and it serves every filter of ours from an index.
std::optional<bool> equality_filtered_first(const json::Value& explain_reply);

// The collections of quality_time_db, as the rest of the code uses them. Implementations:
// MongoDatabase (db/mongo_database.h), the server's, and MemoryDatabase (db/memory_database.h), for unit
// tests. Each operation is one database command. Overrides repeat the default arguments, so a caller
// that holds an implementation by its own type gets the same ones.
class Database {
 public:
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual std::optional<json::Value> find_one(const std::string& collection, const json::Value& filter,
                                              const FindOptions& options = {}) = 0;
  virtual std::vector<json::Value> find(const std::string& collection, const json::Value& filter,
                                        const FindOptions& options = {}) = 0;
  virtual std::int64_t count(const std::string& collection, const json::Value& filter) = 0;
  virtual std::int64_t estimated_count(const std::string& collection) = 0;
  // The number of documents as the database's statistics have it ($collStats), without reading the
  // documents: FerretDB answers `count` (and so estimated_count) by decoding every document, but this
  // from its table statistics. Possibly stale; nullopt when the database keeps none.
  virtual std::optional<std::int64_t> statistics_count(const std::string& collection) = 0;
  virtual void insert_one(const std::string& collection, const json::Value& document) = 0;
  // Inserts a document without an _id and lets the server make the ObjectId. Server-made ids increase
  // with every insert, unlike ids made by the driver in several worker processes, so "newest first"
  // can break ties between versions stored within the same second. Field names must not contain '.'
  // or start with '$' (the insert goes through an upsert).
  virtual void insert_one_ordered(const std::string& collection, const json::Value& document) = 0;
  // Replaces the first match; with `upsert`, inserts the document when nothing matches.
  virtual void replace_one(const std::string& collection, const json::Value& filter,
                           const json::Value& document, bool upsert = false) = 0;
  // Applies an update ({"$set": ..., "$inc": ...}) to the first match; with `upsert`, to a new document.
  virtual void update_one(const std::string& collection, const json::Value& filter, const json::Value& update,
                          bool upsert = false) = 0;
  virtual void update_many(const std::string& collection, const json::Value& filter,
                           const json::Value& update) = 0;
  // The distinct values of a field among the documents that match, in the server's order.
  virtual std::vector<json::Value> distinct(const std::string& collection, const std::string& field,
                                            const json::Value& filter) = 0;
  // Returns the number of documents deleted (0 or 1).
  virtual std::int64_t delete_one(const std::string& collection, const json::Value& filter) = 0;
  // Returns the number of documents deleted. For tests that clear what they stored: the server itself
  // never deletes history.
  virtual std::int64_t delete_many(const std::string& collection, const json::Value& filter) = 0;
  // Creates the indexes that do not exist yet (by name).
  virtual void create_indexes(const std::string& collection, const std::vector<Index>& indexes) = 0;
  virtual std::vector<std::string> index_names(const std::string& collection) = 0;
  // Runs a command against the admin database; returns the reply.
  virtual json::Value admin_command(const json::Value& command) = 0;
  // True when the server answers a ping within the selection timeout.
  virtual bool ping() = 0;
  // Whether the server answers an equality on a top-level field of `collection` from the matching
  // documents alone (MongoDB's indexes; FerretDB's PostgreSQL handler, which pushes the filter down to
  // PostgreSQL) rather than by reading every document (FerretDB's SQLite handler pushes no filter down).
  // Asked with `explain` on the first call, outside the calling thread's CommandCount, and remembered
  // for the life of this object; nullopt while it cannot be told (database unreachable, collection not
  // created yet), asked again by a later call.
  virtual std::optional<bool> filters_equality_first(const std::string& collection) = 0;
  // This connection's read cache (disabled unless the implementation was given a size for it).
  virtual ReadCache& read_cache() = 0;

 protected:
  Database() = default;
};

}  // namespace qta::db
