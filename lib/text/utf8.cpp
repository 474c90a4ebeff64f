// UTF-8 decoding and encoding.
#include "text/utf8.h"

#include <array>

namespace qta::text {

namespace {
// The length of the well-formed sequence at the start of `bytes` (Unicode table 3-7), or 0 when it is
// ill-formed; then `ill_formed` is the length of its maximal ill-formed subpart (at least 1).
std::size_t sequence_length(std::string_view bytes, std::size_t& ill_formed) {
  auto lead = static_cast<unsigned char>(bytes[0]);
  ill_formed = 1;
  if (lead < 0x80) return 1;
  std::size_t continuations = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuations = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuations = 2;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuations = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing beyond U+10FFFF
  } else {
    return 0;
  }
  std::size_t k = 1;
  for (; k <= continuations && k < bytes.size(); ++k) {
    auto byte = static_cast<unsigned char>(bytes[k]);
    if (byte < (k == 1 ? low : 0x80) || byte > (k == 1 ? high : 0xBF)) break;
  }
  if (k == continuations + 1) return k;
  ill_formed = k;
  return 0;
}
}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  std::size_t ill_formed = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t length = sequence_length(bytes.substr(i), ill_formed);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string valid_utf8(std::string_view bytes) {
  std::string result;
  result.reserve(bytes.size());
  std::size_t ill_formed = 0;
  for (std::size_t i = 0; i < bytes.size();) {
    std::size_t length = sequence_length(bytes.substr(i), ill_formed);
    if (length == 0) {
      result += "\xEF\xBF\xBD";  // U+FFFD
      i += ill_formed;
    } else {
      result.append(bytes.substr(i, length));
      i += length;
    }
  }
  return result;
}

std::u32string decode_utf8(std::string_view bytes, char32_t replacement) {
  std::u32string result;
  result.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    char32_t code_point = length == 1   ? lead
                          : length == 2 ? lead & 0x1F
                          : length == 3 ? lead & 0x0F
                                        : lead & 0x07;
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
    case 'i':
      return code_point == 0x130 || code_point == 0x131;
    case 'k':
      return code_point == 0x212A;
    case 's':
      return code_point == 0x17F;
    default:
      return false;
  }
}

}  // namespace qta::text
