#pragma once
// Keeps a worker's long-lived responses (server-sent events) on one thread of their own, so that an
// open stream holds no accept thread: 100 open streams cost 100 sockets and a little memory, not 100
// threads, and ordinary requests keep all accept threads.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fcgi/fcgi_exchange.h"
#include "http/response.h"

namespace qta::fcgi {

class StreamHub {
 public:
  explicit StreamHub(std::size_t max_streams);
  ~StreamHub();  // stops: ends every open stream
  StreamHub(const StreamHub&) = delete;
  StreamHub& operator=(const StreamHub&) = delete;

  // Takes an exchange whose stream head and opening events are written. False when the hub is full
  // or stopping; the exchange then stays with the caller.
  bool adopt(std::unique_ptr<Exchange>& exchange, std::shared_ptr<http::Stream> stream);
  std::size_t size() const;
  void stop();

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::unique_ptr<Exchange> exchange;
    std::shared_ptr<http::Stream> stream;
    Clock::time_point next_tick;
  };
  void run();

  const std::size_t max_streams_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Entry> entries_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace qta::fcgi
