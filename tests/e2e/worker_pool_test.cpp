// The master/worker process model: respawn, graceful stop, reload. Each test has a stack of its own.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "support/stack.h"

namespace qta::e2e {

namespace {
std::vector<pid_t> wait_for_workers(Process& master, std::size_t count, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<pid_t> children;
  while (std::chrono::steady_clock::now() < deadline) {
    // The initialisation child leaves once the database is set up; then only workers remain.
    children = child_pids(master.pid());
    if (children.size() == count) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return children;
}
}  // namespace

TEST(WorkerPool, KilledWorkerIsReplacedAndRequestsKeepSucceeding) {
  Stack stack;
  stack.wait_until_initialized();
  auto workers = wait_for_workers(stack.server(), 2, 10);
  ASSERT_EQ(workers.size(), 2u);

  std::atomic<bool> done{false};
  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  std::thread client([&] {
    auto http = stack.client();
    while (!done) {
      auto response = http.request("GET", "/api/v3/reports_overview", "", {}, 10);
      (response.status == 200 ? succeeded : failed)++;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(workers[0], SIGKILL);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  done = true;
  client.join();

  EXPECT_LE(failed.load(), 1) << "only the request in flight in the killed worker may fail";
  EXPECT_GT(succeeded.load(), 10);
  auto replaced = wait_for_workers(stack.server(), 2, 10);
  ASSERT_EQ(replaced.size(), 2u);
  EXPECT_EQ(std::count(replaced.begin(), replaced.end(), workers[0]), 0);
  EXPECT_NE(stack.server_log().find("killed by signal 9"), std::string::npos);
}

TEST(WorkerPool, SigtermEndsStreamsAndExitsCleanly) {
  Stack stack;
  OpenStreams streams(stack.client().base_url() + "/api/v3/nr_measurements", 3);
  ASSERT_EQ(streams.wait_for_bytes(256 * 256, 30), 3);
  stack.server().signal(SIGTERM);
  streams.pump(0.2);
  int status = stack.server().wait(10);
  ASSERT_NE(status, -1) << "the server did not stop within 10 s";
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(std::filesystem::exists(stack.dir() + "/api.sock"));
  EXPECT_EQ(streams.pump(1), 0) << "open streams must be ended";
}

TEST(WorkerPool, SighupReplacesWorkersWithoutFailingRequests) {
  Stack stack;
  stack.wait_until_initialized();
  auto before = wait_for_workers(stack.server(), 2, 10);
  ASSERT_EQ(before.size(), 2u);
  stack.server().signal(SIGHUP);
  auto http = stack.client();
  for (int i = 0; i < 30; ++i) {
    auto response = http.request("GET", "/api/v3/server", "", {}, 5);
    EXPECT_EQ(response.status, 200) << response.error;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto after = wait_for_workers(stack.server(), 2, 10);
  ASSERT_EQ(after.size(), 2u);
  for (pid_t pid : before) EXPECT_EQ(std::count(after.begin(), after.end(), pid), 0);
}

}  // namespace qta::e2e
