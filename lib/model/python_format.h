#pragma once
// Values in change descriptions, formatted the way Python's str() formats them, because v5.8.0 builds
// its descriptions with f-strings and existing databases (and clients comparing texts) hold that form:
// null → None, true → True, 1.0 → 1.0, ["a"] → ['a'], {"k": 1} → {'k': 1}; a string as it is.

#include <string>

#include "json/json.h"

namespace qta::model {

// str(value): strings unquoted, everything else as repr.
std::string python_str(const json::Value& value);
// repr(value): strings quoted ('x', or "x" when x holds ' but no "), with Python's escapes.
std::string python_repr(const json::Value& value);

// Python's == on JSON values: 1 == 1.0 == true, lists element by element, objects by key set and values.
bool python_equal(const json::Value& a, const json::Value& b);
// The value v5.8.0 compares and prints as "old": the stored value, or "" when it is missing or falsy.
json::Value or_empty(const json::Value& value);

}  // namespace qta::model
