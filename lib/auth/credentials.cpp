// Username cleaning and search filter templates.
#include "auth/credentials.h"

#include <locale.h>
#include <wctype.h>

namespace qta::auth {

namespace {

// Decodes one UTF-8 sequence at `text[i]`; returns its length, or 0 when the bytes are invalid.
std::size_t decode(std::string_view text, std::size_t i, char32_t& code_point) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char first = byte(i);
  std::size_t length = first < 0x80           ? 1
                       : (first >> 5) == 0x6  ? 2
                       : (first >> 4) == 0xe  ? 3
                       : (first >> 3) == 0x1e ? 4
                                              : 0;
  if (length == 0 || i + length > text.size()) return 0;
  code_point = length == 1 ? first : first & (0x7f >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(i + k) & 0x3f);
  }
  return length;
}

locale_t utf8_locale() {
  static locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return locale;
}

bool is_word_character(char32_t code_point) {
  if (code_point < 0x80) {
    return (code_point >= 'a' && code_point <= 'z') || (code_point >= 'A' && code_point <= 'Z') ||
           (code_point >= '0' && code_point <= '9') || code_point == '_';
  }
  locale_t locale = utf8_locale();
  return locale != static_cast<locale_t>(0) && iswalnum_l(static_cast<wint_t>(code_point), locale);
}

}  // namespace

std::string sanitize_username(std::string_view username) {
  std::string clean;
  for (std::size_t i = 0; i < username.size();) {
    char32_t code_point = 0;
    std::size_t length = decode(username, i, code_point);
    if (length == 0) {
      ++i;
      continue;
    }
    if (is_word_character(code_point) || code_point == '-' || code_point == ' ')
      clean.append(username.substr(i, length));
    i += length;
  }
  return clean;
}

std::string fill_search_filter(std::string_view filter_template, std::string_view username) {
  std::string filter;
  for (std::size_t i = 0; i < filter_template.size(); ++i) {
    std::string_view rest = filter_template.substr(i);
    if (rest.starts_with("$$")) {
      filter += '$';
      ++i;
    } else if (rest.starts_with("${username}")) {
      filter += username;
      i += 10;
    } else if (rest.starts_with("$username")) {
      filter += username;
      i += 8;
    } else {
      filter += filter_template[i];
    }
  }
  return filter;
}

}  // namespace qta::auth
