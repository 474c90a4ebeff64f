#include "model/version_number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "version_number_cases.h"

namespace qta::model {
namespace {

using namespace version_cases;  // NOLINT(google-build-using-namespace): the case tables

TEST(VersionParse, NormalisesAsPackagingDoes) {
  for (const auto& [input, expected] : kParseCases) {
    SCOPED_TRACE(input);
    std::optional<Version> version = Version::parse(input);
    if (expected == nullptr) {
      EXPECT_FALSE(version.has_value()) << "parsed as " << version->str();
    } else {
      ASSERT_TRUE(version.has_value());
      EXPECT_EQ(version->str(), expected);
    }
  }
}

TEST(VersionParse, RejectsWhatPythonCannotHold) {
  using namespace std::string_literals;
  EXPECT_FALSE(Version::parse("1.0\0"s).has_value()) << "packaging rejects NUL characters";
  EXPECT_FALSE(Version::parse("\0"s
                              "1.0")
                   .has_value());
  // Python strings are never malformed UTF-8; such bytes match nothing here.
  EXPECT_FALSE(Version::parse("1.0+a\xff").has_value());
  EXPECT_FALSE(Version::parse("1.0+\xc4").has_value()) << "a truncated İ";
  EXPECT_FALSE(Version::parse("1.0+\xc0\xa9").has_value()) << "an overlong encoding";
}

TEST(VersionParse, LimitsNumbersToPythonsIntConversionLimit) {
  // Python's int() converts at most 4300 digits; beyond that packaging raises a plain ValueError, which
  // v5.8.0 does not catch. We call such versions invalid.
  std::string longest(4300, '9');
  ASSERT_TRUE(Version::parse(longest).has_value());
  EXPECT_EQ(Version::parse(longest)->str(), longest);
  EXPECT_FALSE(Version::parse(std::string(4301, '9')).has_value());
  EXPECT_FALSE(Version::parse(std::string(4301, '0')).has_value()) << "leading zeros count as digits";
  EXPECT_FALSE(Version::parse("1.0+" + std::string(4301, '1')).has_value());
  EXPECT_FALSE(Version::parse("1.0.post" + std::string(4301, '1')).has_value());
  EXPECT_TRUE(Version::parse("1.0+a" + std::string(4301, '1')).has_value()) << "not a number but a string";
  EXPECT_TRUE(Version::parse("1." + std::string(4300, '0')).has_value());
}

TEST(VersionOrder, ComparesEveryPairAsPackagingDoes) {
  std::vector<std::pair<Version, int>> versions;
  for (const auto& [input, rank] : kRankCases) versions.emplace_back(parsed(input), rank);
  for (std::size_t i = 0; i < versions.size(); ++i) {
    for (std::size_t j = 0; j < versions.size(); ++j) {
      const auto& [a, a_rank] = versions[i];
      const auto& [b, b_rank] = versions[j];
      SCOPED_TRACE(std::string(kRankCases[i].input) + " vs " + kRankCases[j].input);
      EXPECT_EQ(a < b, a_rank < b_rank);
      EXPECT_EQ(a <= b, a_rank <= b_rank);
      EXPECT_EQ(a == b, a_rank == b_rank);
      EXPECT_EQ(a != b, a_rank != b_rank);
      EXPECT_EQ(a >= b, a_rank >= b_rank);
      EXPECT_EQ(a > b, a_rank > b_rank);
    }
  }
}

TEST(VersionOrder, FollowsPep440) {
  EXPECT_EQ(parsed("1.0"), parsed("1.0.0.0")) << "trailing zeros are insignificant";
  EXPECT_NE(parsed("1.0+1"), parsed("1.0+1.0")) << "but not in local versions";
  EXPECT_LT(parsed("1.9"), parsed("1.10"));
  EXPECT_LT(parsed("1.0.dev0"), parsed("1.0a0"));
  EXPECT_LT(parsed("1.0a0.dev0"), parsed("1.0a0"));
  EXPECT_LT(parsed("1.0rc9"), parsed("1.0"));
  EXPECT_LT(parsed("1.0"), parsed("1.0+abc"));
  EXPECT_LT(parsed("1.0+abc"), parsed("1.0+0")) << "numbers sort after strings";
  EXPECT_LT(parsed("1.0+1"), parsed("1.0.post0.dev0"));
  EXPECT_LT(parsed("1.0.post0.dev0"), parsed("1.0.post0"));
  EXPECT_LT(parsed("99.0"), parsed("1!0"));
  EXPECT_LT(parsed("18446744073709551615"), parsed("18446744073709551616"));
  EXPECT_LT(parsed("1.0post1"), parsed("1.0po\u017ft1")) << "packaging keeps the label \"po\u017ft\" as is";
  EXPECT_EQ(parsed("1.0po\u017ft1").str(), "1.0.post1");
}

TEST(VersionOrder, SortsAsPackagingDoes) {
  std::vector<std::pair<Version, std::string>> versions;
  for (const char* input : kShuffled) versions.emplace_back(parsed(input), input);
  std::stable_sort(versions.begin(), versions.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> sorted;
  for (const auto& [version, input] : versions) sorted.push_back(input);
  EXPECT_EQ(sorted, std::vector<std::string>(std::begin(kSorted), std::end(kSorted)));
}

TEST(VersionOrder, MinAndMaxKeepTheFirstOfEqualVersionsAsPythonDoes) {
  std::vector<Version> versions{parsed("1.0"), parsed("1.0.0"), parsed("v1")};
  EXPECT_EQ(std::max_element(versions.begin(), versions.end())->str(), "1.0");
  EXPECT_EQ(std::min_element(versions.begin(), versions.end())->str(), "1.0");
  versions = {parsed("1.0.0"), parsed("1.0"), parsed("1.0a1"), parsed("1.0.dev0"), parsed("1.0.0.dev0")};
  EXPECT_EQ(std::max_element(versions.begin(), versions.end())->str(), "1.0.0");
  EXPECT_EQ(std::min_element(versions.begin(), versions.end())->str(), "1.0.dev0");
}

TEST(ParseOrZero, MakesInvalidAndMissingVersionsZero) {
  EXPECT_EQ(Version().str(), "0");
  EXPECT_EQ(parse_or_zero("").str(), "0") << "v5.8.0's null value";
  EXPECT_EQ(parse_or_zero("latest").str(), "0");
  EXPECT_EQ(parse_or_zero("1.0-SNAPSHOT").str(), "0");
  EXPECT_EQ(parse_or_zero(" v1.2-rc1 ").str(), "1.2rc1");
  EXPECT_EQ(parse_or_zero("latest"), parsed("0.0"));
  EXPECT_LT(parse_or_zero("latest"), parsed("0.0.1.dev0"));
  EXPECT_GT(parse_or_zero("latest"), parsed("0.dev0"));
}

}  // namespace
}  // namespace qta::model
