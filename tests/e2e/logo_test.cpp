// GET /api/v3/logo/<source_type>: PNG files from the logo directory.
#include <gtest/gtest.h>

#include <fstream>

#include "support/stack.h"

namespace qta::e2e {

TEST(Logo, ServesThePngOfTheSourceType) {
  std::string png("\x89PNG\r\n\x1a\n-test-logo-bytes", 24);
  std::ofstream(Stack::shared().logo_dir() + "/sonarqube.png", std::ios::binary) << png;
  auto response = Stack::shared().client().get("/api/v3/logo/sonarqube");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "image/png");
  EXPECT_EQ(response.body, png);
  auto again = Stack::shared().client().get("/api/v3/logo/sonarqube",
                                             {"If-Modified-Since: " + response.header("last-modified")});
  EXPECT_EQ(again.status, 304);
}

TEST(Logo, UnknownSourceTypeIs404) {
  auto response = Stack::shared().client().get("/api/v3/logo/no_such_source");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(false));
}

TEST(Logo, PathEscapeIsRefused) {
  auto response = Stack::shared().client().get("/api/v3/logo/..%2F..%2Fetc%2Fpasswd");
  EXPECT_EQ(response.status, 403);
}

}  // namespace qta::e2e
