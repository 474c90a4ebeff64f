// Measurement routes: the number of measurements as a server-sent-event stream.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "app/log.h"
#include "http/error.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

// The measurement count shared by all streams of this process for a second: a hundred streams ticking
// together cost one query, and a dead database costs one timeout per second, not one per stream.
class SharedMeasurementCount {
 public:
  std::int64_t get(db::Database& database) {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - checked_ > std::chrono::seconds(1)) {
      checked_ = now;
      count_.reset();
      count_ = database.estimated_count("measurements");  // throws while the database is unavailable
    }
    if (!count_) throw http::Error(http::ErrorCode::kUnavailable, "The database is unavailable, please try again later.");
    return *count_;
  }

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point checked_;
  std::optional<std::int64_t> count_;
};

SharedMeasurementCount& shared_count() {
  static SharedMeasurementCount instance;
  return instance;
}

std::string sse_event(std::int64_t id, std::string_view event, std::string_view data) {
  std::string packed = "retry: 2000\nid: " + std::to_string(id) + "\nevent: ";
  packed += event;
  packed += "\ndata: ";
  packed += data;
  packed += "\n\n";
  return packed;
}

// Sends "init" with the current count, a 64 KiB "flush" event (v5.8.0 sends it to push the stream
// through buffering proxies, and its frontend expects it), then a "delta" event whenever the count has
// changed, checked every ten seconds. Unchanged ticks send an SSE comment so that proxies see a live
// connection and a departed client is noticed.
class NrMeasurementsStream : public http::Stream {
 public:
  NrMeasurementsStream(db::Database& database, std::int64_t first_event_id, std::int64_t count)
      : database_(database), event_id_(first_event_id), count_(count) {}

  bool open(const Sink& sink) override {
    if (!sink(sse_event(event_id_++, "init", std::to_string(count_)))) return false;
    return sink(sse_event(event_id_++, "flush", std::string(256 * 256, '.')));
  }

  bool tick(const Sink& sink) override {
    std::int64_t count;
    try {
      count = shared_count().get(database_);
    } catch (const std::exception&) {
      return sink(": database unavailable\n\n");  // keep the stream; the next tick tries again
    }
    if (count == count_) return sink(": no change\n\n");
    count_ = count;
    return sink(sse_event(event_id_++, "delta", std::to_string(count)));
  }

  int tick_interval_seconds() const override { return 10; }

 private:
  db::Database& database_;
  std::int64_t event_id_;
  std::int64_t count_;
};

std::int64_t first_event_id(const http::Request& request) {
  auto last = request.header("Last-Event-Id");
  if (!last) return 0;
  try {
    return std::stoll(*last) + 1;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

http::Response stream_nr_measurements(Context& context) {
  // Counted here, not in the stream, so that a dead database is a 503 before any event is sent.
  std::int64_t count = shared_count().get(context.database);
  auto stream = std::make_shared<NrMeasurementsStream>(context.database, first_event_id(context.request), count);
  return http::Response::stream(stream, "text/event-stream");
}

}  // namespace qta::routes
