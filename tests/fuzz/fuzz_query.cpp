// Query strings and Cookie headers (lib/http/url.*), and how a Request exposes them (lib/http/request.*).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/url.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

void check_query(std::string_view query) {
  bool truncated = false;
  http::Pairs pairs = http::parse_query(query, &truncated);
  FUZZ_CHECK(pairs.size() <= http::kMaxQueryParameters);
  std::size_t items = 0;  // non-empty items between '&'s
  for (std::size_t start = 0; start <= query.size();) {
    std::size_t end = std::min(query.find('&', start), query.size());
    items += end > start ? 1 : 0;
    start = end + 1;
  }
  FUZZ_CHECK(truncated == (items > http::kMaxQueryParameters));
  FUZZ_CHECK(pairs.size() == std::min(items, http::kMaxQueryParameters));

  // Encoding the pairs again and parsing that gives the same pairs.
  std::string encoded;
  for (const auto& [key, value] : pairs) {
    encoded += (encoded.empty() ? "" : "&") + http::quote_plus(key) + "=" + http::quote_plus(value);
  }
  bool truncated_again = true;
  FUZZ_CHECK(http::parse_query(encoded, &truncated_again) == pairs);
  FUZZ_CHECK(!truncated_again);

  // A request splits its URI at the first '?' and answers with the first value of a name.
  http::Request request("GET", "/api/v3/report?" + std::string(query));
  FUZZ_CHECK(request.path() == "/api/v3/report");
  FUZZ_CHECK(request.query_string() == query);
  FUZZ_CHECK(request.query_pairs() == pairs);
  if (!pairs.empty()) {
    const std::string& key = pairs.back().first;
    auto first = std::ranges::find(pairs, key, &std::pair<std::string, std::string>::first);
    FUZZ_CHECK(request.query(key) == first->second);
  }
}

void check_cookies(std::string_view header) {
  http::Pairs cookies = http::parse_cookies(header);
  FUZZ_CHECK(cookies.size() <= http::kMaxCookies);
  for (const auto& [name, value] : cookies) {
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(!is_blank(name.front()) && !is_blank(name.back()));
    FUZZ_CHECK(name.find_first_of(";=") == std::string::npos);
    FUZZ_CHECK(value.find(';') == std::string::npos);
    FUZZ_CHECK(header.find(name) != std::string_view::npos);
  }
  http::Request request("GET", "/api/v3/settings");
  request.set_header("cOOkie", std::string(header));
  for (const auto& cookie : cookies) {
    const std::string& name = cookie.first;
    auto first = std::ranges::find(cookies, name, &std::pair<std::string, std::string>::first);
    FUZZ_CHECK(request.cookie(name) == first->second);
  }
  if (cookies.empty()) FUZZ_CHECK(!request.cookie("session_id"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_query(text);
  check_cookies(text);
  return 0;
}
