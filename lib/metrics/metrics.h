#pragma once
// Prometheus metrics of the whole worker pool. The counters live in one block of shared memory that the
// master maps before it forks: every process (workers, the initialisation child, the metrics listener)
// adds to the same atomics, so a scrape sees all workers, and what a worker counted outlives it.
// Everything is a fixed-size array of lock-free, address-free atomics: no locks across processes, and
// a process that dies mid-update leaves no lock held.
//
// Without a block (unit tests, the admin subcommands) every record_* call does nothing.

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace qta::metrics {

// Request counts are kept per route-table row; the last row is for requests that matched no route
// (404, 405) or were answered before routing (503 while starting, unreadable requests).
constexpr std::size_t kMaxRouteRows = 127;
constexpr std::size_t kUnmatchedRoute = kMaxRouteRows;
// The statuses the server answers, each with its own counter; any other status counts as "other".
constexpr std::array<int, 15> kStatuses = {200, 201, 204, 206, 304, 400, 401, 403,
                                           404, 405, 413, 429, 500, 502, 503};
constexpr std::size_t kOtherStatus = kStatuses.size();
// Latency buckets in seconds (upper bounds; +Inf is implied).
constexpr std::array<double, 13> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                    0.25,  0.5,    1,     2.5,  5,     10};
// Processes that report gauges (in-flight requests, open streams) at once: the workers of two
// generations during a reload, at most 256 each (API_SERVER_WORKERS).
constexpr std::size_t kMaxProcessSlots = 512;
constexpr std::size_t kNoProcessSlot = kMaxProcessSlots;

enum class DatabaseError : std::size_t { kTimeout, kUnavailable, kRefusedValue, kOther, kCount };
constexpr std::array<std::string_view, static_cast<std::size_t>(DatabaseError::kCount)> kDatabaseErrorNames =
    {"timeout", "unavailable", "refused_value", "other"};

using Counter = std::atomic<std::uint64_t>;
using Gauge = std::atomic<std::int64_t>;
static_assert(Counter::is_always_lock_free && Gauge::is_always_lock_free, "shared between processes");

struct Histogram {
  std::array<Counter, kLatencyBuckets.size() + 1> buckets{};  // per bucket, not cumulative; last is +Inf
  Counter sum_microseconds{0};
  void observe(std::chrono::nanoseconds duration);
};

struct ProcessGauges {
  Gauge in_flight{0};
  Gauge open_streams{0};
};

struct Counters {
  std::array<std::array<Counter, kStatuses.size() + 1>, kMaxRouteRows + 1> requests{};
  std::array<Histogram, kMaxRouteRows + 1> request_latency{};
  std::array<ProcessGauges, kMaxProcessSlots> processes{};
  Counter worker_restarts{0};
  Histogram database_commands{};  // every command sent, with its duration as the driver measured it
  Counter database_command_failures{0};
  std::array<Counter, static_cast<std::size_t>(DatabaseError::kCount)> database_errors{};
  Counter login_failures{0};
  Counter logins_throttled{0};
  Histogram pdf_renders{};
  Counter pdf_render_failures{0};
  Counter scrapes{0};
};

// Maps the shared block (anonymous, shared with children forked afterwards) and makes it this
// process's; the master calls it once, before forking. Throws std::runtime_error when it cannot.
void create_shared_counters();
// The block, or nullptr when there is none.
Counters* counters();
// Which ProcessGauges slot this process updates (set in a child right after fork).
void set_process_slot(std::size_t slot);
void clear_process_slot(std::size_t slot);  // the master, for a worker that has died

std::size_t status_index(int status);

void record_request(std::size_t route_row, int status, std::chrono::nanoseconds duration);
void record_worker_restart();
void record_database_command(std::chrono::microseconds duration, bool failed);
void record_database_error(DatabaseError kind);
void record_login_failure();
void record_login_throttled();
void record_pdf_render(std::chrono::nanoseconds duration, bool failed);
void set_open_streams(std::int64_t count);

// Counts a request in flight in this process while it lives.
class InFlight {
 public:
  InFlight();
  ~InFlight();
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  Gauge* gauge_;
};

}  // namespace qta::metrics
