// The dispatcher without a database server: routes that do not touch it, and the error mapping.
#include <gtest/gtest.h>

#include <set>

#include "http/error.h"
#include "routes/route_table.h"

namespace qta::routes {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() : database(db::Settings{"mongodb://127.0.0.1:1/", "quality_time_db", 200, 1}) {}
  http::Response get(const std::string& uri) { return Dispatcher(config, database).dispatch({"GET", uri}); }
  app::Config config;
  db::Database database;
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
    EXPECT_EQ(json::Value::parse(response.body()).get_string("error"), "Invalid path string. Expected UTF-8") << uri;
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
