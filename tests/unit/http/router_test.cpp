#include "http/router.h"

#include <gtest/gtest.h>

namespace qta::http {

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/api");                             // 0
    router.add("GET", "/api/<fragment>");                  // 1
    router.add("GET", "/api/<version>/<fragment>");        // 2
    router.add("GET", "/api/v3/report/<report_uuid>");     // 3
    router.add("GET", "/api/v3/report");                   // 4
    router.add("POST", "/api/v3/report/new");              // 5
    router.add("DELETE", "/api/v3/report/<report_uuid>");  // 6
    router.add("GET", "/api/v3/server");                   // 7
  }
  Router router;
};

TEST_F(RouterTest, StaticRouteWinsOverEarlierPattern) {
  auto match = router.match("GET", "/api/v3/server");
  ASSERT_EQ(match.outcome, Match::Outcome::kFound);
  EXPECT_EQ(match.index, 7u);
}

TEST_F(RouterTest, PatternsBindPlaceholders) {
  auto match = router.match("GET", "/api/v3/report/abc-123");
  ASSERT_EQ(match.outcome, Match::Outcome::kFound);
  EXPECT_EQ(match.index, 3u);
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0], (std::pair<std::string, std::string>{"report_uuid", "abc-123"}));
}

TEST_F(RouterTest, FirstMatchingPatternWinsInOrder) {
  auto match = router.match("GET", "/api/v3/health");
  ASSERT_EQ(match.outcome, Match::Outcome::kFound);
  EXPECT_EQ(match.index, 2u);
  EXPECT_EQ(match.params.size(), 2u);
}

TEST_F(RouterTest, PathOfAnotherMethodIs405WithAllowedMethods) {
  auto match = router.match("POST", "/api/v3/report/xyz");
  ASSERT_EQ(match.outcome, Match::Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "DELETE"}));
}

TEST_F(RouterTest, UnknownPathIs404) {
  EXPECT_EQ(router.match("GET", "/api/v3/a/b/c/d").outcome, Match::Outcome::kNotFound);
  EXPECT_EQ(router.match("GET", "/other").outcome, Match::Outcome::kNotFound);
}

TEST_F(RouterTest, PlaceholderNeedsANonEmptySegment) {
  auto match = router.match("GET", "/api/v3/report/");
  EXPECT_NE(match.index, 3u);
}

TEST_F(RouterTest, HeadIsAnsweredByGet) {
  auto match = router.match("HEAD", "/api/v3/server");
  ASSERT_EQ(match.outcome, Match::Outcome::kFound);
  EXPECT_EQ(match.index, 7u);
}

TEST(PathPattern, RejectsUnbalancedPlaceholders) {
  EXPECT_THROW(PathPattern("/api/<broken"), std::invalid_argument);
}

}  // namespace qta::http
