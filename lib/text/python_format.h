#pragma once
// Python's text rules over UTF-8 strings, for texts that v5.8.0 built with repr(), str(float), json.dumps
// and the latin-1 codec, and that clients see: error messages, change descriptions and request bodies.
// Rules over whole JSON values (str() of a list, ==) are in model/python_format.h.

#include <string>
#include <string_view>

namespace qta::text {

// repr() of a Python str holding this UTF-8 text: 'x', or "x" when x holds ' but no ".
std::string python_repr(std::string_view text);

// repr() of Python bytes, as http.client quotes a header value: b'x' with \xNN for non-ASCII bytes.
std::string python_bytes_repr(std::string_view bytes);

// repr() (and str()) of a Python float: shortest round-trip digits, positional for exponents -4..15,
// scientific beyond ("1e+16", "1e-05").
std::string python_float_repr(double number);

// json.dumps() of a Python str with the default ensure_ascii: quoted, every non-ASCII character as
// \uXXXX (a surrogate pair beyond U+FFFF).
std::string python_json_string(std::string_view text);

// Python's str.isspace() for one character.
bool python_whitespace(char32_t code_point);

// str.lstrip(): the text without its leading Python whitespace.
std::string python_lstrip(std::string_view text);

// str.encode("latin-1"): the bytes, or the text of Python's UnicodeEncodeError when a character is beyond
// U+00FF.
struct Latin1Bytes {
  std::string bytes;
  std::string error;  // empty on success
};
Latin1Bytes encode_latin1(std::string_view text);

// bytes.decode("latin-1") as UTF-8: every byte is the code point of the same value.
std::string decode_latin1(std::string_view bytes);

}  // namespace qta::text
