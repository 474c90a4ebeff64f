// GET /api/v3/openapi.json through nginx: one operation per registered rule, valid OpenAPI 3.1 by a real
// validator, and what it documents is what a sample of real requests answer (support/check_openapi.py).
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <set>

#include "routes/route_table.h"
#include "support/process.h"
#include "support/stack.h"

namespace qta::e2e {

TEST(OpenApi, ServedUnderBothPrefixesWithOneOperationPerRoute) {
  auto client = Stack::shared().client();
  auto v3 = client.get("/api/v3/openapi.json");
  auto internal = client.get("/api/internal/openapi.json");
  ASSERT_EQ(v3.status, 200);
  ASSERT_EQ(internal.status, 200);
  EXPECT_EQ(v3.header("content-type"), "application/json");
  EXPECT_EQ(v3.body, internal.body);
  auto document = v3.json();
  std::size_t operations = 0;
  for (const auto& [path, item] : document.get("paths").items()) operations += item.size();
  EXPECT_EQ(operations, routes::registered_rules().size());
  std::set<std::string> aliases;
  for (const auto& [path, item] : document.get("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!operation.get("x-internal-alias-of").present()) aliases.insert(method + " " + path);
    }
  }
  EXPECT_EQ(aliases.size(), routes::route_table().size())
      << "one operation per route table row at its own path";
  std::cout << "OpenAPI: " << operations << " operations for " << routes::registered_rules().size()
            << " registered rules; " << aliases.size() << " for the " << routes::route_table().size()
            << " route table rows\n";
}

TEST(OpenApi, ValidAndMatchingRealAnswers) {
  const char* python = std::getenv("QTA_TEST_PYTHON");
  ASSERT_NE(python, nullptr) << "QTA_TEST_PYTHON must name the Python of scripts/setup's test environment "
                                "(the first line scripts/setup prints); scripts/test sets it";
  auto result = run_command({python, std::string(QTA_SOURCE_DIR) + "/tests/e2e/support/check_openapi.py",
                             Stack::shared().client().base_url(), "jadoe", "secret"},
                            {});
  std::cout << result.output;
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

}  // namespace qta::e2e
