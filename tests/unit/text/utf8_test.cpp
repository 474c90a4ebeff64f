#include "text/utf8.h"

#include <gtest/gtest.h>

namespace qta::text {

namespace {
const std::string kReplacement = "\xEF\xBF\xBD";
std::string replaced(int times) {
  std::string result;
  for (int i = 0; i < times; ++i) result += kReplacement;
  return result;
}
}  // namespace

TEST(Utf8, WellFormedTextIsValid) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii\r\n"));
  EXPECT_TRUE(is_valid_utf8(std::string("nul \0 inside", 12)));
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));  // €, 😀, U+10FFFF
}

TEST(Utf8, IllFormedTextIsNot) {
  for (const char* bytes : {"\xFF", "\xC0\xAF", "\xE2\x82", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "a\xF0\x9F\x98"}) {
    EXPECT_FALSE(is_valid_utf8(bytes)) << bytes;
  }
}

// The cases checked against Python 3: bytes.decode("utf-8", "replace").
TEST(Utf8, ReplacesEachMaximalIllFormedSubpartAsPythonDoes) {
  EXPECT_EQ(valid_utf8("\xC0\xAF"), replaced(2));               // never a lead byte: one each
  EXPECT_EQ(valid_utf8("\xE2\x82"), replaced(1));               // truncated: one for the whole start
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), replaced(3));           // a surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), replaced(4));       // beyond U+10FFFF
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98"), replaced(1));
  EXPECT_EQ(valid_utf8("a\xFF" "b"), "a" + replaced(1) + "b");
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98\x80x\xE2(\xA1"), "\xF0\x9F\x98\x80x" + replaced(1) + "(" + replaced(1));
  EXPECT_EQ(valid_utf8("\xE2\x82\xAC"), "\xE2\x82\xAC");
}

TEST(Utf8, ReplacedTextIsValid) {
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) every_byte += static_cast<char>(byte);
  EXPECT_TRUE(is_valid_utf8(valid_utf8(every_byte + every_byte)));
}

}  // namespace qta::text
