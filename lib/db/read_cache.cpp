// The per-process read cache and the change tokens that validate it.
#include "db/read_cache.h"

#include <exception>

#include "base/log.h"
#include "crypto/random.h"
#include "db/database.h"
#include "json/json.h"

namespace qta::db {

namespace {

// Bookkeeping of an entry beyond its value (key, list and map nodes), so that many tiny entries (an
// unknown report uuid each) still count.
constexpr std::size_t kEntryOverhead = 256;

// The tokens read by the current request of this thread (RequestTokens).
struct RequestMemo {
  int scopes = 0;
  const ReadCache* owner = nullptr;  // the cache whose tokens are held; nullptr for none
  std::array<ChangeToken, kCachedKinds> tokens;
  // Tokens must come from a read sent at or after this: the start of the request, or its last write.
  std::chrono::steady_clock::time_point since;
};
thread_local RequestMemo request_memo;

std::string index_key(Cached kind, const std::string& key) {
  return std::to_string(static_cast<int>(kind)) + ":" + key;
}

json::Value id_filter(Cached kind) {
  auto filter = json::Value::object();
  filter.set("_id", json::Value::string(collection_of(kind)));
  return filter;
}

}  // namespace

const char* collection_of(Cached kind) {
  switch (kind) {
    case Cached::kReports:
      return "reports";
    case Cached::kReportsOverviews:
      return "reports_overviews";
    case Cached::kDataModels:
      return "datamodels";
    case Cached::kUsers:
      return "users";
  }
  return "";
}

ReadCache::ReadCache(std::size_t max_bytes, std::chrono::milliseconds max_age)
    : max_bytes_(max_bytes), max_age_(max_age) {}

namespace {
ReadCache::Tokens read_tokens(Database& database) {
  ReadCache::Tokens tokens;
  for (const auto& document : database.find(kChangeTokens, json::Value::object())) {
    auto changes = document.get("changes").as_integer();
    if (!changes || *changes < 0) continue;
    for (std::size_t i = 0; i < kCachedKinds; ++i) {
      if (document.get_string("_id") == collection_of(static_cast<Cached>(i))) {
        tokens[i] = ChangeToken{document.get_string("epoch"), *changes};
      }
    }
  }
  return tokens;
}
}  // namespace

ReadCache::Tokens ReadCache::tokens_since(Clock::time_point since, const std::function<Tokens()>& read) {
  bool joined_a_failed_read = false;
  for (;;) {
    std::unique_lock lock(mutex_);
    if (latest_tokens_ && latest_tokens_->first >= since) {
      ++stats_.shared_token_reads;
      return latest_tokens_->second;
    }
    if (token_read_) {
      // A read sent before `since` may miss a write acknowledged before it: wait for it to end, then
      // take (or send) the next one, which all that wait meanwhile share.
      bool usable = token_read_->sent >= since && !joined_a_failed_read;
      auto tokens = token_read_->tokens;
      lock.unlock();
      try {
        auto result = tokens.get();
        if (usable) {
          std::lock_guard counted(mutex_);
          ++stats_.shared_token_reads;
          return result;
        }
      } catch (...) {
        // Its reader answers for its failure; this caller tries once with a read of its own.
        joined_a_failed_read |= usable;
      }
      continue;
    }
    std::promise<Tokens> promise;
    auto sent = Clock::now();
    token_read_ = TokenRead{sent, promise.get_future().share()};
    ++stats_.token_reads;
    lock.unlock();
    try {
      Tokens tokens = read();
      {
        std::lock_guard landed(mutex_);
        if (!latest_tokens_ || latest_tokens_->first < sent) latest_tokens_.emplace(sent, tokens);
        token_read_.reset();
      }
      promise.set_value(tokens);
      return tokens;
    } catch (...) {
      {
        std::lock_guard failed(mutex_);
        token_read_.reset();
      }
      promise.set_exception(std::current_exception());
      throw;
    }
  }
}

ChangeToken ReadCache::token(Database& database, Cached kind) {
  auto& memo = request_memo;
  if (memo.scopes > 0 && memo.owner == this) return memo.tokens[static_cast<std::size_t>(kind)];
  Tokens tokens =
      tokens_since(memo.scopes > 0 ? memo.since : Clock::now(), [&] { return read_tokens(database); });
  if (memo.scopes > 0) {
    memo.owner = this;
    memo.tokens = tokens;
  }
  return tokens[static_cast<std::size_t>(kind)];
}

std::shared_ptr<const void> ReadCache::find_erased(Cached kind, const std::string& key,
                                                   const ChangeToken& token, bool reading_if_old) {
  std::lock_guard lock(mutex_);
  auto found = index_.find(index_key(kind, key));
  if (found == index_.end()) return nullptr;
  auto entry = found->second;
  if (entry->token != token) {
    // Another thread may still read under the entry's token; it loses a hit, not correctness.
    if (entry->token.epoch != token.epoch || entry->token.changes < token.changes) erase(entry);
    return nullptr;
  }
  auto now = std::chrono::steady_clock::now();
  if (max_age_.count() > 0 && now - entry->stored_at > max_age_) {
    // Past its age with its token unchanged: one thread reads it again while the others go on with it
    // (a full read of all reports can take seconds; every thread reading it at once would take minutes).
    // Should that thread fail, another one tries after max_age.
    if (!reading_if_old) return nullptr;
    if (!entry->refresh_started || now - *entry->refresh_started > max_age_) {
      entry->refresh_started = now;
      return nullptr;
    }
  }
  entries_.splice(entries_.begin(), entries_, entry);
  ++stats_.hits;
  return entry->value;
}

void ReadCache::store_erased(Cached kind, const std::string& key, const ChangeToken& token,
                             std::shared_ptr<const void> value, std::size_t bytes) {
  bytes += kEntryOverhead + key.size();
  if (bytes > max_bytes_) return;
  std::lock_guard lock(mutex_);
  std::string at = index_key(kind, key);
  if (auto found = index_.find(at); found != index_.end()) {
    const ChangeToken& kept = found->second->token;
    // A thread that read an older token must not replace what a thread with a newer one stored.
    if (kept.epoch == token.epoch && kept.changes > token.changes) return;
    erase(found->second);
  }
  entries_.push_front(
      Entry{kind, key, token, std::chrono::steady_clock::now(), std::nullopt, std::move(value), bytes});
  index_.emplace(std::move(at), entries_.begin());
  stats_.bytes += bytes;
  while (stats_.bytes > max_bytes_) {
    erase(std::prev(entries_.end()));
    ++stats_.evictions;
  }
}

void ReadCache::erase(Entries::iterator entry) {
  stats_.bytes -= entry->bytes;
  index_.erase(index_key(entry->kind, entry->key));
  entries_.erase(entry);
}

void ReadCache::forget(Cached kind) {
  std::lock_guard lock(mutex_);
  for (auto entry = entries_.begin(); entry != entries_.end();) {
    auto next = std::next(entry);
    if (entry->kind == kind) erase(entry);
    entry = next;
  }
}

ReadCacheStats ReadCache::stats() const {
  std::lock_guard lock(mutex_);
  ReadCacheStats result = stats_;
  result.entries = entries_.size();
  return result;
}

void ReadCache::count_load() {
  std::lock_guard lock(mutex_);
  ++stats_.loads;
}

std::optional<ReadCache::Landing> ReadCache::join_read(Cached kind, const std::string& key,
                                                       const ChangeToken& token, bool& reader) {
  std::lock_guard lock(mutex_);
  auto [at, fresh] = reads_.try_emplace(index_key(kind, key));
  if (fresh) {
    at->second = std::make_shared<Read>();
    at->second->token = token;
    at->second->landing = at->second->promise.get_future().share();
    reader = true;
    return std::nullopt;
  }
  reader = false;
  if (at->second->token != token) return std::nullopt;
  ++stats_.waiting;
  return at->second->landing;
}

void ReadCache::land(Cached kind, const std::string& key, std::shared_ptr<const void> value) {
  std::shared_ptr<Read> read;
  {
    std::lock_guard lock(mutex_);
    auto at = reads_.find(index_key(kind, key));
    if (at == reads_.end()) return;
    read = std::move(at->second);
    reads_.erase(at);
  }
  read->promise.set_value(std::move(value));
}

void ReadCache::stop_waiting() {
  std::lock_guard lock(mutex_);
  --stats_.waiting;
}

RequestTokens::RequestTokens() {
  if (request_memo.scopes++ == 0) {
    request_memo.owner = nullptr;
    request_memo.since = std::chrono::steady_clock::now();
  }
}

RequestTokens::~RequestTokens() {
  if (--request_memo.scopes == 0) request_memo.owner = nullptr;
}

ChangeNote::~ChangeNote() {
  // Whatever happens below, this request reads the tokens again and this process reads the data again.
  request_memo.owner = nullptr;
  database_.read_cache().forget(kind_);
  try {
    auto update = json::Value::object();
    update.set("$inc", json::Value::parse(R"({"changes": 1})"));
    auto epoch = json::Value::object();
    epoch.set("epoch", json::Value::string(crypto::uuid4()));
    update.set("$setOnInsert", epoch);
    database_.update_one(kChangeTokens, id_filter(kind_), update, true);
    // Its later reads need tokens read after this change (a read sent before it may miss it).
    request_memo.since = std::chrono::steady_clock::now();
  } catch (const std::exception& error) {
    base::log_warning(
        "could not note a change of {} for the read caches of other workers (they catch up within "
        "API_SERVER_CACHE_MAX_AGE): {}",
        collection_of(kind_), error.what());
  }
}

void note_change(Database& database, Cached kind) { ChangeNote note(database, kind); }

void ensure_change_tokens(Database& database) {
  for (std::size_t i = 0; i < kCachedKinds; ++i) {
    auto kind = static_cast<Cached>(i);
    auto initial = json::Value::object();
    initial.set("epoch", json::Value::string(crypto::uuid4()));
    initial.set("changes", json::Value::integer(0));
    auto update = json::Value::object();
    update.set("$setOnInsert", initial);
    try {
      database.update_one(kChangeTokens, id_filter(kind), update, true);
    } catch (const std::exception& error) {
      // Another server starting at the same moment may have created it; a missing one only means no caching.
      base::log_info("change token of {} not created: {}", collection_of(kind), error.what());
    }
  }
}

}  // namespace qta::db
