#pragma once
// A fixed number of slots for expensive work and a bounded waiting room in front of them. A request
// that finds every slot taken waits for one until its deadline, unless the waiting room is full; then it
// is refused at once. The waiting room is bounded because each waiter holds an accept thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace qta::routes {

class Slots {
 public:
  // Holds a slot until destroyed. Move-only.
  class Permit {
   public:
    explicit Permit(Slots* slots) : slots_(slots) {}
    Permit(Permit&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
    Permit& operator=(Permit&& other) noexcept {
      if (this != &other) {
        reset();
        slots_ = other.slots_;
        other.slots_ = nullptr;
      }
      return *this;
    }
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    ~Permit() { reset(); }

   private:
    void reset() {
      if (slots_ != nullptr) slots_->release();
      slots_ = nullptr;
    }
    Slots* slots_;
  };

  // `slots` at least 1; `waiting_room` may be 0 (no waiting: refused when all slots are taken).
  Slots(int slots, int waiting_room);
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;

  // A slot, or nullopt when the waiting room is full or `deadline` passes first. Thread-safe.
  std::optional<Permit> acquire(std::chrono::steady_clock::time_point deadline);

  int size() const { return slots_; }
  int waiting_room() const { return waiting_room_; }
  int busy() const;
  int waiting() const;

 private:
  void release();
  const int slots_;
  const int waiting_room_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  int busy_ = 0;
  int waiting_ = 0;
};

// The split of a worker's accept threads: `expensive` slots (0 = half the threads, at least one; never
// more than the threads), and a waiting room of half the threads that are left, so that at least a
// quarter of the threads stay free for cheap routes.
struct SlotSplit {
  int slots;
  int waiting_room;
};
SlotSplit split_threads(int threads, int expensive);

}  // namespace qta::routes
