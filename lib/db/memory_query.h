#pragma once
// MongoDB's query language on json::Value documents, for MemoryDatabase: the subset the code uses.
//
// Documents hold ObjectIds and dates in their extended-JSON shapes ({"$oid": "<hex>"}, {"$date": ms}),
// as db::to_json makes them, and filters use the same shapes. Values compare in MongoDB's order of
// types (null or missing, numbers, strings, objects, arrays, ObjectIds, booleans, dates), numbers by
// value whatever their representation, strings by their bytes.
//
// Filters: equality (on dotted paths, through arrays, and as membership of an array), $eq, $ne, $in,
// $nin, $lt, $lte, $gt, $gte (on values of the same type), $exists, and $and, $or, $nor at the top level.
// Updates: $set, $unset, $inc and, on an upsert's insert, $setOnInsert. Anything else throws
// std::invalid_argument, where the server would answer an error.

#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace qta::db::memory {

// <0, 0 or >0 as `a` sorts before, with or after `b`.
int compare_values(const json::Value& a, const json::Value& b);

// The values a dotted path reaches in `document`: through objects, and into every element of an array
// (or the element at a numeric index). Empty when the path reaches nothing.
std::vector<json::Value> values_at(const json::Value& document, std::string_view path);

// True when `document` matches `filter` (absent or {} matches every document).
bool matches(const json::Value& document, const json::Value& filter);

// Sorts by a sort document ({"timestamp": -1, "_id": -1}); stable, so ties keep their order.
void sort_documents(std::vector<json::Value>& documents, const json::Value& sort);

// The document as a projection ({"a": 1, "b.c": 1} or {"a": 0, "b.c": 0}) shows it: a new value;
// `_id` stays unless the projection sets it to 0.
json::Value project(const json::Value& document, const json::Value& projection);

// Applies update operators to `document` in place; `inserting` for the document an upsert creates.
void apply_update(json::Value& document, const json::Value& update, bool inserting);

// The document an upsert starts from: the filter's equality conditions.
json::Value upsert_seed(const json::Value& filter);

// Dotted path helpers: sets (creating objects on the way) and removes one field.
void set_path(json::Value& document, std::string_view path, json::Value value);
void remove_path(json::Value& document, std::string_view path);

}  // namespace qta::db::memory
