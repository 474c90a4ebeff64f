// The collections of a MemoryDatabase: documents in vectors, queried with db/memory_query.h.
#include "db/memory_database.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "base/log.h"
#include "db/memory_query.h"
#include "db/read_cache.h"
#include "http/error.h"

namespace qta::db {

namespace {

constexpr std::size_t kNew = static_cast<std::size_t>(-1);  // no document replaced

// The values of an index's fields in a document, missing ones as null, as a unique index compares them.
std::vector<json::Value> index_key(const json::Value& document, const json::Value& keys) {
  std::vector<json::Value> key;
  for (const auto& [field, direction] : keys.items()) {
    auto values = memory::values_at(document, field);
    key.push_back(values.empty() ? json::Value::null() : values.front());
  }
  return key;
}

bool same_key(const std::vector<json::Value>& a, const std::vector<json::Value>& b) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (memory::compare_values(a[i], b[i]) != 0) return false;
  }
  return true;
}

// The document with `_id` first, as the server stores it.
json::Value with_id_first(const json::Value& id, const json::Value& document) {
  auto result = json::Value::object();
  result.set("_id", id.deep_copy());
  for (const auto& [key, value] : document.items()) {
    if (key != "_id") result.set(key, value.deep_copy());
  }
  return result;
}

json::Value ok_reply() {
  auto reply = json::Value::object();
  reply.set("ok", json::Value::real(1.0));
  return reply;
}

}  // namespace

MemoryDatabase::MemoryDatabase(std::size_t cache_bytes, std::chrono::milliseconds cache_max_age)
    : read_cache_(std::make_unique<ReadCache>(cache_bytes, cache_max_age)) {}
MemoryDatabase::~MemoryDatabase() = default;

json::Value MemoryDatabase::new_object_id() {
  // The server's shape: four bytes of seconds, then a counter (here eight bytes, process-wide).
  static std::mutex mutex;
  static std::uint32_t seconds = 0;
  static std::uint64_t counter = 0;
  std::lock_guard lock(mutex);
  seconds = std::max(seconds, static_cast<std::uint32_t>(std::time(nullptr)));
  char hex[25];
  std::snprintf(hex, sizeof hex, "%08x%016llx", seconds, static_cast<unsigned long long>(++counter));
  auto id = json::Value::object();
  id.set("$oid", json::Value::string(hex));
  return id;
}

void MemoryDatabase::set_available(bool available) {
  std::lock_guard lock(mutex_);
  available_ = available;
}

template <typename Operation>
auto MemoryDatabase::locked(const char* operation, const std::string& collection, Operation run) {
  count_command_of_this_thread();
  std::lock_guard lock(mutex_);
  if (!available_)
    throw http::Error(http::ErrorCode::kUnavailable, "The database is unavailable, please try again later.");
  try {
    return run();
  } catch (const std::invalid_argument& error) {
    base::log_error("database error during {} on {}: {}", operation, collection, error.what());
    throw http::Error(http::ErrorCode::kInternal, "Database error.");
  }
}

MemoryDatabase::Collection* MemoryDatabase::existing(const std::string& collection) {
  auto found = collections_.find(collection);
  return found == collections_.end() ? nullptr : &found->second;
}

void MemoryDatabase::check_unique(const Collection& target, const json::Value& document,
                                  std::size_t self) const {
  auto id_keys = json::Value::parse(R"({"_id": 1})");
  std::vector<const Index*> unique;
  Index id_index{id_keys, true};
  unique.push_back(&id_index);
  for (const auto& index : target.indexes) {
    if (index.unique) unique.push_back(&index);
  }
  for (const Index* index : unique) {
    auto key = index_key(document, index->keys);
    for (std::size_t i = 0; i < target.documents.size(); ++i) {
      if (i != self && same_key(key, index_key(target.documents[i], index->keys))) {
        throw std::invalid_argument("E11000 duplicate key error, index " +
                                    (index == &id_index ? "_id_" : index->name()));
      }
    }
  }
}

void MemoryDatabase::insert(Collection& target, json::Value document) {
  if (!document.get("_id").present()) document = with_id_first(new_object_id(), document);
  check_unique(target, document, kNew);
  target.documents.push_back(std::move(document));
}

std::vector<json::Value> MemoryDatabase::find(const std::string& collection, const json::Value& filter,
                                              const FindOptions& options) {
  return locked("find", collection, [&] {
    finds_.emplace_back(collection, filter.deep_copy());
    std::vector<json::Value> found;
    if (auto* source = existing(collection)) {
      for (const auto& document : source->documents) {
        if (memory::matches(document, filter)) found.push_back(document);
      }
    }
    memory::sort_documents(found, options.sort);
    if (options.limit > 0 && found.size() > static_cast<std::size_t>(options.limit))
      found.resize(options.limit);
    for (auto& document : found) document = memory::project(document, options.projection);
    return found;
  });
}

std::optional<json::Value> MemoryDatabase::find_one(const std::string& collection, const json::Value& filter,
                                                    const FindOptions& options) {
  FindOptions one = options;
  one.limit = 1;
  auto documents = find(collection, filter, one);
  if (documents.empty()) return std::nullopt;
  return documents.front();
}

std::vector<std::pair<std::string, json::Value>> MemoryDatabase::finds() {
  std::lock_guard lock(mutex_);
  return finds_;
}

std::int64_t MemoryDatabase::count(const std::string& collection, const json::Value& filter) {
  return locked("count", collection, [&] {
    std::int64_t matching = 0;
    if (auto* source = existing(collection)) {
      for (const auto& document : source->documents) matching += memory::matches(document, filter) ? 1 : 0;
    }
    return matching;
  });
}

std::int64_t MemoryDatabase::estimated_count(const std::string& collection) {
  return locked("estimated count", collection, [&] {
    auto* source = existing(collection);
    return source ? static_cast<std::int64_t>(source->documents.size()) : std::int64_t{0};
  });
}

std::optional<std::int64_t> MemoryDatabase::statistics_count(const std::string& collection) {
  return estimated_count(collection);
}

void MemoryDatabase::insert_one(const std::string& collection, const json::Value& document) {
  locked("insert", collection, [&] {
    insert(collections_[collection], document.deep_copy());
    return 0;
  });
}

void MemoryDatabase::insert_one_ordered(const std::string& collection, const json::Value& document) {
  locked("insert", collection, [&] {
    insert(collections_[collection], with_id_first(new_object_id(), document));
    return 0;
  });
}

void MemoryDatabase::replace_one(const std::string& collection, const json::Value& filter,
                                 const json::Value& document, bool upsert) {
  locked("replace", collection, [&] {
    Collection& target = collections_[collection];
    for (std::size_t i = 0; i < target.documents.size(); ++i) {
      if (!memory::matches(target.documents[i], filter)) continue;
      auto replacement = with_id_first(target.documents[i].get("_id"), document);
      check_unique(target, replacement, i);
      target.documents[i] = std::move(replacement);
      return 0;
    }
    if (upsert) {
      auto id = document.get("_id").present() ? document.get("_id") : memory::upsert_seed(filter).get("_id");
      insert(target, id.present() ? with_id_first(id, document) : document.deep_copy());
    }
    return 0;
  });
}

void MemoryDatabase::update_one(const std::string& collection, const json::Value& filter,
                                const json::Value& update, bool upsert) {
  locked("update", collection, [&] {
    Collection& target = collections_[collection];
    for (std::size_t i = 0; i < target.documents.size(); ++i) {
      if (!memory::matches(target.documents[i], filter)) continue;
      auto updated = target.documents[i].deep_copy();
      memory::apply_update(updated, update, false);
      check_unique(target, updated, i);
      target.documents[i] = std::move(updated);
      return 0;
    }
    if (upsert) {
      auto created = memory::upsert_seed(filter);
      memory::apply_update(created, update, true);
      insert(target, std::move(created));
    }
    return 0;
  });
}

void MemoryDatabase::update_many(const std::string& collection, const json::Value& filter,
                                 const json::Value& update) {
  locked("update", collection, [&] {
    Collection& target = collections_[collection];
    // All or nothing: every update is checked before any is kept.
    auto documents = target.documents;
    for (auto& document : documents) {
      if (!memory::matches(document, filter)) continue;
      document = document.deep_copy();
      memory::apply_update(document, update, false);
    }
    Collection updated{documents, target.indexes};
    for (std::size_t i = 0; i < documents.size(); ++i) check_unique(updated, documents[i], i);
    target.documents = std::move(documents);
    return 0;
  });
}

std::vector<json::Value> MemoryDatabase::distinct(const std::string& collection, const std::string& field,
                                                  const json::Value& filter) {
  return locked("distinct", collection, [&] {
    std::vector<json::Value> values;
    auto add = [&](const json::Value& value) {
      for (const auto& known : values) {
        if (memory::compare_values(known, value) == 0) return;
      }
      values.push_back(value.deep_copy());
    };
    if (auto* source = existing(collection)) {
      for (const auto& document : source->documents) {
        if (!memory::matches(document, filter)) continue;
        for (const auto& value : memory::values_at(document, field)) {
          if (!value.is_array()) add(value);
          for (const auto& element : value.elements()) add(element);
        }
      }
    }
    std::stable_sort(values.begin(), values.end(), [](const json::Value& a, const json::Value& b) {
      return memory::compare_values(a, b) < 0;
    });
    return values;
  });
}

std::int64_t MemoryDatabase::delete_one(const std::string& collection, const json::Value& filter) {
  return locked("delete", collection, [&]() -> std::int64_t {
    auto* target = existing(collection);
    if (target == nullptr) return 0;
    auto& documents = target->documents;
    auto found = std::find_if(documents.begin(), documents.end(),
                              [&](const json::Value& document) { return memory::matches(document, filter); });
    if (found == documents.end()) return 0;
    documents.erase(found);
    return 1;
  });
}

std::int64_t MemoryDatabase::delete_many(const std::string& collection, const json::Value& filter) {
  return locked("delete", collection, [&]() -> std::int64_t {
    auto* target = existing(collection);
    if (target == nullptr) return 0;
    return static_cast<std::int64_t>(std::erase_if(
        target->documents, [&](const json::Value& document) { return memory::matches(document, filter); }));
  });
}

void MemoryDatabase::create_indexes(const std::string& collection, const std::vector<Index>& indexes) {
  locked("createIndexes", collection, [&] {
    Collection& target = collections_[collection];
    for (const auto& index : indexes) {
      bool exists = std::any_of(target.indexes.begin(), target.indexes.end(),
                                [&](const Index& known) { return known.name() == index.name(); });
      if (exists) continue;
      // As the server does, an index that the stored documents break is refused.
      if (index.unique) {
        Collection with_index{{}, {{index.keys.deep_copy(), true}}};
        for (const auto& document : target.documents) insert(with_index, document);
      }
      target.indexes.push_back({index.keys.deep_copy(), index.unique});
    }
    return 0;
  });
}

std::vector<std::string> MemoryDatabase::index_names(const std::string& collection) {
  return locked("listIndexes", collection, [&] {
    std::vector<std::string> names;
    auto* source = existing(collection);
    if (source == nullptr) return names;  // no collection, no indexes
    names.push_back("_id_");
    for (const auto& index : source->indexes) names.push_back(index.name());
    return names;
  });
}

json::Value MemoryDatabase::admin_command(const json::Value& command) {
  return locked("admin command", "admin", [&] {
    auto name = command.items().empty() ? std::string() : command.items().front().first;
    if (name != "ping" && name != "setFeatureCompatibilityVersion") {
      throw std::invalid_argument("no such command: '" + name + "'");
    }
    return ok_reply();
  });
}

bool MemoryDatabase::ping() {
  std::lock_guard lock(mutex_);
  return available_;
}

}  // namespace qta::db
