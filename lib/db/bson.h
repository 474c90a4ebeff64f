#pragma once
// BSON documents, owned once, and their conversion to and from json::Value. bson.h stays in bson.cpp.
//
// Conversion keeps the stored types Quality-time's Python writes: integers become int32 when they fit
// and int64 otherwise, reals stay doubles. BSON types that JSON lacks use MongoDB's extended-JSON
// shapes, so a document survives a round trip: ObjectId <-> {"$oid": "<hex>"}, datetime <->
// {"$date": <milliseconds since the epoch>}. Other exotic types become null on the way out.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "json/json.h"

struct _bson_t;

namespace qta::db {

struct BsonDeleter {
  void operator()(_bson_t* document) const;
};
using BsonPtr = std::unique_ptr<_bson_t, BsonDeleter>;

// Builds a new BSON document from a JSON object. Throws std::invalid_argument for a non-object.
BsonPtr to_bson(const json::Value& object);
// Converts a BSON document to a JSON object.
json::Value to_json(const _bson_t* document);

// Extended-JSON helpers.
json::Value date_value(std::int64_t milliseconds_since_epoch);
std::optional<std::int64_t> date_milliseconds(const json::Value& value);  // of a {"$date": ms} value
// Replaces {"_id": {"$oid": "<hex>"}} by {"_id": "<hex>"}, as v5.8.0 answers documents.
void stringify_id(json::Value& document);

}  // namespace qta::db
