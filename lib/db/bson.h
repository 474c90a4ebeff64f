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

// Builds a BSON document from a JSON object that our own code made: a filter, sort, projection,
// option set or command. The extended-JSON shapes become BSON types wherever they appear.
// Throws std::invalid_argument for a non-object, a malformed ObjectId or what BSON cannot hold (a key
// with a NUL byte, a document over 2 GiB).
BsonPtr to_bson(const json::Value& object);
// Builds a BSON document from stored data: a document to insert or replace, or an update ($set ...).
// Every JSON object becomes a document whatever its keys, so a user value such as {"$oid": "x"} is
// never taken for a BSON type (the database then refuses its '$' key rather than storing something
// else). Only the fields that hold types JSON lacks are converted: `_id` (ObjectId) and
// `session_expiration_datetime` (datetime), at the top level or under an update operator.
BsonPtr to_stored_bson(const json::Value& object);
// Converts a BSON document to a JSON object.
json::Value to_json(const _bson_t* document);

// Extended-JSON helpers.
json::Value date_value(std::int64_t milliseconds_since_epoch);
std::optional<std::int64_t> date_milliseconds(const json::Value& value);  // of a {"$date": ms} value
// Replaces {"_id": {"$oid": "<hex>"}} by {"_id": "<hex>"}, as v5.8.0 answers documents.
void stringify_id(json::Value& document);

// True when `document` comes after `other`: a later ISO timestamp in `time_field`, or the same one and a
// higher ObjectId (stored data has one-second timestamps; the ObjectId breaks the tie).
bool is_later_document(const json::Value& document, const json::Value& other, const char* time_field);

}  // namespace qta::db
