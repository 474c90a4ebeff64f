// The shared counters and the calls that update them (relaxed atomics: counts need no ordering).
#include "metrics/metrics.h"

#include <sys/mman.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace qta::metrics {

namespace {

Counters* g_counters = nullptr;  // set before any thread starts, then read-only
std::size_t g_process_slot = kNoProcessSlot;

constexpr auto kRelaxed = std::memory_order_relaxed;

}  // namespace

void Histogram::observe(std::chrono::nanoseconds duration) {
  double seconds = std::chrono::duration<double>(duration).count();
  auto bucket =
      std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) - kLatencyBuckets.begin();
  buckets[static_cast<std::size_t>(bucket)].fetch_add(1, kRelaxed);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  sum_microseconds.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0)), kRelaxed);
}

void create_shared_counters() {
  if (g_counters != nullptr) return;
  void* memory = mmap(nullptr, sizeof(Counters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::runtime_error("cannot map shared memory for the metrics");
  g_counters = new (memory) Counters();  // lives as long as the processes; never unmapped
}

Counters* counters() { return g_counters; }

void set_process_slot(std::size_t slot) { g_process_slot = slot < kMaxProcessSlots ? slot : kNoProcessSlot; }

void clear_process_slot(std::size_t slot) {
  if (g_counters == nullptr || slot >= kMaxProcessSlots) return;
  g_counters->processes[slot].in_flight.store(0, kRelaxed);
  g_counters->processes[slot].open_streams.store(0, kRelaxed);
}

std::size_t status_index(int status) {
  auto found = std::find(kStatuses.begin(), kStatuses.end(), status);
  return static_cast<std::size_t>(found - kStatuses.begin());  // kOtherStatus when not found
}

void record_request(std::size_t route_row, int status, std::chrono::nanoseconds duration) {
  if (g_counters == nullptr) return;
  std::size_t row = std::min(route_row, kUnmatchedRoute);
  g_counters->requests[row][status_index(status)].fetch_add(1, kRelaxed);
  g_counters->request_latency[row].observe(duration);
}

void record_worker_restart() {
  if (g_counters != nullptr) g_counters->worker_restarts.fetch_add(1, kRelaxed);
}

void record_database_command(std::chrono::microseconds duration, bool failed) {
  if (g_counters == nullptr) return;
  g_counters->database_commands.observe(duration);
  if (failed) g_counters->database_command_failures.fetch_add(1, kRelaxed);
}

void record_database_error(DatabaseError kind) {
  if (g_counters != nullptr)
    g_counters->database_errors[static_cast<std::size_t>(kind)].fetch_add(1, kRelaxed);
}

void record_login_failure() {
  if (g_counters != nullptr) g_counters->login_failures.fetch_add(1, kRelaxed);
}

void record_login_throttled() {
  if (g_counters != nullptr) g_counters->logins_throttled.fetch_add(1, kRelaxed);
}

void record_pdf_render(std::chrono::nanoseconds duration, bool failed) {
  if (g_counters == nullptr) return;
  if (failed) {
    g_counters->pdf_render_failures.fetch_add(1, kRelaxed);
  } else {
    g_counters->pdf_renders.observe(duration);
  }
}

void set_open_streams(std::int64_t count) {
  if (g_counters != nullptr && g_process_slot < kMaxProcessSlots) {
    g_counters->processes[g_process_slot].open_streams.store(count, kRelaxed);
  }
}

InFlight::InFlight()
    : gauge_(g_counters != nullptr && g_process_slot < kMaxProcessSlots
                 ? &g_counters->processes[g_process_slot].in_flight
                 : nullptr) {
  if (gauge_ != nullptr) gauge_->fetch_add(1, kRelaxed);
}

InFlight::~InFlight() {
  if (gauge_ != nullptr) gauge_->fetch_sub(1, kRelaxed);
}

}  // namespace qta::metrics
