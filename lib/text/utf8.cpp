// UTF-8 decoding and encoding.
#include "text/utf8.h"

#include <array>

namespace qta::text {

std::u32string decode_utf8(std::string_view bytes, char32_t replacement) {
  std::u32string result;
  result.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    char32_t code_point = length == 1 ? lead : length == 2 ? lead & 0x1F : length == 3 ? lead & 0x0F : lead & 0x07;
    bool valid = length != 0 && i + length <= bytes.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      auto continuation = static_cast<unsigned char>(bytes[i + k]);
      valid = (continuation & 0xC0) == 0x80;
      code_point = (code_point << 6) | (continuation & 0x3F);
    }
    static constexpr std::array<char32_t, 5> kSmallest{0, 0, 0x80, 0x800, 0x10000};
    valid = valid && code_point >= kSmallest[length] && code_point <= 0x10FFFF &&
            !(code_point >= 0xD800 && code_point <= 0xDFFF);
    result.push_back(valid ? code_point : replacement);
    i += valid ? length : 1;
  }
  return result;
}

void append_utf8(std::string& bytes, char32_t code_point) {
  if (code_point < 0x80) {
    bytes += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    bytes += static_cast<char>(0xC0 | (code_point >> 6));
    bytes += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    bytes += static_cast<char>(0xE0 | (code_point >> 12));
    bytes += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bytes += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    bytes += static_cast<char>(0xF0 | (code_point >> 18));
    bytes += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    bytes += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    bytes += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string bytes;
  bytes.reserve(code_points.size());
  for (char32_t code_point : code_points) append_utf8(bytes, code_point);
  return bytes;
}

bool python_ignorecase_equals(char32_t code_point, char ascii) {
  if (code_point < 0x80) {
    char32_t lower = code_point >= 'A' && code_point <= 'Z' ? code_point + ('a' - 'A') : code_point;
    return lower == static_cast<char32_t>(ascii);
  }
  switch (ascii) {
    case 'i': return code_point == 0x130 || code_point == 0x131;
    case 'k': return code_point == 0x212A;
    case 's': return code_point == 0x17F;
    default: return false;
  }
}

}  // namespace qta::text
