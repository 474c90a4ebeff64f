#pragma once
// UTF-8 to code points and back, shared by the code that must see characters rather than bytes
// (the HTML sanitiser, version parsing, Python-style text), and the check that bytes from clients are
// text before they reach JSON.

#include <string>
#include <string_view>

namespace qta::text {

// Decodes UTF-8; every byte that starts no valid sequence (truncated, overlong, a surrogate, beyond
// U+10FFFF) becomes `replacement` and decoding goes on with the next byte.
std::u32string decode_utf8(std::string_view bytes, char32_t replacement = U'\uFFFD');
void append_utf8(std::string& bytes, char32_t code_point);

bool is_valid_utf8(std::string_view bytes);
// The bytes with every ill-formed sequence replaced by U+FFFD, one per maximal ill-formed subpart, as
// Python's bytes.decode("utf-8", "replace") does (so "%C0%AF" gives two, a truncated "\xE2\x82" one).
std::string valid_utf8(std::string_view bytes);
std::string encode_utf8(std::u32string_view code_points);

// Whether a code point matches an ASCII character under Python's re.IGNORECASE on str patterns, which
// also folds İ and ı to i, K (Kelvin) to k and ſ to s. `ascii` is lower case.
bool python_ignorecase_equals(char32_t code_point, char ascii);

}  // namespace qta::text
