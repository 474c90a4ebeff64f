// Checks of client values against what the database stores.
#include "db/storable.h"

namespace qta::db {

namespace {

// Keys are shown in messages; a hostile one can be a megabyte long.
std::string shown(std::string_view key) {
  constexpr std::size_t kShown = 40;
  return key.size() <= kShown ? std::string(key) : std::string(key.substr(0, kShown)) + "...";
}

std::string problem_in(const json::Value& value, int depth) {
  if (!value.is_object() && !value.is_array()) return "";
  if (depth > kMaxValueDepth) return "it nests deeper than " + std::to_string(kMaxValueDepth) + " levels";
  if (value.is_array()) {
    for (const auto& element : value.elements()) {
      if (element.is_array()) return "it has a list directly inside a list, which cannot be stored";
      if (auto problem = problem_in(element, depth + 1); !problem.empty()) return problem;
    }
    return "";
  }
  for (const auto& [key, member] : value.items()) {
    if (auto problem = key_problem(key); !problem.empty()) return problem;
    if (auto problem = problem_in(member, depth + 1); !problem.empty()) return problem;
  }
  return "";
}

}  // namespace

std::string nested_key_problem(std::string_view key) {
  if (key.empty()) return "it has an empty key";
  if (key.front() == '$') return "the key '" + shown(key) + "' starts with '$'";
  if (key.find('.') != std::string_view::npos) return "the key '" + shown(key) + "' contains '.'";
  if (key.find('\0') != std::string_view::npos)
    return "the key '" + shown(key) + "' contains a NUL character";
  return "";
}

std::string key_problem(std::string_view key) {
  if (auto problem = nested_key_problem(key); !problem.empty()) return problem;
  for (char c : key) {
    if (c == '\\' || c == '"') return "the key '" + shown(key) + "' contains '" + c + "'";
    if (static_cast<unsigned char>(c) < 0x20)
      return "the key '" + shown(key) + "' contains a control character";
  }
  return "";
}

std::string storage_problem(const json::Value& value) { return problem_in(value, 1); }

}  // namespace qta::db
