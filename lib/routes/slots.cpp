// Expensive-route slots: a counting semaphore with a bounded number of waiters.
#include "routes/slots.h"

#include <algorithm>

namespace qta::routes {

Slots::Slots(int slots, int waiting_room)
    : slots_(std::max(1, slots)), waiting_room_(std::max(0, waiting_room)) {}

std::optional<Slots::Permit> Slots::acquire(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  if (busy_ < slots_) {
    ++busy_;
    return Permit(this);
  }
  if (waiting_ >= waiting_room_) return std::nullopt;
  ++waiting_;
  bool freed = freed_.wait_until(lock, deadline, [this] { return busy_ < slots_; });
  --waiting_;
  if (!freed) return std::nullopt;
  ++busy_;
  return Permit(this);
}

void Slots::release() {
  {
    std::lock_guard lock(mutex_);
    --busy_;
  }
  freed_.notify_one();
}

int Slots::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

int Slots::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

SlotSplit split_threads(int threads, int expensive) {
  threads = std::max(1, threads);
  int slots = expensive > 0 ? std::min(expensive, threads) : std::max(1, threads / 2);
  return {slots, (threads - slots) / 2};
}

}  // namespace qta::routes
