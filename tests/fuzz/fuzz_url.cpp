// URL percent-decoding, quote_plus and path splitting (lib/http/url.*).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/url.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  std::string decoded = http::percent_decode(text);
  std::string decoded_plus = http::percent_decode(text, true);
  // Every escape shrinks three bytes to one; everything else is copied.
  std::size_t escapes = 0;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '%' && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      ++escapes;
      i += 2;
    }
  }
  FUZZ_CHECK(decoded.size() == text.size() - 2 * escapes);
  FUZZ_CHECK(decoded_plus.size() == decoded.size());
  if (text.find('%') == std::string_view::npos) {
    FUZZ_CHECK(decoded == text);
    std::string spaced(text);
    std::replace(spaced.begin(), spaced.end(), '+', ' ');
    FUZZ_CHECK(decoded_plus == spaced);
  }

  // quote_plus gives only safe characters, and decoding it gives back the text exactly.
  std::string quoted = http::quote_plus(text);
  FUZZ_CHECK(std::all_of(quoted.begin(), quoted.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("_.-~%+").find(c) != std::string_view::npos;
  }));
  FUZZ_CHECK(http::percent_decode(quoted, true) == text);

  // A path splits at every raw '/' (an encoded %2F stays inside its segment), each segment decoded.
  auto segments = http::split_path(text);
  std::string_view rest = text;
  if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  if (rest.empty()) {
    FUZZ_CHECK(segments.empty());
  } else {
    FUZZ_CHECK(segments.size() == static_cast<std::size_t>(std::count(rest.begin(), rest.end(), '/')) + 1);
    std::size_t start = 0;
    for (const auto& segment : segments) {
      std::size_t slash = rest.find('/', start);
      std::size_t length = slash == std::string_view::npos ? std::string_view::npos : slash - start;
      std::string_view raw = rest.substr(start, length);
      FUZZ_CHECK(segment == http::percent_decode(raw));
      start = slash + 1;
    }
  }
  return 0;
}
