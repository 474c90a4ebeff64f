#pragma once
// Python str semantics for the sanitiser: lxml works on code points, with Python's idea of whitespace
// and of re.IGNORECASE.

#include <cstddef>
#include <string>
#include <string_view>

namespace qta::html {

using Text = std::u32string;

// Invalid sequences become U+FFFD, as Python's errors="replace" would have them.
Text decode(std::string_view bytes);
std::string encode(std::u32string_view code_points);

// str.isspace(), which is also what \s matches in a str pattern.
bool is_python_space(char32_t c);
// str.strip()
Text strip(std::u32string_view text);
// Whether the UTF-8 text is empty once stripped.
bool is_blank(std::string_view utf8);

// Whether `c` matches the lower-case ASCII character `ascii` under re.IGNORECASE, which also folds
// İ and ı to i, ſ to s and the Kelvin sign to k.
bool fold_equals(char32_t c, char ascii);
// Whether `text` holds the lower-case ASCII `ascii` at `position`, under re.IGNORECASE.
bool matches_folded(std::u32string_view text, std::size_t position, std::string_view ascii);

// [a-z] under re.IGNORECASE.
bool is_letter_folded(char32_t c);
// [0-9]
bool is_digit(char32_t c);
// Whether `c` is one of the ASCII characters in `ascii`.
bool is_one_of(char32_t c, std::string_view ascii);
bool contains(std::u32string_view text, std::u32string_view needle);
// The text with A-Z lowered and every other code point as it was.
Text ascii_lowered(std::u32string_view text);

}  // namespace qta::html
