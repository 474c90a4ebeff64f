#pragma once
// What the database can store of a JSON value from a client, checked before the value goes into a
// stored document, so that a client gets a clear 400 and nothing is written, instead of a failed write.
// MongoDB and FerretDB refuse keys that start with '$' or contain '.', BSON keys cannot hold NUL,
// FerretDB 1.x refuses arrays directly inside arrays, and MongoDB stores at most 100 levels of nesting.

#include <string>
#include <string_view>

#include "json/json.h"

namespace qta::db {

// The deepest a client value may nest (objects and arrays), leaving room for the levels of the stored
// document above it (report, subjects, metrics, sources, parameters, ...) within MongoDB's 100.
inline constexpr int kMaxValueDepth = 64;

// Why `key` cannot be a field name in a stored document ("" when it can). FerretDB (both handlers) writes
// a top-level field name into its JSON unescaped: a backslash, a double quote or a control character in
// one fails the write or, worse, makes the whole collection unreadable. No field name of Quality-time's
// documents holds them, so they are refused at every level of what clients send.
std::string key_problem(std::string_view key);
// The same without those three, for keys that are only ever nested (entity keys come from the sources
// measured and may hold any of them).
std::string nested_key_problem(std::string_view key);
// Why `value` cannot be stored as it is ("" when it can): the first unstorable key or nesting found.
std::string storage_problem(const json::Value& value);

}  // namespace qta::db
