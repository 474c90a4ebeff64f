#include "http/url.h"

#include <gtest/gtest.h>

namespace qta::http {

TEST(PercentDecode, DecodesEscapesAndKeepsMalformedOnes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
}

TEST(ParseQuery, SplitsDecodesAndKeepsOrder) {
  auto pairs =
      parse_query("hidden_columns=target%2Ccomment&flag&public_key=-----BEGIN+PUBLIC+KEY-----%0A&&x=");
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"hidden_columns", "target,comment"}));
  EXPECT_EQ(pairs[1], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(pairs[2].second, "-----BEGIN PUBLIC KEY-----\n");
  EXPECT_EQ(pairs[3], (std::pair<std::string, std::string>{"x", ""}));
}

TEST(ParseQuery, BytesThatAreNotUtf8BecomeReplacementCharactersAsInPython) {
  auto pairs = parse_query("nr_dates=%FF&hidden_columns=%C0%AF&%E2%82=%E2%82%AC");
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].second, "\xEF\xBF\xBD");
  EXPECT_EQ(pairs[1].second, "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"\xEF\xBF\xBD", "\xE2\x82\xAC"}));
}

TEST(ParseQuery, StopsAtTheParameterLimit) {
  std::string query;
  for (std::size_t i = 0; i < kMaxQueryParameters + 10; ++i) query += "p" + std::to_string(i) + "=1&";
  bool truncated = false;
  EXPECT_EQ(parse_query(query, &truncated).size(), kMaxQueryParameters);
  EXPECT_TRUE(truncated);
}

TEST(ParseCookies, SplitsTrimsAndUnquotes) {
  auto cookies = parse_cookies(" session_id=abc-123 ; theme=\"dark\";bad; =x");
  ASSERT_EQ(cookies.size(), 2u);
  EXPECT_EQ(cookies[0], (std::pair<std::string, std::string>{"session_id", "abc-123"}));
  EXPECT_EQ(cookies[1], (std::pair<std::string, std::string>{"theme", "dark"}));
}

TEST(SplitPath, DecodesSegmentsAndKeepsTrailingSlash) {
  EXPECT_EQ(split_path("/api/v3/report"), (std::vector<std::string>{"api", "v3", "report"}));
  EXPECT_EQ(split_path("/api/v3/report/"), (std::vector<std::string>{"api", "v3", "report", ""}));
  EXPECT_EQ(split_path("/api/a%2Fb"), (std::vector<std::string>{"api", "a/b"}));
  EXPECT_TRUE(split_path("/").empty());
}

}  // namespace qta::http

namespace qta::http {

TEST(QuotePlus, EncodesAsPythonDoes) {
  EXPECT_EQ(quote_plus("-----BEGIN PUBLIC KEY-----\nab+/=\n"), "-----BEGIN+PUBLIC+KEY-----%0Aab%2B%2F%3D%0A");
  EXPECT_EQ(quote_plus("a_b.c~d"), "a_b.c~d");
  EXPECT_EQ(percent_decode(quote_plus("x y+z/é"), true), "x y+z/é");
}

}  // namespace qta::http
