// The stream hub thread: ticks every open stream when due, drops those whose client has gone.
#include "fcgi/stream_hub.h"

#include <algorithm>

#include "base/log.h"
#include "metrics/metrics.h"

namespace qta::fcgi {

StreamHub::StreamHub(std::size_t max_streams) : max_streams_(max_streams), thread_([this] { run(); }) {}

StreamHub::~StreamHub() { stop(); }

void StreamHub::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  entries_.clear();
  metrics::set_open_streams(
      0);  // finishing each exchange closes its stream; EventSource clients reconnect elsewhere
}

std::size_t StreamHub::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

bool StreamHub::adopt(std::unique_ptr<Exchange>& exchange, std::shared_ptr<http::Stream> stream) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || entries_.size() >= max_streams_) return false;
    auto next = Clock::now() + std::chrono::seconds(stream->tick_interval_seconds());
    entries_.push_back({std::move(exchange), std::move(stream), next});
    metrics::set_open_streams(static_cast<std::int64_t>(entries_.size()));
  }
  changed_.notify_all();
  return true;
}

void StreamHub::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto earliest = Clock::now() + std::chrono::hours(1);
    for (const auto& entry : entries_) earliest = std::min(earliest, entry.next_tick);
    changed_.wait_until(lock, earliest);
    if (stopping_) break;
    // Take the due entries out, tick them without the lock (ticks write to sockets), put survivors back.
    auto now = Clock::now();
    std::vector<Entry> due;
    auto split =
        std::partition(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.next_tick > now; });
    std::move(split, entries_.end(), std::back_inserter(due));
    entries_.erase(split, entries_.end());
    lock.unlock();
    std::vector<Entry> survivors;
    for (auto& entry : due) {
      Exchange& exchange = *entry.exchange;
      bool alive = false;
      try {
        alive = entry.stream->tick([&](std::string_view chunk) { return exchange.write_chunk(chunk); });
      } catch (const std::exception& error) {
        base::log_warning("stream ended by an error: {}", error.what());
      } catch (...) {
        base::log_warning("stream ended by an error");
      }
      if (alive) {
        entry.next_tick = Clock::now() + std::chrono::seconds(entry.stream->tick_interval_seconds());
        survivors.push_back(std::move(entry));
      }
    }
    due.clear();  // finishes the exchanges of streams that ended
    lock.lock();
    for (auto& entry : survivors) entries_.push_back(std::move(entry));
    metrics::set_open_streams(static_cast<std::int64_t>(entries_.size()));
  }
}

}  // namespace qta::fcgi
