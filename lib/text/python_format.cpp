// Python's repr(), float formatting, json.dumps string literals, whitespace and latin-1 codec over UTF-8.
#include "text/python_format.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <system_error>

#include "text/utf8.h"

namespace qta::text {

namespace {

std::string hex_escape(char prefix, char32_t point, int width) {
  std::string text = "\\";
  text += prefix;
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
    text += "0123456789abcdef"[(point >> shift) & 0xF];
  }
  return text;
}

// \xNN, \uNNNN or \UNNNNNNNN: the shortest of Python's escapes that holds the code point.
std::string code_point_escape(char32_t point) {
  if (point <= 0xFF) return hex_escape('x', point, 2);
  if (point <= 0xFFFF) return hex_escape('u', point, 4);
  return hex_escape('U', point, 8);
}

// Python's str.isprintable(), close enough for the texts we quote: controls, C1 controls, the no-break
// space, the soft hyphen and the usual invisible format characters are not printable.
bool python_printable(char32_t point) {
  if (point < 0x20 || point == 0x7F) return false;
  if (point >= 0x80 && point <= 0xA0) return false;
  if (point == 0xAD) return false;
  if ((point >= 0x2000 && point <= 0x200F) || (point >= 0x2028 && point <= 0x202F)) return false;
  if (point >= 0x205F && point <= 0x206F) return false;
  if (point == 0x3000 || point == 0xFEFF) return false;
  if (point >= 0xD800 && point <= 0xDFFF) return false;
  return true;
}

// The quote repr() chooses: ' unless the text holds ' and no ".
char repr_quote(std::string_view text) {
  bool has_single = text.find('\'') != std::string_view::npos;
  bool has_double = text.find('"') != std::string_view::npos;
  return has_single && !has_double ? '"' : '\'';
}

// The escape repr() writes for a character of either str or bytes, or "" when it writes none.
std::string common_escape(char32_t point, char quote) {
  if (point == '\\' || point == static_cast<char32_t>(quote))
    return std::string{'\\', static_cast<char>(point)};
  if (point == '\t') return "\\t";
  if (point == '\n') return "\\n";
  if (point == '\r') return "\\r";
  return "";
}

// Python's UnicodeEncodeError text for the run [start, end) of characters latin-1 cannot hold.
std::string latin1_error(const std::u32string& points, std::size_t start, std::size_t end) {
  std::string text = "'latin-1' codec can't encode ";
  if (end == start + 1) {
    text += "character '" + code_point_escape(points[start]) + "' in position " + std::to_string(start);
  } else {
    text += "characters in position " + std::to_string(start) + "-" + std::to_string(end - 1);
  }
  return text + ": ordinal not in range(256)";
}

// The shortest round-trip scientific form split up: -1.5e+16 gives negative, "15" and 16.
struct Digits {
  bool negative = false;
  std::string digits;
  int exponent = 0;
};

std::optional<Digits> shortest_digits(double number) {
  std::array<char, 64> buffer{};
  auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), number, std::chars_format::scientific);
  if (ec != std::errc()) return std::nullopt;
  std::string scientific(buffer.data(), end);
  Digits split;
  split.negative = scientific[0] == '-';
  if (split.negative) scientific.erase(0, 1);
  std::size_t e = scientific.find('e');
  split.digits = scientific.substr(0, e);
  split.digits.erase(std::remove(split.digits.begin(), split.digits.end(), '.'), split.digits.end());
  split.exponent = std::stoi(scientific.substr(e + 1));
  return split;
}

std::string positional(const std::string& digits, int exponent) {
  if (exponent < 0) return "0." + std::string(-exponent - 1, '0') + digits;
  if (static_cast<int>(digits.size()) <= exponent + 1) {
    return digits + std::string(exponent + 1 - digits.size(), '0') + ".0";
  }
  return digits.substr(0, exponent + 1) + "." + digits.substr(exponent + 1);
}

std::string scientific(const std::string& digits, int exponent) {
  std::string text = digits.substr(0, 1);
  if (digits.size() > 1) text += "." + digits.substr(1);
  text += exponent < 0 ? "e-" : "e+";
  std::string magnitude = std::to_string(exponent < 0 ? -exponent : exponent);
  if (magnitude.size() < 2) magnitude = "0" + magnitude;
  return text + magnitude;
}

}  // namespace

std::string python_repr(std::string_view text) {
  char quote = repr_quote(text);
  std::string repr(1, quote);
  for (char32_t point : decode_utf8(text)) {
    if (std::string escape = common_escape(point, quote); !escape.empty()) {
      repr += escape;
    } else if (python_printable(point)) {
      append_utf8(repr, point);
    } else {
      repr += code_point_escape(point);
    }
  }
  repr += quote;
  return repr;
}

std::string python_bytes_repr(std::string_view bytes) {
  char quote = repr_quote(bytes);
  std::string text = "b";
  text += quote;
  for (unsigned char c : bytes) {
    if (std::string escape = common_escape(c, quote); !escape.empty()) {
      text += escape;
    } else if (c < 0x20 || c >= 0x7F) {
      text += hex_escape('x', c, 2);
    } else {
      text += static_cast<char>(c);
    }
  }
  text += quote;
  return text;
}

std::string python_float_repr(double number) {
  std::optional<Digits> split = shortest_digits(number);
  if (!split) return "nan";
  const auto& [negative, digits, exponent] = *split;
  std::string text =
      exponent >= -4 && exponent < 16 ? positional(digits, exponent) : scientific(digits, exponent);
  return negative ? "-" + text : text;
}

std::string python_json_string(std::string_view text) {
  std::string out = "\"";
  for (char32_t point : decode_utf8(text)) {
    switch (point) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (point >= 0x20 && point < 0x7F) {
          out += static_cast<char>(point);
        } else if (point < 0x10000) {
          out += hex_escape('u', point, 4);
        } else {  // ensure_ascii writes astral characters as a surrogate pair
          char32_t value = point - 0x10000;
          out += hex_escape('u', 0xD800 | (value >> 10), 4);
          out += hex_escape('u', 0xDC00 | (value & 0x3FF), 4);
        }
    }
  }
  return out + '"';
}

bool python_whitespace(char32_t point) {
  return point == ' ' || (point >= 0x09 && point <= 0x0D) || (point >= 0x1C && point <= 0x1F) ||
         point == 0x85 || point == 0xA0 || point == 0x1680 || (point >= 0x2000 && point <= 0x200A) ||
         point == 0x2028 || point == 0x2029 || point == 0x202F || point == 0x205F || point == 0x3000;
}

std::string python_lstrip(std::string_view text) {
  auto points = decode_utf8(text);
  std::size_t skip = 0;
  std::size_t bytes = 0;
  while (skip < points.size() && python_whitespace(points[skip])) {
    std::string encoded;
    append_utf8(encoded, points[skip]);
    bytes += encoded.size();
    ++skip;
  }
  return std::string(text.substr(std::min(bytes, text.size())));
}

Latin1Bytes encode_latin1(std::string_view text) {
  auto points = decode_utf8(text);
  Latin1Bytes encoded;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i] > 0xFF) {
      std::size_t end = i + 1;
      while (end < points.size() && points[end] > 0xFF) ++end;
      return {"", latin1_error(points, i, end)};
    }
    encoded.bytes += static_cast<char>(points[i]);
  }
  return encoded;
}

std::string decode_latin1(std::string_view bytes) {
  std::string text;
  for (unsigned char c : bytes) append_utf8(text, c);
  return text;
}

}  // namespace qta::text
