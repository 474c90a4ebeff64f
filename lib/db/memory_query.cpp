// MongoDB's filters, sorts, projections and updates on json::Value documents, for MemoryDatabase.
#include "db/memory_query.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>

namespace qta::db::memory {

namespace {

// MongoDB's order of types; a missing value sorts as null.
enum class Kind { kNull, kNumber, kString, kObject, kArray, kObjectId, kBoolean, kDate };

bool is_single_key(const json::Value& value, const char* key) {
  return value.is_object() && value.size() == 1 && value.get(key).present();
}

bool is_object_id(const json::Value& value) {
  return is_single_key(value, "$oid") && value.get("$oid").is_string();
}
bool is_date(const json::Value& value) {
  return is_single_key(value, "$date") && value.get("$date").is_integer();
}

Kind kind_of(const json::Value& value) {
  if (!value.present() || value.is_null()) return Kind::kNull;
  if (value.is_number()) return Kind::kNumber;
  if (value.is_string()) return Kind::kString;
  if (value.is_boolean()) return Kind::kBoolean;
  if (value.is_array()) return Kind::kArray;
  if (is_object_id(value)) return Kind::kObjectId;
  if (is_date(value)) return Kind::kDate;
  return Kind::kObject;
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto dot = path.find('.', start);
    parts.emplace_back(
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

std::optional<std::size_t> array_index(const std::string& part) {
  std::size_t index = 0;
  auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), index);
  if (error != std::errc() || end != part.data() + part.size() || part.empty()) return std::nullopt;
  return index;
}

void collect(const json::Value& value, const std::vector<std::string>& parts, std::size_t at,
             std::vector<json::Value>& found) {
  if (at == parts.size()) {
    found.push_back(value);
    return;
  }
  if (value.is_object()) {
    if (auto member = value.get(parts[at]); member.present()) collect(member, parts, at + 1, found);
  } else if (value.is_array()) {
    if (auto index = array_index(parts[at]); index && *index < value.size())
      collect(value.at(*index), parts, at + 1, found);
    for (const auto& element : value.elements()) {
      if (element.is_object()) collect(element, parts, at, found);
    }
  }
}

// An object of query operators ({"$in": [...]}), as opposed to a value to compare with.
bool is_operator_object(const json::Value& value) {
  if (!value.is_object() || value.size() == 0 || is_object_id(value) || is_date(value)) return false;
  return value.items().front().first.starts_with('$');
}

bool equals_any(const std::vector<json::Value>& values, const json::Value& target) {
  // A missing field equals null.
  if (values.empty()) return kind_of(target) == Kind::kNull;
  for (const auto& value : values) {
    if (compare_values(value, target) == 0) return true;
    if (value.is_array()) {
      for (const auto& element : value.elements()) {
        if (compare_values(element, target) == 0) return true;
      }
    }
  }
  return false;
}

// Range operators compare values of the same type only (numbers with numbers, strings with strings).
bool in_range(const std::vector<json::Value>& values, const std::string& operation,
              const json::Value& bound) {
  auto holds = [&](const json::Value& value) {
    if (kind_of(value) != kind_of(bound)) return false;
    int order = compare_values(value, bound);
    if (operation == "$lt") return order < 0;
    if (operation == "$lte") return order <= 0;
    if (operation == "$gt") return order > 0;
    return order >= 0;
  };
  for (const auto& value : values) {
    if (holds(value)) return true;
    if (value.is_array()) {
      for (const auto& element : value.elements()) {
        if (holds(element)) return true;
      }
    }
  }
  return false;
}

bool truthy(const json::Value& value) {
  if (value.is_boolean()) return *value.as_boolean();
  if (value.is_number()) return *value.as_number() != 0;
  return value.present() && !value.is_null();
}

bool any_of_list(const std::vector<json::Value>& values, const json::Value& list,
                 const std::string& operation) {
  if (!list.is_array()) throw std::invalid_argument(operation + " needs an array");
  for (const auto& candidate : list.elements()) {
    if (equals_any(values, candidate)) return true;
  }
  return false;
}

bool condition_holds(const std::vector<json::Value>& values, const json::Value& condition) {
  if (!is_operator_object(condition)) return equals_any(values, condition);
  for (const auto& [operation, operand] : condition.items()) {
    bool holds;
    if (operation == "$eq") {
      holds = equals_any(values, operand);
    } else if (operation == "$ne") {
      holds = !equals_any(values, operand);
    } else if (operation == "$in") {
      holds = any_of_list(values, operand, operation);
    } else if (operation == "$nin") {
      holds = !any_of_list(values, operand, operation);
    } else if (operation == "$lt" || operation == "$lte" || operation == "$gt" || operation == "$gte") {
      holds = in_range(values, operation, operand);
    } else if (operation == "$exists") {
      holds = values.empty() != truthy(operand);
    } else {
      throw std::invalid_argument("unknown query operator " + operation);
    }
    if (!holds) return false;
  }
  return true;
}

json::Value sort_key(const json::Value& document, const std::string& path) {
  auto values = values_at(document, path);
  return values.empty() ? json::Value::null() : values.front();
}

using Paths = std::vector<std::vector<std::string>>;

// The paths that continue below `key`, without it; `whole` when one of them ends at `key`.
Paths below(const Paths& paths, const std::string& key, bool& whole) {
  Paths rest;
  whole = false;
  for (const auto& path : paths) {
    if (path.front() != key) continue;
    if (path.size() == 1) {
      whole = true;
    } else {
      rest.emplace_back(path.begin() + 1, path.end());
    }
  }
  return rest;
}

json::Value include(const json::Value& value, const Paths& paths);

json::Value include_in_object(const json::Value& object, const Paths& paths) {
  auto result = json::Value::object();
  for (const auto& [key, member] : object.items()) {
    bool whole = false;
    Paths rest = below(paths, key, whole);
    if (whole) {
      result.set(key, member.deep_copy());
    } else if (!rest.empty() && (member.is_object() || member.is_array())) {
      result.set(key, include(member, rest));
    }
  }
  return result;
}

// Inclusion below a dotted path: objects keep the included fields; arrays keep their objects so shown.
json::Value include(const json::Value& value, const Paths& paths) {
  if (value.is_object()) return include_in_object(value, paths);
  auto result = json::Value::array();
  for (const auto& element : value.elements()) {
    if (element.is_object()) result.append(include_in_object(element, paths));
  }
  return result;
}

json::Value exclude(const json::Value& value, const Paths& paths) {
  if (value.is_array()) {
    auto result = json::Value::array();
    for (const auto& element : value.elements()) result.append(exclude(element, paths));
    return result;
  }
  if (!value.is_object()) return value.deep_copy();
  auto result = json::Value::object();
  for (const auto& [key, member] : value.items()) {
    bool whole = false;
    Paths rest = below(paths, key, whole);
    if (whole) continue;
    result.set(key, rest.empty() ? member.deep_copy() : exclude(member, rest));
  }
  return result;
}

json::Value number_sum(const json::Value& a, const json::Value& b) {
  if (a.is_integer() && b.is_integer()) return json::Value::integer(*a.as_integer() + *b.as_integer());
  return json::Value::real(*a.as_number() + *b.as_number());
}

// The object that holds the last part of `parts`; created on the way when `create`, else absent.
json::Value parent_of(json::Value& document, const std::vector<std::string>& parts, bool create) {
  json::Value parent = document;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    auto child = parent.get(parts[i]);
    if (!child.present() && create) {
      parent.set(parts[i], json::Value::object());
      child = parent.get(parts[i]);
    }
    if (!child.is_object()) {
      if (child.present() && create) throw std::invalid_argument("cannot create a field inside " + parts[i]);
      return json::Value();
    }
    parent = child;
  }
  return parent;
}

}  // namespace

int compare_values(const json::Value& a, const json::Value& b) {
  Kind kind = kind_of(a);
  if (kind != kind_of(b)) return three_way(static_cast<int>(kind), static_cast<int>(kind_of(b)));
  switch (kind) {
    case Kind::kNull:
      return 0;
    case Kind::kNumber:
      if (a.is_integer() && b.is_integer()) return three_way(*a.as_integer(), *b.as_integer());
      return three_way(*a.as_number(), *b.as_number());
    case Kind::kString:
      return three_way(*a.as_string(), *b.as_string());
    case Kind::kBoolean:
      return three_way(*a.as_boolean(), *b.as_boolean());
    // ObjectIds as lower-case hex of fixed length sort as their bytes do.
    case Kind::kObjectId:
      return three_way(a.get_string("$oid"), b.get_string("$oid"));
    case Kind::kDate:
      return three_way(*a.get("$date").as_integer(), *b.get("$date").as_integer());
    case Kind::kArray: {
      auto left = a.elements();
      auto right = b.elements();
      for (std::size_t i = 0; i < left.size() && i < right.size(); ++i) {
        if (int order = compare_values(left[i], right[i]); order != 0) return order;
      }
      return three_way(left.size(), right.size());
    }
    case Kind::kObject: {
      auto left = a.items();
      auto right = b.items();
      for (std::size_t i = 0; i < left.size() && i < right.size(); ++i) {
        if (int order = three_way(left[i].first, right[i].first); order != 0) return order;
        if (int order = compare_values(left[i].second, right[i].second); order != 0) return order;
      }
      return three_way(left.size(), right.size());
    }
  }
  return 0;
}

std::vector<json::Value> values_at(const json::Value& document, std::string_view path) {
  std::vector<json::Value> found;
  collect(document, split_path(path), 0, found);
  return found;
}

bool matches(const json::Value& document, const json::Value& filter) {
  if (!filter.present()) return true;
  if (!filter.is_object()) throw std::invalid_argument("a filter must be an object");
  for (const auto& [key, condition] : filter.items()) {
    if (key == "$and" || key == "$or" || key == "$nor") {
      if (!condition.is_array() || condition.size() == 0)
        throw std::invalid_argument(key + " needs a non-empty array");
      std::size_t matched = 0;
      for (const auto& clause : condition.elements()) matched += matches(document, clause) ? 1 : 0;
      bool holds = key == "$and" ? matched == condition.size() : (key == "$or" ? matched > 0 : matched == 0);
      if (!holds) return false;
    } else if (key.starts_with('$')) {
      throw std::invalid_argument("unknown top-level operator " + key);
    } else if (!condition_holds(values_at(document, key), condition)) {
      return false;
    }
  }
  return true;
}

void sort_documents(std::vector<json::Value>& documents, const json::Value& sort) {
  if (!sort.present() || sort.size() == 0) return;
  std::vector<std::pair<std::string, bool>> keys;  // path, descending
  for (const auto& [path, direction] : sort.items()) {
    if (!direction.is_number()) throw std::invalid_argument("a sort direction must be 1 or -1");
    keys.emplace_back(path, *direction.as_number() < 0);
  }
  std::stable_sort(documents.begin(), documents.end(), [&](const json::Value& a, const json::Value& b) {
    for (const auto& [path, descending] : keys) {
      int order = compare_values(sort_key(a, path), sort_key(b, path));
      if (order != 0) return descending ? order > 0 : order < 0;
    }
    return false;
  });
}

json::Value project(const json::Value& document, const json::Value& projection) {
  if (!projection.present() || projection.size() == 0) return document.deep_copy();
  bool keep_id = true;
  bool inclusion = false;
  Paths included;
  Paths excluded;
  for (const auto& [path, shown] : projection.items()) {
    if (path == "_id") {
      keep_id = truthy(shown);
      continue;
    }
    (truthy(shown) ? included : excluded).push_back(split_path(path));
    inclusion |= truthy(shown);
  }
  if (!included.empty() && !excluded.empty()) {
    throw std::invalid_argument("a projection cannot both include and exclude fields");
  }
  if (inclusion) {
    auto paths = included;
    if (keep_id) paths.push_back({"_id"});
    return include_in_object(document, paths);
  }
  if (!keep_id) excluded.push_back({"_id"});
  return exclude(document, excluded);
}

void set_path(json::Value& document, std::string_view path, json::Value value) {
  auto parts = split_path(path);
  parent_of(document, parts, true).set(parts.back(), std::move(value));
}

void remove_path(json::Value& document, std::string_view path) {
  auto parts = split_path(path);
  if (auto parent = parent_of(document, parts, false); parent.present()) parent.erase(parts.back());
}

void apply_update(json::Value& document, const json::Value& update, bool inserting) {
  if (!update.is_object() || update.size() == 0)
    throw std::invalid_argument("an update must be a non-empty object");
  for (const auto& [operation, fields] : update.items()) {
    if (!fields.is_object()) throw std::invalid_argument(operation + " needs an object");
    for (const auto& [path, operand] : fields.items()) {
      if (operation == "$set" || (operation == "$setOnInsert" && inserting)) {
        set_path(document, path, operand.deep_copy());
      } else if (operation == "$setOnInsert") {
        continue;
      } else if (operation == "$unset") {
        remove_path(document, path);
      } else if (operation == "$inc") {
        auto current = values_at(document, path);
        if (!operand.is_number() || (!current.empty() && !current.front().is_number())) {
          throw std::invalid_argument("$inc on a value that is no number: " + path);
        }
        set_path(document, path,
                 current.empty() ? operand.deep_copy() : number_sum(current.front(), operand));
      } else {
        throw std::invalid_argument("unknown update operator " + operation);
      }
    }
  }
}

json::Value upsert_seed(const json::Value& filter) {
  auto seed = json::Value::object();
  if (!filter.present()) return seed;
  for (const auto& [key, condition] : filter.items()) {
    if (key.starts_with('$')) continue;
    if (!is_operator_object(condition)) {
      set_path(seed, key, condition.deep_copy());
    } else if (auto equal = condition.get("$eq"); equal.present()) {
      set_path(seed, key, equal.deep_copy());
    }
  }
  return seed;
}

}  // namespace qta::db::memory
