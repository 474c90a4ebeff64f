// GET /api/v3/server, errors for unknown routes and methods, request limits: through nginx.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "base/version.h"
#include "support/stack.h"

namespace qta::e2e {

TEST(Server, AnswersItsVersionAsJson) {
  auto response = Stack::shared().client().get("/api/v3/server");
  ASSERT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(response.header("content-type"), "application/json");
  auto body = response.json();
  // Exactly v5.8.0's body: clients check that "version" is the only key.
  EXPECT_EQ(response.body, R"({"version":"5.8.0"})");
  EXPECT_EQ(body.size(), 1u);
  EXPECT_EQ(response.header("x-quality-time-api-version"), base::kVersion);
  EXPECT_FALSE(response.header("x-request-id").empty());
}

TEST(Server, HealthAnswersEmptyObject) {
  for (const char* path : {"/api/v3/health", "/api/health"}) {
    auto response = Stack::shared().client().get(path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, "{}") << path;
  }
}

TEST(Server, UnknownRouteIsJson404) {
  auto response = Stack::shared().client().get("/api/v3/no/such/route");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("content-type"), "application/json");
  auto body = response.json();
  EXPECT_EQ(body.get("ok"), json::Value::boolean(false));
  EXPECT_EQ(body.get_string("error"), "Route /api/v3/no/such/route not found.");
}

TEST(Server, WrongMethodIsJson405WithAllow) {
  auto response = Stack::shared().client().request("DELETE", "/api/v3/server");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.header("allow"), "GET");
  EXPECT_EQ(response.json().get_string("error"), "Method DELETE not allowed for /api/v3/server.");
}

TEST(Server, HeadIsAnsweredLikeGetWithoutBody) {
  auto response = Stack::shared().client().request("HEAD", "/api/v3/server");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.empty());
}

TEST(Server, BodyOverOneMebibyteIsJson413) {
  std::string body(1024 * 1024 + 1, 'x');
  auto response =
      Stack::shared().client().request("POST", "/api/v3/server", body, {"Content-Type: application/json"});
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.json().get_string("error"), "Request body larger than 1048576 bytes.");
}

TEST(Server, InternalAliasAnswersLikeV3) {
  Stack::shared().wait_until_initialized();
  auto v3 = Stack::shared().client().get("/api/v3/reports_overview");
  auto internal = Stack::shared().client().get("/api/internal/reports_overview");
  ASSERT_EQ(internal.status, 200);
  EXPECT_EQ(internal.body, v3.body);
}

TEST(ReportsOverview, IsInitializedAtStartUpAsV58Does) {
  Stack::shared().wait_until_initialized();
  auto response = Stack::shared().client().get("/api/v3/reports_overview");
  ASSERT_EQ(response.status, 200);
  auto overview = response.json();
  EXPECT_EQ(overview.get_string("title"), "Reports");
  EXPECT_EQ(overview.get_string("subtitle"), "");
  EXPECT_EQ(overview.get("delta").get_string("description"),
            "{An operator} initialized the reports overview");
  EXPECT_EQ(overview.get_string("_id").size(), 24u);  // ObjectId as hex, as v5.8.0 answers
}

TEST(ReportsOverview, ReportDateBeforeTheFirstVersionGivesEmptyObject) {
  Stack::shared().wait_until_initialized();
  auto response = Stack::shared().client().get("/api/v3/reports_overview?report_date=2000-01-01T00:00:00Z");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
}

}  // namespace qta::e2e

namespace qta::e2e {

TEST(ExampleReports, AreImportedOnceAtStartUpAsV58Does) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  json::Value example;
  for (int i = 0; i < 50 && !example.present(); ++i) {
    for (const auto& report : stack.client().get("/api/v3/report").json().get("reports").elements()) {
      if (report.get_string("report_uuid") == "qta-example-report") example = report;
    }
    if (!example.present()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(example.present());
  EXPECT_EQ(example.get_string("title"), "Example report");
  EXPECT_EQ(example.get("delta").get_string("description"), "{An operator} imported a new report");
}

TEST(ExampleReports, AreNotLoadedWhenSwitchedOff) {
  Stack stack(StackOptions{.ldap = false, .environment = {"LOAD_EXAMPLE_REPORTS=False"}});
  stack.wait_until_initialized();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(stack.client().get("/api/v3/report").json().get("reports").size(), 0u);
}

}  // namespace qta::e2e
