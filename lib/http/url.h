#pragma once
// Percent-decoding, query strings and cookie headers, with limits so hostile input stays cheap.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qta::http {

using Pairs = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::size_t kMaxQueryParameters = 256;
inline constexpr std::size_t kMaxCookies = 64;

// Decodes %XX escapes; with plus_is_space (query strings) '+' becomes ' '. Malformed escapes are kept
// as they are, as Python's urllib does.
std::string percent_decode(std::string_view text, bool plus_is_space = false);

// Python's urllib.parse.quote_plus: everything but letters, digits and "_.-~" percent-encoded, spaces as '+'.
std::string quote_plus(std::string_view text);

// Splits "a=1&b=2" into decoded pairs in order; keys without '=' get "". Bytes that do not decode as
// UTF-8 become U+FFFD, as Python's urllib.parse.unquote (v5.8.0's) makes them. Stops after
// kMaxQueryParameters and reports that through `truncated` when given.
Pairs parse_query(std::string_view query, bool* truncated = nullptr);

// Splits a Cookie header ("a=1; b=2") into pairs; values are taken literally (quotes stripped).
Pairs parse_cookies(std::string_view header);

// Splits "/api/v3/report/x" into decoded segments {"api","v3","report","x"}; a trailing slash yields
// a last empty segment so "/api/v3/report/" and "/api/v3/report" stay different routes.
std::vector<std::string> split_path(std::string_view path);

}  // namespace qta::http
