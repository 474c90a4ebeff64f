// Python's text rules against what Python 3 prints for the same texts.
#include "text/python_format.h"

#include <gtest/gtest.h>

namespace qta::text {
namespace {

TEST(PythonRepr, ChoosesTheQuoteAsPythonDoes) {
  EXPECT_EQ(python_repr("plain"), "'plain'");
  EXPECT_EQ(python_repr("it's"), "\"it's\"");
  EXPECT_EQ(python_repr("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(python_repr(""), "''");
}

TEST(PythonRepr, EscapesWhatIsNotPrintable) {
  EXPECT_EQ(python_repr("tab\tnew\nline\x01"), "'tab\\tnew\\nline\\x01'");
  EXPECT_EQ(python_repr("back\\slash\r"), "'back\\\\slash\\r'");
  EXPECT_EQ(python_repr("caf\xC3\xA9 \xC2\xA0"), "'caf\xC3\xA9 \\xa0'");
  EXPECT_EQ(python_repr("\xE2\x80\x8B"), "'\\u200b'");               // zero-width space
  EXPECT_EQ(python_repr("\xF0\x9F\x98\x80"), "'\xF0\x9F\x98\x80'");  // printable beyond U+FFFF
  EXPECT_EQ(python_repr("\x7F"), "'\\x7f'");
}

TEST(PythonBytesRepr, EscapesNonAsciiBytes) {
  EXPECT_EQ(python_bytes_repr("token\n"), "b'token\\n'");
  EXPECT_EQ(python_bytes_repr("j\xF6rg"), "b'j\\xf6rg'");
  EXPECT_EQ(python_bytes_repr("it's"), "b\"it's\"");
  EXPECT_EQ(python_bytes_repr("\\\t"), "b'\\\\\\t'");
}

TEST(PythonFloatRepr, WritesShortestRoundTripDigits) {
  EXPECT_EQ(python_float_repr(1.0), "1.0");
  EXPECT_EQ(python_float_repr(0.5), "0.5");
  EXPECT_EQ(python_float_repr(0.1), "0.1");
  EXPECT_EQ(python_float_repr(1.5), "1.5");
  EXPECT_EQ(python_float_repr(-2.5), "-2.5");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(1e-05), "1e-05");
  EXPECT_EQ(python_float_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(1.5e300), "1.5e+300");
  EXPECT_EQ(python_float_repr(1.0 / 3), "0.3333333333333333");
}

TEST(PythonJsonString, EscapesAllButPrintableAscii) {
  EXPECT_EQ(python_json_string("plain"), "\"plain\"");
  EXPECT_EQ(python_json_string("\"q\"\\\n\r\t\b\f"), R"("\"q\"\\\n\r\t\b\f")");
  EXPECT_EQ(python_json_string("caf\xC3\xA9\x01\x7F"), R"("caf\u00e9\u0001\u007f")");
  EXPECT_EQ(python_json_string("\xF0\x9F\x98\x80"), R"("\ud83d\ude00")");
}

TEST(PythonWhitespace, IsStrIsspace) {
  for (char32_t space : {U' ', U'\t', U'\n', U'\v', U'\f', U'\r', U'\x1C', U'\x85', U'\xA0', U'\u2000',
                         U'\u2028', U'\u3000'}) {
    EXPECT_TRUE(python_whitespace(space)) << static_cast<unsigned>(space);
  }
  for (char32_t other : {U'a', U'\0', U'\u200B', U'\uFEFF'}) {
    EXPECT_FALSE(python_whitespace(other)) << static_cast<unsigned>(other);
  }
}

TEST(PythonLstrip, DropsLeadingUnicodeWhitespace) {
  EXPECT_EQ(python_lstrip("  \t http://h "), "http://h ");
  EXPECT_EQ(python_lstrip("\xC2\xA0\xE3\x80\x80x"), "x");  // no-break and ideographic space
  EXPECT_EQ(python_lstrip("\xE2\x80\x8Bx"), "\xE2\x80\x8Bx");
  EXPECT_EQ(python_lstrip(" \n"), "");
}

TEST(Latin1, EncodesUpToU00FF) {
  Latin1Bytes encoded = encode_latin1("j\xC3\xB6rg");
  EXPECT_EQ(encoded.error, "");
  EXPECT_EQ(encoded.bytes, "j\xF6rg");
  EXPECT_EQ(decode_latin1("j\xF6rg"), "j\xC3\xB6rg");
}

TEST(Latin1, DescribesWhatItCannotEncodeAsPythonDoes) {
  EXPECT_EQ(encode_latin1("\xE2\x82\xAC\xE2\x82\xAC").error,
            "'latin-1' codec can't encode characters in position 0-1: ordinal not in range(256)");
  EXPECT_EQ(encode_latin1("ab\xE2\x82\xAC").error,
            "'latin-1' codec can't encode character '\\u20ac' in position 2: ordinal not in range(256)");
  EXPECT_EQ(encode_latin1("\xF0\x9F\x98\x80").error,
            "'latin-1' codec can't encode character '\\U0001f600' in position 0: ordinal not in range(256)");
}

}  // namespace
}  // namespace qta::text
