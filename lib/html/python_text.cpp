// Python's str.isspace, strip and re.IGNORECASE on code points.
#include "html/python_text.h"

#include "text/utf8.h"

namespace qta::html {
namespace {

char32_t ascii_lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

}  // namespace

Text decode(std::string_view bytes) { return text::decode_utf8(bytes); }

std::string encode(std::u32string_view code_points) { return text::encode_utf8(code_points); }

bool is_python_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

Text strip(std::u32string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_python_space(text[begin])) ++begin;
  while (end > begin && is_python_space(text[end - 1])) --end;
  return Text(text.substr(begin, end - begin));
}

bool is_blank(std::string_view utf8) { return strip(decode(utf8)).empty(); }

bool fold_equals(char32_t c, char ascii) { return text::python_ignorecase_equals(c, ascii); }

bool matches_folded(std::u32string_view text, std::size_t position, std::string_view ascii) {
  if (position > text.size() || text.size() - position < ascii.size()) return false;
  for (std::size_t i = 0; i < ascii.size(); ++i) {
    if (!fold_equals(text[position + i], ascii[i])) return false;
  }
  return true;
}

bool is_letter_folded(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0x130 || c == 0x131 || c == 0x17F ||
         c == 0x212A;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_one_of(char32_t c, std::string_view ascii) {
  return c < 0x80 && ascii.find(static_cast<char>(c)) != std::string_view::npos;
}

bool contains(std::u32string_view text, std::u32string_view needle) {
  return text.find(needle) != std::u32string_view::npos;
}

Text ascii_lowered(std::u32string_view text) {
  Text lowered(text);
  for (char32_t& c : lowered) c = ascii_lower(c);
  return lowered;
}

}  // namespace qta::html
