// Expensive-route slots: the limit, the bounded waiting room, release on destruction.
#include "routes/slots.h"

#include <gtest/gtest.h>

#include <thread>

namespace qta::routes {

namespace {
auto in(int milliseconds) {
  return std::chrono::steady_clock::now() + std::chrono::milliseconds(milliseconds);
}
auto past() { return std::chrono::steady_clock::now() - std::chrono::milliseconds(1); }
}  // namespace

TEST(Slots, GivesAsManySlotsAsItHasThenRefusesWithoutAWaitingRoom) {
  Slots slots(2, 0);
  auto first = slots.acquire(past());
  auto second = slots.acquire(past());
  ASSERT_TRUE(first && second) << "free slots are given even when the deadline has passed";
  EXPECT_FALSE(slots.acquire(in(60'000))) << "no waiting room: refused at once, not after a minute";
  EXPECT_EQ(slots.busy(), 2);
}

TEST(Slots, APermitReleasesItsSlot) {
  Slots slots(1, 0);
  {
    auto permit = slots.acquire(past());
    ASSERT_TRUE(permit);
    EXPECT_FALSE(slots.acquire(past()));
  }
  EXPECT_EQ(slots.busy(), 0);
  auto moved_from = slots.acquire(past());
  ASSERT_TRUE(moved_from);
  std::optional<Slots::Permit> moved_to = std::move(moved_from);
  moved_from.reset();
  EXPECT_EQ(slots.busy(), 1) << "a moved-from permit releases nothing";
  moved_to.reset();
  EXPECT_EQ(slots.busy(), 0);
}

TEST(Slots, AWaiterGetsTheSlotThatIsFreed) {
  Slots slots(1, 1);
  auto held = slots.acquire(past());
  std::optional<Slots::Permit> waited;
  std::thread waiter([&] { waited = slots.acquire(in(60'000)); });
  while (slots.waiting() == 0) std::this_thread::yield();
  EXPECT_FALSE(slots.acquire(in(60'000))) << "the waiting room holds one: a second waiter is refused at once";
  held.reset();
  waiter.join();
  EXPECT_TRUE(waited);
  EXPECT_EQ(slots.busy(), 1);
}

TEST(Slots, AWaiterGivesUpAtItsDeadline) {
  Slots slots(1, 1);
  auto held = slots.acquire(past());
  EXPECT_FALSE(slots.acquire(in(20)));
  EXPECT_EQ(slots.waiting(), 0);
}

TEST(Slots, SplitLeavesAQuarterOfTheThreadsToCheapRoutes) {
  EXPECT_EQ(split_threads(16, 0).slots, 8);
  EXPECT_EQ(split_threads(16, 0).waiting_room, 4);
  EXPECT_EQ(split_threads(16, 12).slots, 12);
  EXPECT_EQ(split_threads(16, 12).waiting_room, 2);
  EXPECT_EQ(split_threads(1, 0).slots, 1);
  EXPECT_EQ(split_threads(1, 0).waiting_room, 0);
  EXPECT_EQ(split_threads(4, 100).slots, 4) << "never more slots than threads";
  EXPECT_EQ(split_threads(4, 100).waiting_room, 0);
}

}  // namespace qta::routes
