// The read cache without a database: validation by token, its memory bound, its age bound.
#include "db/read_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace qta::db {

namespace {

using namespace std::chrono_literals;

ChangeToken token(std::int64_t changes, const char* epoch = "e1") { return ChangeToken{epoch, changes}; }

std::shared_ptr<const std::string> text(std::size_t size, char fill = 'x') {
  return std::make_shared<const std::string>(size, fill);
}

}  // namespace

TEST(ReadCache, ServesAValueOnlyUnderTheTokenItWasReadUnder) {
  ReadCache cache(1 << 20, 0ms);
  cache.store(Cached::kReports, "newest", token(1), text(10), 10);
  ASSERT_NE(cache.find<std::string>(Cached::kReports, "newest", token(1)), nullptr);
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(2)), nullptr) << "a later change";
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(1)), nullptr)
      << "superseded entries are dropped once a later token was seen";
  EXPECT_EQ(cache.find<std::string>(Cached::kReportsOverviews, "newest", token(1)), nullptr)
      << "kinds are apart";
}

TEST(ReadCache, ATokenDocumentMadeAgainNeverMatchesOldEntries) {
  ReadCache cache(1 << 20, 0ms);
  cache.store(Cached::kUsers, "jadoe", token(3, "old"), text(10), 10);
  EXPECT_EQ(cache.find<std::string>(Cached::kUsers, "jadoe", token(3, "new")), nullptr);
}

TEST(ReadCache, AReadUnderAnOlderTokenDoesNotReplaceOneUnderANewerToken) {
  ReadCache cache(1 << 20, 0ms);
  cache.store(Cached::kReports, "newest", token(5), text(10, 'n'), 10);
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(4)), nullptr);
  cache.store(Cached::kReports, "newest", token(4), text(10, 'o'), 10);
  auto kept = cache.find<std::string>(Cached::kReports, "newest", token(5));
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->front(), 'n');
}

TEST(ReadCache, StaysWithinItsByteLimitDroppingTheLeastRecentlyUsed) {
  constexpr std::size_t kLimit = 10000;
  ReadCache cache(kLimit, 0ms);
  for (const char* key : {"a", "b", "c"}) cache.store(Cached::kUsers, key, token(1), text(2500), 2500);
  EXPECT_EQ(cache.stats().entries, 3u);
  ASSERT_NE(cache.find<std::string>(Cached::kUsers, "a", token(1)),
            nullptr);  // "b" is now the least recently used
  cache.store(Cached::kUsers, "d", token(1), text(2500), 2500);
  auto stats = cache.stats();
  EXPECT_LE(stats.bytes, kLimit);
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(cache.find<std::string>(Cached::kUsers, "b", token(1)), nullptr);
  for (const char* key : {"a", "c", "d"})
    EXPECT_NE(cache.find<std::string>(Cached::kUsers, key, token(1)), nullptr) << key;
}

TEST(ReadCache, AValueLargerThanTheLimitIsServedButNotKept) {
  ReadCache cache(10000, 0ms);
  int loads = 0;
  for (int i = 0; i < 2; ++i) {
    auto value = cached_read<std::string>(
        cache, token(1), Cached::kReports, "newest",
        [&] {
          ++loads;
          return std::string(20000, 'x');
        },
        [](const std::string& kept) { return kept.size(); });
    EXPECT_EQ(value->size(), 20000u);
  }
  EXPECT_EQ(loads, 2);
  EXPECT_EQ(cache.stats().bytes, 0u);
}

TEST(ReadCache, ManyTinyEntriesCountTooSoUnknownKeysCannotExhaustMemory) {
  constexpr std::size_t kLimit = 64 * 1024;
  ReadCache cache(kLimit, 0ms);
  for (int i = 0; i < 10000; ++i) {
    cache.store(Cached::kReports, "report " + std::to_string(i), token(1), std::make_shared<const int>(0), 0);
  }
  EXPECT_LE(cache.stats().bytes, kLimit);
  EXPECT_LT(cache.stats().entries, 300u);
}

TEST(ReadCache, LoadsOncePerTokenAndNeverKeepsWithoutAToken) {
  ReadCache cache(1 << 20, 0ms);
  int loads = 0;
  auto load = [&] { return std::to_string(++loads); };
  auto size = [](const std::string& value) { return value.size(); };
  EXPECT_EQ(*cached_read<std::string>(cache, token(1), Cached::kReports, "newest", load, size), "1");
  EXPECT_EQ(*cached_read<std::string>(cache, token(1), Cached::kReports, "newest", load, size), "1");
  EXPECT_EQ(*cached_read<std::string>(cache, token(2), Cached::kReports, "newest", load, size), "2");
  ChangeToken absent;
  EXPECT_EQ(*cached_read<std::string>(cache, absent, Cached::kReports, "other", load, size), "3");
  EXPECT_EQ(*cached_read<std::string>(cache, absent, Cached::kReports, "other", load, size), "4");
  auto stats = cache.stats();
  EXPECT_EQ(stats.loads, 4u);
  EXPECT_EQ(stats.hits, 1u);
}

TEST(ReadCache, ForgetDropsOneKindOnly) {
  ReadCache cache(1 << 20, 0ms);
  cache.store(Cached::kReports, "newest", token(1), text(10), 10);
  cache.store(Cached::kDataModels, "current", token(1), text(10), 10);
  cache.forget(Cached::kReports);
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(1)), nullptr);
  EXPECT_NE(cache.find<std::string>(Cached::kDataModels, "current", token(1)), nullptr);
}

TEST(ReadCache, PastTheMaximumAgeOneCallerReadsAgainWhileTheOthersGoOnWithTheOldValue) {
  ReadCache cache(1 << 20, 1ms);
  cache.store(Cached::kReports, "newest", token(1), text(10, 'o'), 10);
  std::this_thread::sleep_for(5ms);  // past the maximum age, whatever the machine's speed
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(1)), nullptr)
      << "the first reads again";
  auto meanwhile = cache.find<std::string>(Cached::kReports, "newest", token(1));
  ASSERT_NE(meanwhile, nullptr) << "the others are not all sent to the database at once";
  EXPECT_EQ(meanwhile->front(), 'o');
  cache.store(Cached::kReports, "newest", token(1), text(10, 'n'), 10);
  auto kept = cache.find<std::string>(Cached::kReports, "newest", token(1));
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->front(), 'n');
  std::this_thread::sleep_for(5ms);
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(1)), nullptr)
      << "and again after the next max age";
  std::this_thread::sleep_for(5ms);
  EXPECT_EQ(cache.find<std::string>(Cached::kReports, "newest", token(1)), nullptr)
      << "a reader that failed is replaced";
}

TEST(ReadCache, CallersThatMissTogetherWaitForOneRead) {
  ReadCache cache(1 << 20, 0ms);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> loads{0};
  auto load = [&] {
    ++loads;
    released.wait();
    return std::string("value");
  };
  auto size = [](const std::string& kept) { return kept.size(); };
  std::vector<std::future<std::string>> results;
  results.push_back(std::async(std::launch::async, [&] {
    return *cached_read<std::string>(cache, token(1), Cached::kReports, "newest", load, size);
  }));
  while (loads == 0) std::this_thread::yield();  // the first caller is reading
  for (int i = 0; i < 3; ++i) {
    results.push_back(std::async(std::launch::async, [&] {
      return *cached_read<std::string>(cache, token(1), Cached::kReports, "newest", load, size);
    }));
  }
  while (cache.stats().waiting < 3) std::this_thread::yield();
  release.set_value();
  for (auto& result : results) EXPECT_EQ(result.get(), "value");
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(cache.stats().waiting, 0u);
}

TEST(ReadCache, WhenTheOneReadFailsTheWaitingCallersReadThemselves) {
  ReadCache cache(1 << 20, 0ms);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> loads{0};
  auto size = [](const std::string& kept) { return kept.size(); };
  auto failing = std::async(std::launch::async, [&] {
    return cached_read<std::string>(
        cache, token(1), Cached::kReports, "newest",
        [&]() -> std::string {
          ++loads;
          released.wait();
          throw std::runtime_error("database gone");
        },
        size);
  });
  while (loads == 0) std::this_thread::yield();
  auto waiting = std::async(std::launch::async, [&] {
    return *cached_read<std::string>(
        cache, token(1), Cached::kReports, "newest",
        [&] {
          ++loads;
          return std::string("own");
        },
        size);
  });
  while (cache.stats().waiting < 1) std::this_thread::yield();
  release.set_value();
  EXPECT_THROW(failing.get(), std::runtime_error);
  EXPECT_EQ(waiting.get(), "own");
  EXPECT_EQ(loads, 2);
}

TEST(ReadCache, ZeroBytesDisablesIt) {
  EXPECT_FALSE(ReadCache(0, 10s).enabled());
  EXPECT_TRUE(ReadCache(1, 10s).enabled());
}

TEST(ReadCache, ThreadsShareItSafely) {
  constexpr std::size_t kLimit = 50000;
  ReadCache cache(kLimit, 0ms);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 5000; ++i) {
        std::string key = std::to_string(i % 97);
        auto value = cached_read<std::string>(
            cache, token(i / 1000), Cached::kReports, key, [&] { return std::string(500 + t, 'x'); },
            [](const std::string& kept) { return kept.size(); });
        EXPECT_GE(value->size(), 500u);
        if (i % 500 == 0) cache.forget(Cached::kReports);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.stats().bytes, kLimit);
}

namespace {
ReadCache::Tokens tokens_with(std::int64_t changes) {
  ReadCache::Tokens tokens;
  tokens.fill(token(changes));
  return tokens;
}
}  // namespace

TEST(ReadCacheTokens, ACallerNeverTakesTokensFromAReadSentBeforeItsStart) {
  ReadCache cache(1 << 20, 0ms);
  std::promise<void> sent, release;
  auto first = std::async(std::launch::async, [&] {
    return cache.tokens_since(ReadCache::Clock::now(), [&] {
      sent.set_value();
      release.get_future().wait();
      return tokens_with(1);  // what the database held when this read was sent
    });
  });
  sent.get_future().wait();
  auto since = ReadCache::Clock::now();  // e.g. a request that began after a write acknowledged now
  std::atomic<int> own_reads = 0;
  auto later = std::async(std::launch::async, [&] {
    return cache.tokens_since(since, [&] {
      ++own_reads;
      return tokens_with(2);
    });
  });
  release.set_value();
  EXPECT_EQ(first.get()[0].changes, 1);
  EXPECT_EQ(later.get()[0].changes, 2) << "a read of its own, sent after it began";
  EXPECT_EQ(own_reads, 1);
  EXPECT_EQ(cache.stats().token_reads, 2u);
}

TEST(ReadCacheTokens, CallersThatBeganBeforeAReadWasSentShareIt) {
  ReadCache cache(1 << 20, 0ms);
  auto since = ReadCache::Clock::now();
  std::promise<void> sent, release;
  auto first = std::async(std::launch::async, [&] {
    return cache.tokens_since(since, [&] {
      sent.set_value();
      release.get_future().wait();
      return tokens_with(7);
    });
  });
  sent.get_future().wait();
  std::vector<std::future<ReadCache::Tokens>> others;
  for (int i = 0; i < 4; ++i) {
    others.push_back(std::async(std::launch::async, [&] {
      return cache.tokens_since(since, [] {
        ADD_FAILURE() << "read again";
        return tokens_with(0);
      });
    }));
  }
  release.set_value();
  EXPECT_EQ(first.get()[0].changes, 7);
  for (auto& other : others) EXPECT_EQ(other.get()[0].changes, 7);
  EXPECT_EQ(cache.stats().token_reads, 1u);
  EXPECT_EQ(cache.stats().shared_token_reads, 4u);
}

TEST(ReadCacheTokens, ACallerWhoseSharedReadFailedReadsByItselfAndAFailureIsNotKept) {
  ReadCache cache(1 << 20, 0ms);
  auto since = ReadCache::Clock::now();
  std::promise<void> sent, release;
  auto failing = std::async(std::launch::async, [&] {
    return cache.tokens_since(since, [&]() -> ReadCache::Tokens {
      sent.set_value();
      release.get_future().wait();
      throw std::runtime_error("database gone");
    });
  });
  sent.get_future().wait();
  auto joining = std::async(std::launch::async,
                            [&] { return cache.tokens_since(since, [] { return tokens_with(3); }); });
  release.set_value();
  EXPECT_THROW(failing.get(), std::runtime_error);
  EXPECT_EQ(joining.get()[0].changes, 3);
  EXPECT_EQ(cache.tokens_since(since, [] { return tokens_with(4); })[0].changes, 3)
      << "the read that succeeded is kept";
}

}  // namespace qta::db
