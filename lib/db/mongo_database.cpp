// libmongoc behind db::MongoDatabase: pooled clients, RAII for every handle, errors translated once.
#include "db/mongo_database.h"

#include <mongoc/mongoc.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>

#include "base/log.h"
#include "db/bson.h"
#include "db/read_cache.h"
#include "http/error.h"
#include "metrics/metrics.h"

namespace qta::db {

namespace {

struct UriDeleter {
  void operator()(mongoc_uri_t* uri) const { mongoc_uri_destroy(uri); }
};
struct PoolDeleter {
  void operator()(mongoc_client_pool_t* pool) const { mongoc_client_pool_destroy(pool); }
};
struct CollectionDeleter {
  void operator()(mongoc_collection_t* collection) const { mongoc_collection_destroy(collection); }
};
struct CursorDeleter {
  void operator()(mongoc_cursor_t* cursor) const { mongoc_cursor_destroy(cursor); }
};
using UriPtr = std::unique_ptr<mongoc_uri_t, UriDeleter>;
using PoolPtr = std::unique_ptr<mongoc_client_pool_t, PoolDeleter>;
using CollectionPtr = std::unique_ptr<mongoc_collection_t, CollectionDeleter>;
using CursorPtr = std::unique_ptr<mongoc_cursor_t, CursorDeleter>;

// A client borrowed from the pool for the length of one operation.
class PooledClient {
 public:
  explicit PooledClient(mongoc_client_pool_t* pool) : pool_(pool), client_(mongoc_client_pool_pop(pool)) {}
  ~PooledClient() { mongoc_client_pool_push(pool_, client_); }
  PooledClient(const PooledClient&) = delete;
  PooledClient& operator=(const PooledClient&) = delete;
  mongoc_client_t* get() const { return client_; }

 private:
  mongoc_client_pool_t* pool_;
  mongoc_client_t* client_;
};

// The reply document of a command. libmongoc initializes it in every case, success or failure (it
// overwrites the empty initial value, which owns nothing); it is destroyed here once.
class Reply {
 public:
  Reply() = default;
  ~Reply() { bson_destroy(&reply_); }
  Reply(const Reply&) = delete;
  Reply& operator=(const Reply&) = delete;
  bson_t* out() { return &reply_; }  // for libmongoc to fill
  json::Value to_json() const { return db::to_json(&reply_); }

 private:
  bson_t reply_ = BSON_INITIALIZER;
};

constexpr uint32_t kMaxTimeExpired = 50;  // the server's code for a command stopped by maxTimeMS

const char* const kTooLong = "The request took too long, please try again later.";

thread_local std::optional<std::chrono::steady_clock::time_point> t_deadline;
thread_local CommandCount* t_command_count = nullptr;

// The time left for a read of the current request, as maxTimeMS; none outside requests. Throws 503 when
// the deadline has passed.
std::optional<std::int64_t> read_time_left(const char* operation, const std::string& collection) {
  if (!t_deadline) return std::nullopt;
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(*t_deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    metrics::record_database_error(metrics::DatabaseError::kTimeout);
    base::log_warning("request deadline passed before {} on {}", operation, collection);
    throw http::Error(http::ErrorCode::kUnavailable, kTooLong);
  }
  return left.count();
}

void add_time_limit(json::Value& options, const char* operation, const std::string& collection) {
  if (auto left = read_time_left(operation, collection))
    options.set("maxTimeMS", json::Value::integer(*left));
}

bool is_unreachable(const bson_error_t& error) {
  return error.domain == MONGOC_ERROR_SERVER_SELECTION || error.domain == MONGOC_ERROR_STREAM ||
         (error.domain == MONGOC_ERROR_CLIENT && error.code == MONGOC_ERROR_CLIENT_AUTHENTICATE) ||
         error.domain == MONGOC_ERROR_PROTOCOL;
}

[[noreturn]] void fail(const char* operation, const std::string& collection, const bson_error_t& error) {
  if (error.code == kMaxTimeExpired) {
    metrics::record_database_error(metrics::DatabaseError::kTimeout);
    base::log_warning("database {} on {} stopped at the request deadline: {}", operation, collection,
                      error.message);
    throw http::Error(http::ErrorCode::kUnavailable, kTooLong);
  }
  // FerretDB answers a command it was running when it began to shut down with "context canceled": the
  // database is going away, as with a dropped connection.
  if (is_unreachable(error) ||
      std::string_view(error.message).find("context canceled") != std::string_view::npos) {
    metrics::record_database_error(metrics::DatabaseError::kUnavailable);
    base::log_warning("database unavailable during {} on {}: {}", operation, collection, error.message);
    throw http::Error(http::ErrorCode::kUnavailable, "The database is unavailable, please try again later.");
  }
  // FerretDB's PostgreSQL handler cannot store U+0000 in a string, nor some characters in field names, and
  // passes PostgreSQL's data exception (SQLSTATE class 22) on: the value is the client's, nothing was stored.
  if (std::string_view(error.message).find("(SQLSTATE 22") != std::string_view::npos) {
    metrics::record_database_error(metrics::DatabaseError::kRefusedValue);
    base::log_warning("the database refused a value during {} on {}: {}", operation, collection,
                      error.message);
    throw http::Error(http::ErrorCode::kBadRequest,
                      "The database cannot store this value (U+0000, or a field name it does not accept).");
  }
  metrics::record_database_error(metrics::DatabaseError::kOther);
  base::log_error("database error during {} on {}: {} (domain {}, code {})", operation, collection,
                  error.message, error.domain, error.code);
  throw http::Error(http::ErrorCode::kInternal, "Database error.");
}

}  // namespace

namespace {
// The driver's own messages go through our log; its warnings (such as FerretDB lacking endSessions)
// are routine, so they are shown at INFO, and only its errors as errors.
void on_driver_log(mongoc_log_level_t level, const char* domain, const char* message, void*) {
  if (level <= MONGOC_LOG_LEVEL_ERROR) {
    base::log_error("mongoc {}: {}", domain, message);
  } else if (level <= MONGOC_LOG_LEVEL_WARNING) {
    base::log_info("mongoc {}: {}", domain, message);
  } else if (level <= MONGOC_LOG_LEVEL_INFO) {
    base::log_debug("mongoc {}: {}", domain, message);
  }
}
}  // namespace

void initialize_driver() {
  mongoc_init();
  mongoc_log_set_handler(on_driver_log, nullptr);
}
void shutdown_driver() { mongoc_cleanup(); }

void count_command_of_this_thread() {
  if (t_command_count != nullptr) ++t_command_count->commands_;
}

void add_database_time_of_this_thread(std::chrono::microseconds time) {
  if (t_command_count != nullptr) t_command_count->database_time_ += time;
}

CommandCount::CommandCount() : outer_(t_command_count) { t_command_count = this; }
CommandCount::~CommandCount() { t_command_count = outer_; }

namespace {
struct ApmCallbacksDeleter {
  void operator()(mongoc_apm_callbacks_t* callbacks) const { mongoc_apm_callbacks_destroy(callbacks); }
};
using ApmCallbacksPtr = std::unique_ptr<mongoc_apm_callbacks_t, ApmCallbacksDeleter>;

// libmongoc calls this on the thread that sends the command (pooled clients run each operation on the
// caller's thread); the monitoring's own heartbeats are no commands here. A getMore or killCursors
// continues a query that is already counted: a large answer comes in batches (16 MB at most each).
void on_command_started(const mongoc_apm_command_started_t* event) {
  std::string_view name = mongoc_apm_command_started_get_command_name(event);
  if (name != "getMore" && name != "killCursors") count_command_of_this_thread();
  if (!base::log_enabled(base::LogLevel::kDebug)) return;
  const char* collection = "";
  bson_iter_t first;
  if (bson_iter_init(&first, mongoc_apm_command_started_get_command(event)) && bson_iter_next(&first) &&
      BSON_ITER_HOLDS_UTF8(&first)) {
    collection = bson_iter_utf8(&first, nullptr);
  }
  base::log_debug("database command {} {}", name, collection);
}

// Every command's duration, getMore batches included: they are round trips too.
void on_command_succeeded(const mongoc_apm_command_succeeded_t* event) {
  std::chrono::microseconds duration(mongoc_apm_command_succeeded_get_duration(event));
  add_database_time_of_this_thread(duration);
  metrics::record_database_command(duration, false);
}

void on_command_failed(const mongoc_apm_command_failed_t* event) {
  std::chrono::microseconds duration(mongoc_apm_command_failed_get_duration(event));
  add_database_time_of_this_thread(duration);
  metrics::record_database_command(duration, true);
}
}  // namespace

RequestDeadline::RequestDeadline(std::chrono::milliseconds budget) {
  t_deadline = std::chrono::steady_clock::now() + budget;
}
RequestDeadline::~RequestDeadline() { t_deadline.reset(); }

class MongoDatabase::Impl {
 public:
  explicit Impl(const Settings& settings) : name_(settings.database_name) {
    bson_error_t error;
    UriPtr uri(mongoc_uri_new_with_error(settings.url.c_str(), &error));
    if (!uri) throw std::invalid_argument(std::string("invalid DATABASE_URL: ") + error.message);
    if (!mongoc_uri_has_option(uri.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS)) {
      mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_SERVERSELECTIONTIMEOUTMS,
                                     settings.server_selection_timeout_ms);
    }
    if (!mongoc_uri_has_option(uri.get(), MONGOC_URI_CONNECTTIMEOUTMS)) {
      mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_CONNECTTIMEOUTMS,
                                     settings.server_selection_timeout_ms);
    }
    if (settings.socket_timeout_ms > 0 && !mongoc_uri_has_option(uri.get(), MONGOC_URI_SOCKETTIMEOUTMS)) {
      mongoc_uri_set_option_as_int32(uri.get(), MONGOC_URI_SOCKETTIMEOUTMS, settings.socket_timeout_ms);
    }
    pool_.reset(mongoc_client_pool_new(uri.get()));
    if (!pool_) throw std::invalid_argument("cannot create a MongoDB client pool for DATABASE_URL");
    mongoc_client_pool_set_error_api(pool_.get(), MONGOC_ERROR_API_VERSION_2);
    mongoc_client_pool_set_appname(pool_.get(), "quality-time-api");
    mongoc_client_pool_max_size(pool_.get(), static_cast<uint32_t>(settings.max_pool_size));
    // Before the first client leaves the pool, as libmongoc requires; the pool copies the callbacks.
    ApmCallbacksPtr callbacks(mongoc_apm_callbacks_new());
    mongoc_apm_set_command_started_cb(callbacks.get(), on_command_started);
    mongoc_apm_set_command_succeeded_cb(callbacks.get(), on_command_succeeded);
    mongoc_apm_set_command_failed_cb(callbacks.get(), on_command_failed);
    if (!mongoc_client_pool_set_apm_callbacks(pool_.get(), callbacks.get(), nullptr)) {
      throw std::invalid_argument("cannot monitor the commands of the MongoDB client pool");
    }
  }

  // Runs `operation(collection)` with a pooled client; the collection handle is released after.
  template <typename Operation>
  auto with_collection(const std::string& collection_name, Operation operation) {
    PooledClient client(pool_.get());
    CollectionPtr collection(
        mongoc_client_get_collection(client.get(), name_.c_str(), collection_name.c_str()));
    return operation(collection.get());
  }

  mongoc_client_pool_t* pool() { return pool_.get(); }

  // What filters_equality_first learnt, per collection, and when it may ask again after a failed probe.
  std::mutex probe_mutex;
  std::map<std::string, bool> filters_equality_first;
  std::map<std::string, std::chrono::steady_clock::time_point> next_probe;

 private:
  std::string name_;
  PoolPtr pool_;
};

MongoDatabase::MongoDatabase(const Settings& settings)
    : impl_(std::make_unique<Impl>(settings)),
      read_cache_(std::make_unique<ReadCache>(settings.cache_bytes, settings.cache_max_age)) {}
MongoDatabase::~MongoDatabase() = default;

std::vector<json::Value> MongoDatabase::find(const std::string& collection, const json::Value& filter,
                                             const FindOptions& options) {
  auto filter_bson = to_bson(filter.present() ? filter : json::Value::object());
  auto opts = json::Value::object();
  if (options.sort.present()) opts.set("sort", options.sort);
  if (options.projection.present()) opts.set("projection", options.projection);
  if (options.limit > 0) opts.set("limit", json::Value::integer(options.limit));
  add_time_limit(opts, "find", collection);
  auto opts_bson = to_bson(opts);
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    CursorPtr cursor(mongoc_collection_find_with_opts(handle, filter_bson.get(), opts_bson.get(), nullptr));
    std::vector<json::Value> documents;
    const bson_t* document;
    while (mongoc_cursor_next(cursor.get(), &document)) documents.push_back(to_json(document));
    bson_error_t error;
    if (mongoc_cursor_error(cursor.get(), &error)) fail("find", collection, error);
    return documents;
  });
}

std::optional<json::Value> MongoDatabase::find_one(const std::string& collection, const json::Value& filter,
                                                   const FindOptions& options) {
  FindOptions one = options;
  one.limit = 1;
  auto documents = find(collection, filter, one);
  if (documents.empty()) return std::nullopt;
  return documents.front();
}

std::int64_t MongoDatabase::count(const std::string& collection, const json::Value& filter) {
  auto filter_bson = to_bson(filter.present() ? filter : json::Value::object());
  auto opts = json::Value::object();
  add_time_limit(opts, "count", collection);
  auto opts_bson = to_bson(opts);
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    std::int64_t result = mongoc_collection_count_documents(handle, filter_bson.get(), opts_bson.get(),
                                                            nullptr, nullptr, &error);
    if (result < 0) fail("count", collection, error);
    return result;
  });
}

std::int64_t MongoDatabase::estimated_count(const std::string& collection) {
  auto opts = json::Value::object();
  add_time_limit(opts, "estimated count", collection);
  auto opts_bson = to_bson(opts);
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    std::int64_t result =
        mongoc_collection_estimated_document_count(handle, opts_bson.get(), nullptr, nullptr, &error);
    if (result < 0) fail("estimated count", collection, error);
    return result;
  });
}

std::optional<std::int64_t> MongoDatabase::statistics_count(const std::string& collection) {
  auto command = json::Value::object();
  command.set("aggregate", json::Value::string(collection));
  command.set("pipeline", json::Value::parse(R"([{"$collStats": {"count": {}}}])"));
  command.set("cursor", json::Value::object());
  auto command_bson = to_bson(command);
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) -> std::optional<std::int64_t> {
    bson_error_t error;
    Reply reply;
    bool ok = mongoc_collection_read_command_with_opts(handle, command_bson.get(), nullptr, nullptr,
                                                       reply.out(), &error);
    auto result = reply.to_json();
    if (!ok && error.code == 26) return 0;  // no such collection yet
    if (!ok) fail("collStats", collection, error);
    auto batch = result.get("cursor").get("firstBatch");
    if (batch.size() == 0) return std::nullopt;
    auto count = batch.at(0).get("count").as_integer();
    if (!count || *count < 0) return std::nullopt;  // PostgreSQL's -1: never analysed
    return count;
  });
}

void MongoDatabase::insert_one(const std::string& collection, const json::Value& document) {
  auto document_bson = to_stored_bson(document);
  impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    if (!mongoc_collection_insert_one(handle, document_bson.get(), nullptr, nullptr, &error)) {
      fail("insert", collection, error);
    }
    return 0;
  });
}

namespace {
BsonPtr upsert_options(bool upsert) {
  auto options = json::Value::object();
  if (upsert) options.set("upsert", json::Value::boolean(true));
  return to_bson(options);
}
}  // namespace

void MongoDatabase::insert_one_ordered(const std::string& collection, const json::Value& document) {
  auto update = json::Value::object();
  auto fields = document.deep_copy();
  fields.erase("_id");
  update.set("$setOnInsert", fields);
  update_one(collection, json::Value::parse(R"({"_id": {"$exists": false}})"), update, true);
}

void MongoDatabase::replace_one(const std::string& collection, const json::Value& filter,
                                const json::Value& document, bool upsert) {
  auto filter_bson = to_bson(filter);
  auto document_bson = to_stored_bson(document);
  auto options = upsert_options(upsert);
  impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    if (!mongoc_collection_replace_one(handle, filter_bson.get(), document_bson.get(), options.get(), nullptr,
                                       &error)) {
      fail("replace", collection, error);
    }
    return 0;
  });
}

void MongoDatabase::update_one(const std::string& collection, const json::Value& filter,
                               const json::Value& update, bool upsert) {
  auto filter_bson = to_bson(filter);
  auto update_bson = to_stored_bson(update);
  auto options = upsert_options(upsert);
  impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    if (!mongoc_collection_update_one(handle, filter_bson.get(), update_bson.get(), options.get(), nullptr,
                                      &error)) {
      fail("update", collection, error);
    }
    return 0;
  });
}

void MongoDatabase::update_many(const std::string& collection, const json::Value& filter,
                                const json::Value& update) {
  auto filter_bson = to_bson(filter);
  auto update_bson = to_stored_bson(update);
  impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    if (!mongoc_collection_update_many(handle, filter_bson.get(), update_bson.get(), nullptr, nullptr,
                                       &error)) {
      fail("update", collection, error);
    }
    return 0;
  });
}

std::vector<json::Value> MongoDatabase::distinct(const std::string& collection, const std::string& field,
                                                 const json::Value& filter) {
  auto command = json::Value::object();
  command.set("distinct", json::Value::string(collection));
  command.set("key", json::Value::string(field));
  command.set("query", filter.present() ? filter : json::Value::object());
  read_time_left("distinct", collection);  // no maxTimeMS: FerretDB 1.24 refuses it on distinct
  auto command_bson = to_bson(command);
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    Reply reply;
    bool ok = mongoc_collection_read_command_with_opts(handle, command_bson.get(), nullptr, nullptr,
                                                       reply.out(), &error);
    auto result = reply.to_json();
    if (!ok) fail("distinct", collection, error);
    return result.get("values").elements();
  });
}

namespace {
std::int64_t delete_matching(mongoc_collection_t* handle, const std::string& collection,
                             const json::Value& filter, bool many) {
  auto filter_bson = to_bson(filter);
  bson_error_t error;
  Reply reply;
  bool ok = many ? mongoc_collection_delete_many(handle, filter_bson.get(), nullptr, reply.out(), &error)
                 : mongoc_collection_delete_one(handle, filter_bson.get(), nullptr, reply.out(), &error);
  auto result = reply.to_json();
  if (!ok) fail("delete", collection, error);
  return result.get("deletedCount").as_integer().value_or(0);
}
}  // namespace

std::int64_t MongoDatabase::delete_one(const std::string& collection, const json::Value& filter) {
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    return delete_matching(handle, collection, filter, false);
  });
}

std::int64_t MongoDatabase::delete_many(const std::string& collection, const json::Value& filter) {
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    return delete_matching(handle, collection, filter, true);
  });
}

std::vector<std::string> MongoDatabase::index_names(const std::string& collection) {
  return impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    CursorPtr cursor(mongoc_collection_find_indexes_with_opts(handle, nullptr));
    std::vector<std::string> names;
    const bson_t* document;
    while (mongoc_cursor_next(cursor.get(), &document)) names.push_back(to_json(document).get_string("name"));
    bson_error_t error;
    // A collection that does not exist yet has no indexes; MongoDB reports that as error 26.
    if (mongoc_cursor_error(cursor.get(), &error) && error.code != 26) fail("listIndexes", collection, error);
    return names;
  });
}

void MongoDatabase::create_indexes(const std::string& collection, const std::vector<Index>& indexes) {
  // Only the missing ones: creating an existing index is a no-op for MongoDB, but FerretDB 1.24 drops
  // the connection on some of them.
  auto existing = index_names(collection);
  auto models = json::Value::array();
  for (const auto& index : indexes) {
    std::string name = index.name();  // MongoDB requires one
    if (std::find(existing.begin(), existing.end(), name) != existing.end()) continue;
    auto model = json::Value::object();
    model.set("key", index.keys);
    model.set("name", json::Value::string(name));
    if (index.unique) model.set("unique", json::Value::boolean(true));
    models.append(model);
  }
  if (models.size() == 0) return;
  auto command = json::Value::object();
  command.set("createIndexes", json::Value::string(collection));
  command.set("indexes", models);
  auto command_bson = to_bson(command);
  impl_->with_collection(collection, [&](mongoc_collection_t* handle) {
    bson_error_t error;
    Reply reply;
    bool ok =
        mongoc_collection_write_command_with_opts(handle, command_bson.get(), nullptr, reply.out(), &error);
    if (!ok) fail("createIndexes", collection, error);
    return 0;
  });
}

json::Value MongoDatabase::admin_command(const json::Value& command) {
  auto command_bson = to_bson(command);
  PooledClient client(impl_->pool());
  bson_error_t error;
  Reply reply;
  bool ok =
      mongoc_client_command_simple(client.get(), "admin", command_bson.get(), nullptr, reply.out(), &error);
  auto result = reply.to_json();
  if (!ok) fail("admin command", "admin", error);
  return result;
}

std::optional<bool> equality_filtered_first(const json::Value& explain_reply) {
  auto pushed_down = explain_reply.get("filterPushdown").as_boolean();
  if (!pushed_down) return true;
  if (*pushed_down) return true;
  if (explain_reply.get("queryPlanner").size() == 0) return std::nullopt;
  return false;
}

std::optional<bool> MongoDatabase::filters_equality_first(const std::string& collection) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(impl_->probe_mutex);
    if (auto known = impl_->filters_equality_first.find(collection);
        known != impl_->filters_equality_first.end()) {
      return known->second;
    }
    // One probe at a time per collection: the others go on without an answer meanwhile.
    auto next = impl_->next_probe.find(collection);
    if (next != impl_->next_probe.end() && now < next->second) return std::nullopt;
    impl_->next_probe[collection] = now + kProbeRetry;
  }
  CommandCount not_the_requests;
  auto find = json::Value::object();
  find.set("find", json::Value::string(collection));
  find.set("filter", json::Value::parse(R"({"_qta_probe": "equality"})"));
  auto command = json::Value::object();
  command.set("explain", find);
  command.set("verbosity", json::Value::string("queryPlanner"));
  auto command_bson = to_bson(command);
  auto answer = impl_->with_collection(collection, [&](mongoc_collection_t* handle) -> std::optional<bool> {
    bson_error_t error;
    bson_t reply;
    bool ok = mongoc_collection_read_command_with_opts(handle, command_bson.get(), nullptr, nullptr, &reply,
                                                       &error);
    auto result = to_json(&reply);
    bson_destroy(&reply);
    if (!ok) {
      base::log_warning("cannot tell how the database filters {}: {}", collection, error.message);
      return std::nullopt;
    }
    return equality_filtered_first(result);
  });
  if (answer) {
    base::log_info("equality filters on {}: {}", collection,
                   *answer ? "applied before reading documents" : "every document is read");
    std::lock_guard lock(impl_->probe_mutex);
    impl_->filters_equality_first[collection] = *answer;
  }
  return answer;
}

bool MongoDatabase::ping() {
  try {
    auto command = json::Value::object();
    command.set("ping", json::Value::integer(1));
    admin_command(command);
    return true;
  } catch (const http::Error&) {
    return false;
  }
}

}  // namespace qta::db
