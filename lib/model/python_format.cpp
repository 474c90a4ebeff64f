// Python str()/repr() and == of JSON values, built on the text rules of text/python_format.h.
#include "model/python_format.h"

#include <optional>

#include "text/python_format.h"

namespace qta::model {

std::string python_str(const json::Value& value) {
  if (value.is_string()) return *value.as_string();
  if (value.is_integer()) return std::to_string(*value.as_integer());
  if (value.is_real()) return text::python_float_repr(*value.as_number());
  if (value.is_boolean()) return *value.as_boolean() ? "True" : "False";
  if (value.is_array()) {
    std::string elements;
    for (const auto& element : value.elements()) {
      elements += (elements.empty() ? "" : ", ") + python_repr(element);
    }
    return "[" + elements + "]";
  }
  if (value.is_object()) {
    std::string items;
    for (const auto& [key, member] : value.items()) {
      items += (items.empty() ? "" : ", ") + text::python_repr(key) + ": " + python_repr(member);
    }
    return "{" + items + "}";
  }
  return "None";
}

std::string python_repr(const json::Value& value) {
  if (auto string = value.as_string()) return text::python_repr(*string);
  return python_str(value);
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
  if (a.is_string() || b.is_string())
    return a.is_string() && b.is_string() && *a.as_string() == *b.as_string();
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
               (value.is_number() && *value.as_number() == 0) ||
               (value.is_string() && value.as_string()->empty()) ||
               ((value.is_array() || value.is_object()) && value.size() == 0);
  return falsy ? json::Value::string("") : value;
}

}  // namespace qta::model
