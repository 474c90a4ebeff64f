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
  for (const char* bytes :
       {"\xFF", "\xC0\xAF", "\xE2\x82", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80", "a\xF0\x9F\x98",
        "\xE0\x80\xAF", "\xF0\x80\x80\xAF", "\xC1\xBF", "\xF5\x80\x80\x80", "\xE2\x28\xA1"}) {
    EXPECT_FALSE(is_valid_utf8(bytes)) << bytes;
  }
}

// The cases checked against Python 3: bytes.decode("utf-8", "replace").
TEST(Utf8, ReplacesEachMaximalIllFormedSubpartAsPythonDoes) {
  EXPECT_EQ(valid_utf8("\xC0\xAF"), replaced(2));          // never a lead byte: one each
  EXPECT_EQ(valid_utf8("\xE2\x82"), replaced(1));          // truncated: one for the whole start
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), replaced(3));      // a surrogate
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), replaced(4));  // beyond U+10FFFF
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98"), replaced(1));
  EXPECT_EQ(valid_utf8("a\xFF"
                       "b"),
            "a" + replaced(1) + "b");
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98\x80x\xE2(\xA1"), "\xF0\x9F\x98\x80x" + replaced(1) + "(" + replaced(1));
  EXPECT_EQ(valid_utf8("\xE2\x82\xAC"), "\xE2\x82\xAC");
}

TEST(Utf8, ReplacedTextIsValid) {
  std::string every_byte;
  for (int byte = 0; byte < 256; ++byte) every_byte += static_cast<char>(byte);
  EXPECT_TRUE(is_valid_utf8(valid_utf8(every_byte + every_byte)));
}

// Python's str.encode("utf-8") for the boundaries of each sequence length.
TEST(Utf8, EncodesEachCodePointInTheShortestForm) {
  auto encoded = [](char32_t code_point) {
    std::string bytes;
    append_utf8(bytes, code_point);
    return bytes;
  };
  EXPECT_EQ(encoded(U'\0'), std::string(1, '\0'));
  EXPECT_EQ(encoded(0x7F), "\x7F");
  EXPECT_EQ(encoded(0x80), "\xC2\x80");
  EXPECT_EQ(encoded(0xE9), "\xC3\xA9");
  EXPECT_EQ(encoded(0x7FF), "\xDF\xBF");
  EXPECT_EQ(encoded(0x800), "\xE0\xA0\x80");
  EXPECT_EQ(encoded(0x20AC), "\xE2\x82\xAC");
  EXPECT_EQ(encoded(0xFFFF), "\xEF\xBF\xBF");
  EXPECT_EQ(encoded(0x10000), "\xF0\x90\x80\x80");
  EXPECT_EQ(encoded(0x1F600), "\xF0\x9F\x98\x80");
  EXPECT_EQ(encoded(0x10FFFF), "\xF4\x8F\xBF\xBF");
  EXPECT_EQ(encode_utf8(U"caf\u00e9 \u20ac"), "caf\xC3\xA9 \xE2\x82\xAC");
}

TEST(Utf8, DecodesToCodePointsAndBack) {
  std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  EXPECT_EQ(decode_utf8(text), U"a\u00e9\u20ac\U0001F600");
  EXPECT_EQ(encode_utf8(decode_utf8(text)), text);
  EXPECT_EQ(decode_utf8("a\xFF"
                        "b"),
            U"a\uFFFDb");
  EXPECT_EQ(decode_utf8("\xC0\xAF", U'?'), U"??");
}

}  // namespace qta::text
