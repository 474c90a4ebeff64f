#pragma once
// The read cache of one worker process, for the collections that only API servers write: reports,
// reports_overviews, datamodels and users (v5.8.0's collector and notifier write measurements only).
//
// Validation: the collection `qta_change_tokens` holds one document per cached collection,
// {_id: <collection>, epoch: <random>, changes: <count>}. Every write of ours to such a collection
// increments `changes` after the write (ChangeNote). A cached value carries the token that was current
// when its read began, and serves only while the database still holds that token. A request reads all
// tokens at most once (one find of four small documents, also cheap where FerretDB reads whole
// collections), so a steady-state read costs that one read. Concurrent requests of one process share
// token reads: a request takes the tokens of a read that was sent after the request began (or after its
// own last write), so it sees every write acknowledged before it began, exactly as with a read of its
// own; under load one read then serves every request that arrived while the previous one was under way.
//
// Why this holds across workers and hosts: a writer bumps after its write and a reader reads the token
// before the data. A reader that sees the new token reads the new data; one that sees the old token
// caches under the old token, which the next request's token read no longer matches. A writer that dies
// between its write and its bump, or an API server that does not bump (v5.8.0), leaves other workers'
// entries stale: entries older than `max_age` are read again, which bounds that (one thread reads again
// while the others still get the old value, so the bound is max_age plus one read). The epoch makes a token
// document that was removed and created again differ from the old one although it counts from 0 again.
//
// Values are shared, immutable and thread-safe to read; callers that change one deep-copy it first.
// Memory: at most `max_bytes` of cached values (estimated from their serialised size, see
// estimated_memory, plus a small overhead per entry), least recently used first out; a value larger than
// that is served but not kept.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "json/json.h"

namespace qta::db {

class Database;

// What a JSON value takes in memory, estimated from its serialised size: Jansson holds a report in about
// ten times that (9.6 measured on 50 reports of 40 metrics: a hash table per object, a node per value).
inline constexpr std::size_t kJsonMemoryPerSerialisedByte = 10;
inline std::size_t estimated_memory(const json::Value& value) {
  return value.dump().size() * kJsonMemoryPerSerialisedByte;
}

// What the cache keeps, one change token each: the collection of that name.
enum class Cached { kReports, kReportsOverviews, kDataModels, kUsers };
inline constexpr std::size_t kCachedKinds = 4;
const char* collection_of(Cached kind);

inline constexpr const char* kChangeTokens = "qta_change_tokens";

struct ChangeToken {
  std::string epoch;
  std::int64_t changes = -1;  // -1: no token document, nothing may be cached
  bool present() const { return changes >= 0; }
  bool operator==(const ChangeToken&) const = default;
};

struct ReadCacheStats {
  std::uint64_t token_reads = 0;         // database reads of the change tokens
  std::uint64_t shared_token_reads = 0;  // token lookups answered by another request's read
  std::uint64_t hits = 0;
  std::uint64_t loads = 0;  // values read from the database through the cache
  std::uint64_t evictions = 0;
  std::uint64_t waiting = 0;  // callers waiting now for another caller's read of the same value
  std::size_t bytes = 0;
  std::size_t entries = 0;
};

class ReadCache {
 public:
  // max_bytes 0 disables the cache (no token reads either); max_age 0 keeps entries until their token
  // changes.
  ReadCache(std::size_t max_bytes, std::chrono::milliseconds max_age);
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  bool enabled() const { return max_bytes_ > 0; }

  // The current token of `kind`: the database's, read once per RequestTokens scope on this thread (every
  // time without one) by a read sent after the scope began (after this thread's last noted change, or
  // now without a scope), which may be another thread's. Throws http::Error(kUnavailable) when the
  // database is down.
  ChangeToken token(Database& database, Cached kind);

  // The value kept under (kind, key) that was read under `token`, or nullptr. Past max_age, the first
  // caller gets nullptr (and reads it again), the others the value until that one stores the new one.
  // T must be the type it was stored with.
  // With `reading_if_old` false (a caller that will not read this value again itself), past max_age
  // simply nullptr.
  template <typename T>
  std::shared_ptr<const T> find(Cached kind, const std::string& key, const ChangeToken& token,
                                bool reading_if_old = true) {
    return std::static_pointer_cast<const T>(find_erased(kind, key, token, reading_if_old));
  }
  // Keeps `value`, read under `token`, unless an entry read under a later token of the same epoch is there.
  template <typename T>
  void store(Cached kind, const std::string& key, const ChangeToken& token, std::shared_ptr<const T> value,
             std::size_t bytes) {
    store_erased(kind, key, token, std::move(value), bytes);
  }
  // Drops every entry of `kind` (after a write of this process).
  void forget(Cached kind);
  ReadCacheStats stats() const;
  void count_load();

  using Tokens = std::array<ChangeToken, kCachedKinds>;
  using Clock = std::chrono::steady_clock;
  // What `read` (a read of all tokens) returns when sent at or after `since`: the result of another
  // caller's read sent then, or of this caller's own when none is under way. Callers that wait while a
  // read is under way share the next one. For token(); the unit tests call it with a read of their own.
  Tokens tokens_since(Clock::time_point since, const std::function<Tokens()>& read);

  // One read per value at a time: the first caller that misses (kind, key) under `token` becomes its
  // reader (`reader` set; it must call land() whatever happens); later callers under the same token get
  // the reader's result to wait for (nullptr when that read failed). A caller under another token gets
  // neither and reads by itself.
  using Landing = std::shared_future<std::shared_ptr<const void>>;
  std::optional<Landing> join_read(Cached kind, const std::string& key, const ChangeToken& token,
                                   bool& reader);
  void land(Cached kind, const std::string& key, std::shared_ptr<const void> value);
  void stop_waiting();

 private:
  struct Entry {
    Cached kind;
    std::string key;
    ChangeToken token;
    std::chrono::steady_clock::time_point stored_at;
    std::optional<std::chrono::steady_clock::time_point>
        refresh_started;  // past max_age, one thread reads it again
    std::shared_ptr<const void> value;
    std::size_t bytes;
  };
  using Entries = std::list<Entry>;  // most recently used first

  std::shared_ptr<const void> find_erased(Cached kind, const std::string& key, const ChangeToken& token,
                                          bool reading_if_old);
  void store_erased(Cached kind, const std::string& key, const ChangeToken& token,
                    std::shared_ptr<const void> value, std::size_t bytes);
  void erase(Entries::iterator entry);  // with mutex_ held

  const std::size_t max_bytes_;
  const std::chrono::milliseconds max_age_;
  mutable std::mutex mutex_;
  Entries entries_;
  std::unordered_map<std::string, Entries::iterator> index_;  // by kind and key
  struct Read {
    ChangeToken token;
    std::promise<std::shared_ptr<const void>> promise;
    Landing landing;
  };
  std::unordered_map<std::string, std::shared_ptr<Read>> reads_;  // in progress, by kind and key
  struct TokenRead {
    Clock::time_point sent;  // taken before the read is sent
    std::shared_future<Tokens> tokens;
  };
  std::optional<TokenRead> token_read_;                                // under way
  std::optional<std::pair<Clock::time_point, Tokens>> latest_tokens_;  // of the last read that succeeded
  ReadCacheStats stats_;
};

// While it lives, the calling thread's reads of change tokens from one cache are read once and reused:
// one token read per request. A change noted on the thread ends the reuse, so the request sees its own
// writes. Make one per request, around the handler.
class RequestTokens {
 public:
  RequestTokens();
  ~RequestTokens();
  RequestTokens(const RequestTokens&) = delete;
  RequestTokens& operator=(const RequestTokens&) = delete;
};

// The value under (kind, key) read under `token`: the kept one when there is one, else read with `load()`
// (the database read) and kept with its size `bytes_of(value)`. Use the cache's token of `kind`.
template <typename T, typename Load, typename Size>
std::shared_ptr<const T> cached_read(ReadCache& cache, const ChangeToken& token, Cached kind,
                                     const std::string& key, Load load, Size bytes_of) {
  auto read = [&] {
    auto value = std::make_shared<const T>(load());
    cache.count_load();
    return value;
  };
  if (!token.present()) return read();
  if (auto kept = cache.find<T>(kind, key, token)) return kept;
  bool reader = false;
  auto landing = cache.join_read(kind, key, token, reader);
  if (!reader) {
    if (!landing) return read();
    auto landed = std::static_pointer_cast<const T>(landing->get());
    cache.stop_waiting();
    return landed ? landed : read();  // the reader failed: try once more by ourselves
  }
  std::shared_ptr<const T> value;
  try {
    value = read();
  } catch (...) {
    cache.land(kind, key, nullptr);
    throw;
  }
  cache.store<T>(kind, key, token, value, bytes_of(*value));
  cache.land(kind, key, value);
  return value;
}

// Marks a change of `kind` in the database when it goes out of scope, whether the write in between
// succeeded or not (a write that failed may still have been stored), and drops this process's entries
// of that kind at once. Never throws: a failed bump is logged, and max_age bounds what it leaves stale.
class ChangeNote {
 public:
  ChangeNote(Database& database, Cached kind) : database_(database), kind_(kind) {}
  ~ChangeNote();
  ChangeNote(const ChangeNote&) = delete;
  ChangeNote& operator=(const ChangeNote&) = delete;

 private:
  Database& database_;
  Cached kind_;
};

// Notes a change of `kind` now, as ChangeNote does: for writes made another way (tests, scripts).
void note_change(Database& database, Cached kind);

// Creates the token documents that do not exist yet (start-up), so that caching starts at once.
void ensure_change_tokens(Database& database);

}  // namespace qta::db
