// Python str()/repr() of JSON values, for change descriptions.
#include "model/python_format.h"

#include <cmath>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <string_view>

namespace qta::model {

namespace {

std::string repr_string(std::string_view text) {
  bool has_single = text.find('\'') != std::string_view::npos;
  bool has_double = text.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string result(1, quote);
  for (unsigned char c : text) {
    if (c == '\\') {
      result += "\\\\";
    } else if (c == static_cast<unsigned char>(quote)) {
      result += '\\';
      result += static_cast<char>(c);
    } else if (c == '\n') {
      result += "\\n";
    } else if (c == '\r') {
      result += "\\r";
    } else if (c == '\t') {
      result += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      result += escaped;
    } else {
      result += static_cast<char>(c);  // printable ASCII and UTF-8 bytes of printable non-ASCII stay as they are
    }
  }
  result += quote;
  return result;
}

}  // namespace

std::string python_float(double number) {
  if (std::isnan(number)) return "nan";
  if (std::isinf(number)) return number > 0 ? "inf" : "-inf";
  // The shortest round-tripping digits, as Python's repr does.
  char digits[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(digits, sizeof digits, "%.*e", precision - 1, number);
    if (std::strtod(digits, nullptr) == number) break;
  }
  // digits is "d.ddde±XX": rebuild it in Python's notation (fixed for 1e-4 <= |x| < 1e16).
  std::string text = digits;
  bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  std::size_t e = text.find('e');
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string mantissa = text.substr(0, e);
  mantissa.erase(std::remove(mantissa.begin(), mantissa.end(), '.'), mantissa.end());
  std::string result;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      result = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + mantissa;
    } else if (static_cast<std::size_t>(exponent) + 1 >= mantissa.size()) {
      result = mantissa + std::string(exponent + 1 - mantissa.size(), '0') + ".0";
    } else {
      result = mantissa.substr(0, exponent + 1) + "." + mantissa.substr(exponent + 1);
    }
  } else {
    result = mantissa.substr(0, 1);
    if (mantissa.size() > 1) result += "." + mantissa.substr(1);
    char exponent_text[16];
    std::snprintf(exponent_text, sizeof exponent_text, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    result += exponent_text;
  }
  return (negative ? "-" : "") + result;
}

std::string python_repr(const json::Value& value) {
  if (!value.present() || value.is_null()) return "None";
  if (auto flag = value.as_boolean()) return *flag ? "True" : "False";
  if (auto integer = value.as_integer()) return std::to_string(*integer);
  if (value.is_real()) return python_float(*value.as_number());
  if (auto text = value.as_string()) return repr_string(*text);
  std::string result;
  if (value.is_array()) {
    result = "[";
    bool first = true;
    for (const auto& element : value.elements()) {
      if (!first) result += ", ";
      result += python_repr(element);
      first = false;
    }
    return result + "]";
  }
  result = "{";
  bool first = true;
  for (const auto& [key, member] : value.items()) {
    if (!first) result += ", ";
    result += repr_string(key) + ": " + python_repr(member);
    first = false;
  }
  return result + "}";
}

bool python_equal(const json::Value& a, const json::Value& b) {
  bool a_none = !a.present() || a.is_null();
  bool b_none = !b.present() || b.is_null();
  if (a_none || b_none) return a_none && b_none;
  auto number = [](const json::Value& v) -> std::optional<double> {
    if (auto flag = v.as_boolean()) return *flag ? 1.0 : 0.0;
    return v.as_number();
  };
  if (auto x = number(a)) {
    auto y = number(b);
    return y && *x == *y;
  }
  if (a.is_string() || b.is_string()) return a.is_string() && b.is_string() && *a.as_string() == *b.as_string();
  if (a.is_array() || b.is_array()) {
    if (!a.is_array() || !b.is_array() || a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!python_equal(a.at(i), b.at(i))) return false;
    }
    return true;
  }
  if (!a.is_object() || !b.is_object() || a.size() != b.size()) return false;
  for (const auto& [key, value] : a.items()) {
    auto other = b.get(key);
    if (!other.present() || !python_equal(value, other)) return false;
  }
  return true;
}

json::Value or_empty(const json::Value& value) {
  bool falsy = !value.present() || value.is_null() || value.as_boolean() == false ||
               (value.is_number() && *value.as_number() == 0) || (value.is_string() && value.as_string()->empty()) ||
               ((value.is_array() || value.is_object()) && value.size() == 0);
  return falsy ? json::Value::string("") : value;
}

std::string python_str(const json::Value& value) {
  if (auto text = value.as_string()) return *text;
  return python_repr(value);
}

}  // namespace qta::model
