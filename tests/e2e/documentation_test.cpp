// GET /api, /api/<fragment>, /api/<version>/<fragment>: generated from the route table.
#include <gtest/gtest.h>

#include <algorithm>

#include "routes/route_table.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {
// Registered rules in order, each once: a rule with two methods is one entry in the documentation.
std::vector<std::string> unique_rules() {
  std::vector<std::string> rules;
  for (const auto& registered : routes::registered_rules()) {
    if (std::find(rules.begin(), rules.end(), registered.rule) == rules.end())
      rules.push_back(registered.rule);
  }
  return rules;
}
}  // namespace

TEST(Documentation, ListsEveryRegisteredRuleWithUrlMethodAndDescription) {
  auto response = Stack::shared().client().get("/api");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/json");
  auto routes = response.json();
  EXPECT_EQ(routes.size(), unique_rules().size());
  auto server = routes.get("/api/v3/server");
  EXPECT_EQ(server.get_string("url"), "https://www.quality-time.example.org:5001/api/v3/server");
  EXPECT_EQ(server.get_string("method"), "GET");
  EXPECT_EQ(server.get_string("description"), "Return the server info.");
  EXPECT_TRUE(routes.get("/api/internal/reports_overview").present());
  EXPECT_EQ(routes.get("/api/v3/settings").get_string("method"), "PUT")
      << "the later registration wins, as in v5.8.0";
}

TEST(Documentation, FiltersByVersion) {
  auto routes = Stack::shared().client().get("/api/v3").json();
  ASSERT_GT(routes.size(), 0u);
  for (const auto& [rule, entry] : routes.items()) EXPECT_NE(rule.find("v3"), std::string::npos) << rule;
  EXPECT_FALSE(routes.get("/api").present());
}

TEST(Documentation, FiltersByVersionAndFragment) {
  auto routes = Stack::shared().client().get("/api/v3/nr_measure").json();
  ASSERT_EQ(routes.size(), 1u);
  EXPECT_TRUE(routes.get("/api/v3/nr_measurements").present());
}

TEST(Documentation, StaticRoutesWinOverTheDocumentationPattern) {
  // "/api/v3/server" also matches /api/<version>/<fragment>, but the route of its own answers.
  auto server = Stack::shared().client().get("/api/v3/server").json();
  EXPECT_EQ(server.get_string("version"), "5.8.0");
}

TEST(Documentation, KeepsRegistrationOrder) {
  auto routes = Stack::shared().client().get("/api").json();
  auto items = routes.items();
  auto rules = unique_rules();
  ASSERT_EQ(items.size(), rules.size());
  for (std::size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i].first, rules[i]);
}

}  // namespace qta::e2e
