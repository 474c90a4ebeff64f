#include "model/version_number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace qta::model {
namespace {

// The expectations below were generated with packaging 23.2 (the version v5.8.0 pins) on Python 3.11.

// str(Version(input)), or nullptr where packaging raises InvalidVersion.
struct ParseCase {
  const char* input;
  const char* expected;
};
constexpr ParseCase kParseCases[] = {
    {"0", "0"},
    {"0.0", "0.0"},
    {"0.0.0", "0.0.0"},
    {"1", "1"},
    {"1.0", "1.0"},
    {"1.0.0", "1.0.0"},
    {"1.0.0.0", "1.0.0.0"},
    {"01.02.003", "1.2.3"},
    {"1.2.3.4.5.6", "1.2.3.4.5.6"},
    {"2024.01.15", "2024.1.15"},
    {"1.10", "1.10"},
    {"1.9", "1.9"},
    {"v1.0", "1.0"},
    {"V1.0", "1.0"},
    {"v0", "0"},
    {"1!1.0", "1!1.0"},
    {"0!1.0", "1.0"},
    {"01!1.0", "1!1.0"},
    {"2!0.1", "2!0.1"},
    {"v1!2.0", "1!2.0"},
    {"1!0", "1!0"},
    {"1.0a1", "1.0a1"},
    {"1.0A1", "1.0a1"},
    {"1.0alpha1", "1.0a1"},
    {"1.0ALPHA1", "1.0a1"},
    {"1.0Alpha", "1.0a0"},
    {"1.0.a1", "1.0a1"},
    {"1.0-a1", "1.0a1"},
    {"1.0_a1", "1.0a1"},
    {"1.0a.1", "1.0a1"},
    {"1.0a-1", "1.0a1"},
    {"1.0a_1", "1.0a1"},
    {"1.0a", "1.0a0"},
    {"1.0a0", "1.0a0"},
    {"1.0a-", "1.0a0"},
    {"1.0a01", "1.0a1"},
    {"1.0b2", "1.0b2"},
    {"1.0beta2", "1.0b2"},
    {"1.0c3", "1.0rc3"},
    {"1.0rc3", "1.0rc3"},
    {"1.0RC3", "1.0rc3"},
    {"1.0pre3", "1.0rc3"},
    {"1.0preview3", "1.0rc3"},
    {"1.0-rc1", "1.0rc1"},
    {"1.0.rc.1", "1.0rc1"},
    {"1.0-preview", "1.0rc0"},
    {"2.0.0-alpha.1", "2.0.0a1"},
    {"1.0rc10", "1.0rc10"},
    {"1.0rc9", "1.0rc9"},
    {"1.0.post1", "1.0.post1"},
    {"1.0post1", "1.0.post1"},
    {"1.0-post1", "1.0.post1"},
    {"1.0_post1", "1.0.post1"},
    {"1.0.post.1", "1.0.post1"},
    {"1.0.post-1", "1.0.post1"},
    {"1.0.post", "1.0.post0"},
    {"1.0-post", "1.0.post0"},
    {"1.0-1", "1.0.post1"},
    {"1.0-0", "1.0.post0"},
    {"1.0rev2", "1.0.post2"},
    {"1.0r2", "1.0.post2"},
    {"1.0-r2", "1.0.post2"},
    {"1.0.r", "1.0.post0"},
    {"1.0.POST1", "1.0.post1"},
    {"1.0.post01", "1.0.post1"},
    {"1.0.post0", "1.0.post0"},
    {"1.0.dev1", "1.0.dev1"},
    {"1.0dev1", "1.0.dev1"},
    {"1.0-dev1", "1.0.dev1"},
    {"1.0_dev1", "1.0.dev1"},
    {"1.0.dev", "1.0.dev0"},
    {"1.0.DEV3", "1.0.dev3"},
    {"1.0.dev-2", "1.0.dev2"},
    {"1.0.dev0", "1.0.dev0"},
    {"1.0a1.post2.dev3", "1.0a1.post2.dev3"},
    {"1.0rc1-1", "1.0rc1.post1"},
    {"1.0.0.post2.dev3", "1.0.0.post2.dev3"},
    {"1!2.0b1.post0.dev0+local.7", "1!2.0b1.post0.dev0+local.7"},
    {"1.0a1.dev1", "1.0a1.dev1"},
    {"1.0.post1.dev1", "1.0.post1.dev1"},
    {"1.0rdev", "1.0.post0.dev0"},
    {"1.0a-_r", "1.0a0.post0"},
    {"1.0cdev", "1.0rc0.dev0"},
    {"1.0a.-1", "1.0a0.post1"},
    {"1.0-rc1-1-dev1", "1.0rc1.post1.dev1"},
    {"1.0b1.post1", "1.0b1.post1"},
    {"1.0+local.7", "1.0+local.7"},
    {"1.0+LOCAL", "1.0+local"},
    {"1.0+abc-def_ghi.1", "1.0+abc.def.ghi.1"},
    {"1.0+01", "1.0+1"},
    {"1.0+1", "1.0+1"},
    {"1.0+1.0", "1.0+1.0"},
    {"1.0+0", "1.0+0"},
    {"1.0+abc.01", "1.0+abc.1"},
    {"1.0+1a", "1.0+1a"},
    {"1.0+a1.b2", "1.0+a1.b2"},
    {"1.0+abc", "1.0+abc"},
    {"1.0+abd", "1.0+abd"},
    {"1.0+abc.1", "1.0+abc.1"},
    {"1.0+abc.a", "1.0+abc.a"},
    {"1.0.0-beta+exp.sha.5114f85", "1.0.0b0+exp.sha.5114f85"},
    {"1.0.0-rc.1+build.1", "1.0.0rc1+build.1"},
    {"1.0a1+x", "1.0a1+x"},
    {" 1.0 ", "1.0"},
    {"\t1.0\n", "1.0"},
    {"\n\r\f\v1.0", "1.0"},
    {"\xc2\xa0"
     "1.0\xe3\x80\x80",
     "1.0"},
    {"\xe2\x80\xa8"
     "1.0\xe2\x80\xa9",
     "1.0"},
    {"\x1c"
     "1.0\x1f",
     "1.0"},
    {"\xc2\x85"
     "1.0",
     "1.0"},
    {"1.0\xe2\x80\x8b", nullptr},
    {"1.0prev\xc4\xb0"
     "ew1",
     "1.0previ\xcc\x87"
     "ew1"},
    {"1.0prev\xc4\xb1"
     "ew1",
     "1.0prev\xc4\xb1"
     "ew1"},
    {"1.0po\xc5\xbft1", "1.0.post1"},
    {"1.0+\xe2\x84\xaa", "1.0+k"},
    {"1.0+\xc4\xb0", "1.0+i\xcc\x87"},
    {"1.0+\xc5\xbf", "1.0+\xc5\xbf"},
    {"1.0+\xc4\xb1", "1.0+\xc4\xb1"},
    {"1.0+s", "1.0+s"},
    {"1.0+i", "1.0+i"},
    {"99999999999999999999999.0", "99999999999999999999999.0"},
    {"18446744073709551616", "18446744073709551616"},
    {"18446744073709551615.1", "18446744073709551615.1"},
    {"123456789012345678901234567890!1", "123456789012345678901234567890!1"},
    {"1.0+123456789012345678901234567890", "1.0+123456789012345678901234567890"},
    {"1.0.post99999999999999999999", "1.0.post99999999999999999999"},
    {"", nullptr},
    {" ", nullptr},
    {"v", nullptr},
    {"V", nullptr},
    {"1.0-", nullptr},
    {"1.0.", nullptr},
    {".1.0", nullptr},
    {"1..0", nullptr},
    {"1.0+", nullptr},
    {"1.0+local..7", nullptr},
    {"1.0+local.", nullptr},
    {"1.0+-local", nullptr},
    {"latest", nullptr},
    {"abc", nullptr},
    {"1.0 beta", nullptr},
    {"1.0a1a1", nullptr},
    {"1.0.dev1.post1", nullptr},
    {"1.0rc1rc2", nullptr},
    {"1.0.post1.post2", nullptr},
    {"v v1.0", nullptr},
    {"vv1.0", nullptr},
    {"1.0++1", nullptr},
    {"1!2!3", nullptr},
    {"!1.0", nullptr},
    {"\xef\xbc\x91.0", nullptr},
    {"1.0\xc2\xb2", nullptr},
    {"1.0+\xc2\xb2", nullptr},
    {"1,0", nullptr},
    {"1.0.x", nullptr},
    {"1.0-SNAPSHOT", nullptr},
    {"1.0.0-x.7.z.92", nullptr},
    {"1 .0", nullptr},
    {"1.0a...post", nullptr},
    {"1.0a-.1", nullptr},
    {"1.0.red", nullptr},
    {"1.0-dev-", "1.0.dev0"},
    {"1.0+abc_", nullptr},
    {"1.0+a+b", nullptr},
    {"1.0\xc3\xa9", nullptr},
    {"1.0dev1dev", nullptr},
    {"1.0-+1", nullptr},
    {"None", nullptr},
    {"null", nullptr},
    {"1.0a1-", nullptr},
    {"1.0 +local", nullptr},
    {"-1.0", nullptr},
    {"+1.0", nullptr},
    {"1e3", nullptr},
    {"0x10", nullptr},
    {"1.0.0.0.", nullptr},
    {"1.0_", nullptr},
    {"\xc4\xb1.0", nullptr},
};

// Every valid input above in packaging's sorted order, with its rank: equal versions share a rank, so any
// two versions compare as their ranks do.
struct RankCase {
  const char* input;
  int rank;
};
constexpr RankCase kRankCases[] = {
    {"0", 0},
    {"0.0", 0},
    {"0.0.0", 0},
    {"v0", 0},
    {"1.0.dev", 1},
    {"1.0.dev0", 1},
    {"1.0-dev-", 1},
    {"1.0.dev1", 2},
    {"1.0dev1", 2},
    {"1.0-dev1", 2},
    {"1.0_dev1", 2},
    {"1.0.dev-2", 3},
    {"1.0.DEV3", 4},
    {"1.0Alpha", 5},
    {"1.0a", 5},
    {"1.0a0", 5},
    {"1.0a-", 5},
    {"1.0a-_r", 6},
    {"1.0a.-1", 7},
    {"1.0a1.dev1", 8},
    {"1.0a1", 9},
    {"1.0A1", 9},
    {"1.0alpha1", 9},
    {"1.0ALPHA1", 9},
    {"1.0.a1", 9},
    {"1.0-a1", 9},
    {"1.0_a1", 9},
    {"1.0a.1", 9},
    {"1.0a-1", 9},
    {"1.0a_1", 9},
    {"1.0a01", 9},
    {"1.0a1+x", 10},
    {"1.0a1.post2.dev3", 11},
    {"1.0.0-beta+exp.sha.5114f85", 12},
    {"1.0b1.post1", 13},
    {"1.0b2", 14},
    {"1.0beta2", 14},
    {"1.0prev\xc4\xb0"
     "ew1",
     15},
    {"1.0prev\xc4\xb1"
     "ew1",
     16},
    {"1.0cdev", 17},
    {"1.0-preview", 18},
    {"1.0-rc1", 19},
    {"1.0.rc.1", 19},
    {"1.0.0-rc.1+build.1", 20},
    {"1.0-rc1-1-dev1", 21},
    {"1.0rc1-1", 22},
    {"1.0c3", 23},
    {"1.0rc3", 23},
    {"1.0RC3", 23},
    {"1.0pre3", 23},
    {"1.0preview3", 23},
    {"1.0rc9", 24},
    {"1.0rc10", 25},
    {"1", 26},
    {"1.0", 26},
    {"1.0.0", 26},
    {"1.0.0.0", 26},
    {"v1.0", 26},
    {"V1.0", 26},
    {"0!1.0", 26},
    {" 1.0 ", 26},
    {"\t1.0\n", 26},
    {"\n\r\f\v1.0", 26},
    {"\xc2\xa0"
     "1.0\xe3\x80\x80",
     26},
    {"\xe2\x80\xa8"
     "1.0\xe2\x80\xa9",
     26},
    {"\x1c"
     "1.0\x1f",
     26},
    {"\xc2\x85"
     "1.0",
     26},
    {"1.0+1a", 27},
    {"1.0+a1.b2", 28},
    {"1.0+abc", 29},
    {"1.0+abc.a", 30},
    {"1.0+abc-def_ghi.1", 31},
    {"1.0+abc.01", 32},
    {"1.0+abc.1", 32},
    {"1.0+abd", 33},
    {"1.0+i", 34},
    {"1.0+\xc4\xb0", 35},
    {"1.0+\xe2\x84\xaa", 36},
    {"1.0+LOCAL", 37},
    {"1.0+local.7", 38},
    {"1.0+s", 39},
    {"1.0+\xc4\xb1", 40},
    {"1.0+\xc5\xbf", 41},
    {"1.0+0", 42},
    {"1.0+01", 43},
    {"1.0+1", 43},
    {"1.0+1.0", 44},
    {"1.0+123456789012345678901234567890", 45},
    {"1.0rdev", 46},
    {"1.0.post", 47},
    {"1.0-post", 47},
    {"1.0-0", 47},
    {"1.0.r", 47},
    {"1.0.post0", 47},
    {"1.0.post1.dev1", 48},
    {"1.0.post1", 49},
    {"1.0post1", 49},
    {"1.0-post1", 49},
    {"1.0_post1", 49},
    {"1.0.post.1", 49},
    {"1.0.post-1", 49},
    {"1.0-1", 49},
    {"1.0.POST1", 49},
    {"1.0.post01", 49},
    {"1.0.0.post2.dev3", 50},
    {"1.0rev2", 51},
    {"1.0r2", 51},
    {"1.0-r2", 51},
    {"1.0.post99999999999999999999", 52},
    {"1.0po\xc5\xbft1", 53},
    {"01.02.003", 54},
    {"1.2.3.4.5.6", 55},
    {"1.9", 56},
    {"1.10", 57},
    {"2.0.0-alpha.1", 58},
    {"2024.01.15", 59},
    {"18446744073709551615.1", 60},
    {"18446744073709551616", 61},
    {"99999999999999999999999.0", 62},
    {"1!0", 63},
    {"1!1.0", 64},
    {"01!1.0", 64},
    {"1!2.0b1.post0.dev0+local.7", 65},
    {"v1!2.0", 66},
    {"2!0.1", 67},
    {"123456789012345678901234567890!1", 68},
};

// A shuffled sample and sorted(sample, key=Version); Python's sort is stable, so equal versions keep their
// shuffled order.
constexpr const char* kShuffled[] = {"1.0-r2",
                                     "1.0+1",
                                     "\x1c"
                                     "1.0\x1f",
                                     "1.0+abc",
                                     "1.0-preview",
                                     "1.0+1a",
                                     "1.0b1.post1",
                                     "1.0.r",
                                     "1.0-rc1-1-dev1",
                                     "0!1.0",
                                     "1.0rc10",
                                     "1.0a1.post2.dev3",
                                     "1.0a_1",
                                     "\n\r\f\v1.0",
                                     "1!0",
                                     "1.0.0",
                                     "1",
                                     "01.02.003",
                                     "1.0-post1",
                                     "1.0+abd",
                                     "1.0ALPHA1",
                                     "1.0+abc.1",
                                     "1.0Alpha",
                                     "2024.01.15",
                                     "1.0.a1",
                                     "1.0beta2",
                                     "1.0-a1",
                                     "1.0cdev",
                                     "1.0+s",
                                     "0.0",
                                     "18446744073709551616",
                                     "v1.0",
                                     "1.0prev\xc4\xb0"
                                     "ew1",
                                     "1.0-dev-",
                                     "1.0+\xc4\xb0",
                                     "1.0rc9",
                                     "1.0c3",
                                     "1.0b2",
                                     "1.0.post99999999999999999999",
                                     "1.0alpha1",
                                     "1.0A1",
                                     "1!2.0b1.post0.dev0+local.7",
                                     "1.0a0",
                                     "1.0",
                                     " 1.0 ",
                                     "1.0.dev",
                                     "1.0po\xc5\xbft1",
                                     "1.0a1+x",
                                     "1.0.post.1",
                                     "1.0-1",
                                     "1.0r2",
                                     "1.0a.1",
                                     "V1.0",
                                     "1.0a",
                                     "1.0prev\xc4\xb1"
                                     "ew1",
                                     "1.0a1.dev1",
                                     "01!1.0",
                                     "1.0rc3",
                                     "1.0.dev0",
                                     "1.0+a1.b2"};
constexpr const char* kSorted[] = {"0.0",
                                   "1.0-dev-",
                                   "1.0.dev",
                                   "1.0.dev0",
                                   "1.0Alpha",
                                   "1.0a0",
                                   "1.0a",
                                   "1.0a1.dev1",
                                   "1.0a_1",
                                   "1.0ALPHA1",
                                   "1.0.a1",
                                   "1.0-a1",
                                   "1.0alpha1",
                                   "1.0A1",
                                   "1.0a.1",
                                   "1.0a1+x",
                                   "1.0a1.post2.dev3",
                                   "1.0b1.post1",
                                   "1.0beta2",
                                   "1.0b2",
                                   "1.0prev\xc4\xb0"
                                   "ew1",
                                   "1.0prev\xc4\xb1"
                                   "ew1",
                                   "1.0cdev",
                                   "1.0-preview",
                                   "1.0-rc1-1-dev1",
                                   "1.0c3",
                                   "1.0rc3",
                                   "1.0rc9",
                                   "1.0rc10",
                                   "\x1c"
                                   "1.0\x1f",
                                   "0!1.0",
                                   "\n\r\f\v1.0",
                                   "1.0.0",
                                   "1",
                                   "v1.0",
                                   "1.0",
                                   " 1.0 ",
                                   "V1.0",
                                   "1.0+1a",
                                   "1.0+a1.b2",
                                   "1.0+abc",
                                   "1.0+abc.1",
                                   "1.0+abd",
                                   "1.0+\xc4\xb0",
                                   "1.0+s",
                                   "1.0+1",
                                   "1.0.r",
                                   "1.0-post1",
                                   "1.0.post.1",
                                   "1.0-1",
                                   "1.0-r2",
                                   "1.0r2",
                                   "1.0.post99999999999999999999",
                                   "1.0po\xc5\xbft1",
                                   "01.02.003",
                                   "2024.01.15",
                                   "18446744073709551616",
                                   "1!0",
                                   "01!1.0",
                                   "1!2.0b1.post0.dev0+local.7"};

Version parsed(const char* input) {
  std::optional<Version> version = Version::parse(input);
  EXPECT_TRUE(version.has_value()) << input;
  return version.value_or(Version());
}

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
