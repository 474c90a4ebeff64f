// The dispatcher without a database server: routes that do not touch it, and the error mapping.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <stdexcept>

#include "db/mongo_database.h"
#include "http/error.h"
#include "routes/route_table.h"

namespace qta::routes {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() : database(db::Settings{"mongodb://127.0.0.1:1/", "quality_time_db", 200, 1}) {}
  http::Response get(const std::string& uri) { return Dispatcher(config, database).dispatch({"GET", uri}); }
  base::Config config;
  db::MongoDatabase database;
};

TEST_F(DispatcherTest, DocumentationListsEveryRegisteredRule) {
  auto response = get("/api");
  EXPECT_EQ(response.status(), 200);
  auto routes = json::Value::parse(response.body());
  std::set<std::string> rules;
  for (const auto& registered : registered_rules()) rules.insert(registered.rule);
  EXPECT_EQ(routes.size(), rules.size());
}

TEST_F(DispatcherTest, EveryRowHasADescriptionAndAHandler) {
  for (const Route& route : route_table()) {
    EXPECT_FALSE(route.description.empty()) << route.path;
    EXPECT_NE(route.handler, nullptr) << route.path;
  }
}

TEST_F(DispatcherTest, AliasesLiveUnderApiInternal) {
  bool found = false;
  for (const auto& rule : registered_rules()) found |= rule.rule == "/api/internal/nr_measurements";
  EXPECT_TRUE(found);
}

TEST_F(DispatcherTest, DatabaseDownIs503) {
  auto response = get("/api/v3/reports_overview");
  EXPECT_EQ(response.status(), 503);
  EXPECT_EQ(json::Value::parse(response.body()).get_string("error"),
            "The database is unavailable, please try again later.");
}

TEST_F(DispatcherTest, PathsThatAreNotUtf8AreBadRequests) {
  for (const char* uri : {"/api/v3/logo/%FF", "/api/v3/changelog/%C0%AF", "/api/v3/report/%ED%A0%80/pdf"}) {
    auto response = get(uri);
    EXPECT_EQ(response.status(), 400) << uri;
    EXPECT_EQ(json::Value::parse(response.body()).get_string("error"), "Invalid path string. Expected UTF-8")
        << uri;
  }
}

TEST_F(DispatcherTest, QueryValuesThatAreNotUtf8AnswerWithValidJson) {
  auto response = get("/api/v3/reports_overview/pdf?nr_dates=%FF");
  EXPECT_EQ(response.status(), 400);
  EXPECT_EQ(json::Value::parse(response.body()).get_string("error"),
            "Invalid value '\xEF\xBF\xBD' for the parameter nr_dates: expected a whole number from 1 to 7.");
}

TEST_F(DispatcherTest, MalformedJsonBodyIsBadRequest) {
  http::Request request("POST", "/api/v3/server");
  request.set_header("Content-Type", "application/json; charset=utf-8");
  request.set_body("{broken");
  EXPECT_THROW(request.json_body(), http::Error);
  request.set_header("Content-Type", "text/plain");
  EXPECT_FALSE(request.json_body().present()) << "only application/json bodies are parsed";
}

}  // namespace qta::routes

namespace qta::routes {

namespace {
http::Request arrived_ago(const std::string& method, const std::string& uri, std::chrono::milliseconds ago) {
  http::Request request(method, uri);
  request.set_arrival(std::chrono::system_clock::now() - ago);
  return request;
}
const Route& row(std::string_view method, std::string_view path) {
  for (const Route& route : route_table()) {
    if (route.method == method && route.path == path) return route;
  }
  throw std::logic_error("no such row");
}
}  // namespace

TEST_F(DispatcherTest, ARequestThatWaitedTooLongIsRefusedBeforeAnyWork) {
  config.queue_timeout_ms = 1000;
  Dispatcher dispatcher(config, database);
  // An unknown route would be 404: the 503 shows that the request was refused before routing.
  auto stale = dispatcher.dispatch(arrived_ago("GET", "/no-such-route", std::chrono::milliseconds(1500)));
  EXPECT_EQ(stale.status(), 503);
  EXPECT_EQ(stale.header("Retry-After"), "5");
  EXPECT_EQ(json::Value::parse(stale.body()).get_string("error"),
            "The server is too busy to answer in time, please try again later.");
  EXPECT_EQ(
      dispatcher.dispatch(arrived_ago("GET", "/no-such-route", std::chrono::milliseconds(500))).status(),
      404);
  EXPECT_EQ(dispatcher.dispatch({"GET", "/no-such-route"}).status(), 404) << "no arrival time: no wait";
  // A clock stepped back since nginx stamped the request is no wait either.
  EXPECT_EQ(dispatcher.dispatch(arrived_ago("GET", "/api", std::chrono::milliseconds(-60'000))).status(),
            200);
}

TEST_F(DispatcherTest, ReportWorkIsExpensiveAndServerInfoIsCheap) {
  EXPECT_EQ(row("GET", "/api/v3/server").cost, Cost::kCheap);
  EXPECT_EQ(row("GET", "/api/v3/datamodel").cost, Cost::kCheap);
  EXPECT_EQ(row("GET", "/api/v3/report/<report_uuid>").cost, Cost::kExpensive);
  EXPECT_EQ(row("GET", "/api/v3/report/<report_uuid>/pdf").cost, Cost::kExpensive);
  EXPECT_EQ(row("POST", "/api/v3/report/import").cost, Cost::kExpensive);
  EXPECT_EQ(row("POST", "/api/v3/metric/<metric_uuid>/attribute/<metric_attribute>").cost, Cost::kExpensive);
  EXPECT_EQ(row("GET", "/api/v3/measurements").cost, Cost::kExpensive);
}

TEST_F(DispatcherTest, AnExpensiveRouteIsRefusedWhileAllSlotsAreBusyAndACheapOneIsNot) {
  config.threads = 1;  // one slot, no waiting room
  Dispatcher dispatcher(config, database);
  auto held = dispatcher.expensive_slots().acquire(std::chrono::steady_clock::now());
  ASSERT_TRUE(held);
  auto refused = dispatcher.dispatch({"GET", "/api/v3/report/some-uuid"});
  EXPECT_EQ(refused.status(), 503);
  EXPECT_EQ(json::Value::parse(refused.body()).get_string("error"),
            "The server is busy, please try again later.");
  EXPECT_EQ(dispatcher.dispatch({"GET", "/api"}).status(), 200);
  held.reset();
  auto admitted = dispatcher.dispatch({"GET", "/api/v3/report/some-uuid"});
  EXPECT_EQ(json::Value::parse(admitted.body()).get_string("error"),
            "The database is unavailable, please try again later.")
      << "past the slot, on to the (absent) database";
  EXPECT_EQ(dispatcher.expensive_slots().busy(), 0) << "the slot is given back after the request";
}

TEST_F(DispatcherTest, AnExpensiveRequestWhoseClientLeftWhileItWaitedForASlotIsNotStarted) {
  Dispatcher dispatcher(config, database);
  http::Request request("GET", "/api/v3/report/some-uuid");
  request.set_client_gone_probe([] { return true; });
  auto response = dispatcher.dispatch(request);
  EXPECT_EQ(json::Value::parse(response.body()).get_string("error"), "The client has gone.");
  http::Request cheap("GET", "/api");
  cheap.set_client_gone_probe([] { return true; });
  EXPECT_EQ(dispatcher.dispatch(cheap).status(), 200)
      << "cheap routes do not wait for slots, so they are not asked";
}

TEST_F(DispatcherTest, DatabaseReadsAfterTheRequestDeadlineAreRefusedWithoutReachingTheServer) {
  db::RequestDeadline deadline(std::chrono::milliseconds(0));
  try {
    database.find("reports", json::Value::object());
    FAIL() << "read after the deadline";
  } catch (const http::Error& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kUnavailable);
    EXPECT_EQ(std::string(error.what()), "The request took too long, please try again later.");
  }
}

}  // namespace qta::routes
