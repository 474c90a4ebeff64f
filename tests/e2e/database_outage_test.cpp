// Database down: requests get 503 JSON quickly; database back: the server recovers by itself.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/stack.h"

namespace qta::e2e {

TEST(DatabaseOutage, Answers503ThenRecovers) {
  Stack stack;
  stack.wait_until_initialized();
  auto http = stack.client();
  ASSERT_EQ(http.get("/api/v3/reports_overview").status, 200);

  stack.stop_database();
  auto down = http.request("GET", "/api/v3/reports_overview", "", {}, 20);
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.header("content-type"), "application/json");
  EXPECT_EQ(down.json().get_string("error"), "The database is unavailable, please try again later.");
  EXPECT_EQ(http.get("/api/v3/server").status, 200) << "routes without the database keep working";

  stack.start_database();
  long status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    status = http.request("GET", "/api/v3/reports_overview", "", {}, 20).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 200) << "the server did not recover after the database came back";
  EXPECT_EQ(http.get("/api/v3/reports_overview").json().get_string("title"), "Reports");
}

TEST(StartUp, NoRequestIsServedBeforeTheInitialisationIsDone) {
  Stack stack;
  stack.wait_until_initialized();
  stack.server().stop();
  stack.stop_database();
  stack.start_server();  // its initialisation waits for the database
  auto http = stack.client();
  for (const char* path : {"/api/v3/server", "/api/v3/health", "/api/v3/reports_overview"}) {
    auto starting = http.get(path);
    EXPECT_EQ(starting.status, 503) << path;
    EXPECT_EQ(starting.header("retry-after"), "2") << path;
    EXPECT_EQ(starting.json().get_string("error"), "The server is starting, please try again shortly.")
        << path;
  }
  stack.start_database();
  stack.wait_until_ready();
  EXPECT_EQ(http.get("/api/v3/server").status, 200);
  EXPECT_NE(stack.server_log().find("start-up initialisation done"), std::string::npos);
}

}  // namespace qta::e2e
