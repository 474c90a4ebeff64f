// JSON <-> BSON conversion over libbson iterators.
#include "db/bson.h"

#include <bson/bson.h>

#include <limits>
#include <stdexcept>

namespace qta::db {

void BsonDeleter::operator()(bson_t* document) const { bson_destroy(document); }

namespace {

// Whether {"$oid": ...} and {"$date": ...} in a value are BSON types (see bson.h).
enum class Shapes {
  kTyped,    // our own filters and commands; the typed fields of stored data
  kFields,   // the top level of stored data or an update operator's operand: depends on the field
  kLiteral,  // stored data: the JSON as it is
};

// The fields of stored data that hold BSON types JSON lacks.
bool typed_field(std::string_view key) { return key == "_id" || key == "session_expiration_datetime"; }

Shapes member_shapes(Shapes parent, std::string_view key) {
  if (parent != Shapes::kFields) return parent;
  if (key.starts_with('$')) return Shapes::kFields;  // $set, $setOnInsert, $unset: operands are fields
  return typed_field(key) ? Shapes::kTyped : Shapes::kLiteral;
}

void appended(bool ok, std::string_view key) {
  if (!ok) throw std::invalid_argument("BSON cannot hold the field '" + std::string(key) + "'");
}

void append_value(bson_t* target, std::string_view key, const json::Value& value, Shapes shapes);

bool is_single_key(const json::Value& value, const char* key) {
  return value.is_object() && value.size() == 1 && value.get(key).present();
}

void append_object(bson_t* target, const json::Value& object, Shapes shapes) {
  for (const auto& [key, member] : object.items())
    append_value(target, key, member, member_shapes(shapes, key));
}

void append_value(bson_t* target, std::string_view key, const json::Value& value, Shapes shapes) {
  const char* k = key.data();
  int length = static_cast<int>(key.size());
  bool typed = shapes == Shapes::kTyped;
  if (typed && is_single_key(value, "$oid") && value.get("$oid").is_string()) {
    bson_oid_t oid;
    std::string hex = *value.get("$oid").as_string();
    if (!bson_oid_is_valid(hex.c_str(), hex.size())) throw std::invalid_argument("invalid ObjectId: " + hex);
    bson_oid_init_from_string(&oid, hex.c_str());
    appended(bson_append_oid(target, k, length, &oid), key);
  } else if (typed && is_single_key(value, "$date") && value.get("$date").is_integer()) {
    appended(bson_append_date_time(target, k, length, *value.get("$date").as_integer()), key);
  } else if (value.is_object()) {
    bson_t child;
    appended(bson_append_document_begin(target, k, length, &child), key);
    append_object(&child, value, shapes);
    appended(bson_append_document_end(target, &child), key);
  } else if (value.is_array()) {
    bson_t child;
    appended(bson_append_array_begin(target, k, length, &child), key);
    std::size_t index = 0;
    for (const auto& element : value.elements())
      append_value(&child, std::to_string(index++), element, shapes);
    appended(bson_append_array_end(target, &child), key);
  } else if (value.is_string()) {
    std::string text = *value.as_string();
    appended(bson_append_utf8(target, k, length, text.data(), static_cast<int>(text.size())), key);
  } else if (value.is_integer()) {
    std::int64_t number = *value.as_integer();
    if (number >= std::numeric_limits<std::int32_t>::min() &&
        number <= std::numeric_limits<std::int32_t>::max()) {
      appended(bson_append_int32(target, k, length, static_cast<std::int32_t>(number)), key);
    } else {
      appended(bson_append_int64(target, k, length, number), key);
    }
  } else if (value.is_real()) {
    appended(bson_append_double(target, k, length, *value.as_number()), key);
  } else if (value.is_boolean()) {
    appended(bson_append_bool(target, k, length, *value.as_boolean()), key);
  } else {
    appended(bson_append_null(target, k, length), key);
  }
}

json::Value iter_value(bson_iter_t* iter);

json::Value iter_document(bson_iter_t* iter, bool as_array) {
  bson_iter_t child;
  if (!bson_iter_recurse(iter, &child)) return as_array ? json::Value::array() : json::Value::object();
  auto result = as_array ? json::Value::array() : json::Value::object();
  while (bson_iter_next(&child)) {
    if (as_array) {
      result.append(iter_value(&child));
    } else {
      result.set(bson_iter_key(&child), iter_value(&child));
    }
  }
  return result;
}

json::Value iter_value(bson_iter_t* iter) {
  switch (bson_iter_type(iter)) {
    case BSON_TYPE_DOCUMENT:
      return iter_document(iter, false);
    case BSON_TYPE_ARRAY:
      return iter_document(iter, true);
    case BSON_TYPE_UTF8: {
      uint32_t length = 0;
      const char* text = bson_iter_utf8(iter, &length);
      return json::Value::string(std::string_view(text, length));
    }
    case BSON_TYPE_INT32:
      return json::Value::integer(bson_iter_int32(iter));
    case BSON_TYPE_INT64:
      return json::Value::integer(bson_iter_int64(iter));
    case BSON_TYPE_DOUBLE:
      return json::Value::real(bson_iter_double(iter));
    case BSON_TYPE_BOOL:
      return json::Value::boolean(bson_iter_bool(iter));
    case BSON_TYPE_OID: {
      char hex[25];
      bson_oid_to_string(bson_iter_oid(iter), hex);
      auto oid = json::Value::object();
      oid.set("$oid", json::Value::string(hex));
      return oid;
    }
    case BSON_TYPE_DATE_TIME:
      return date_value(bson_iter_date_time(iter));
    default:
      return json::Value::null();
  }
}

}  // namespace

namespace {
BsonPtr document_of(const json::Value& object, Shapes shapes) {
  if (!object.is_object()) throw std::invalid_argument("a BSON document must be made from a JSON object");
  // Through a bson_t* (128-byte aligned) rather than BsonPtr's _bson_t*, which clang would warn about.
  bson_t* raw = bson_new();
  BsonPtr document(raw);
  append_object(raw, object, shapes);
  return document;
}
}  // namespace

BsonPtr to_bson(const json::Value& object) { return document_of(object, Shapes::kTyped); }
BsonPtr to_stored_bson(const json::Value& object) { return document_of(object, Shapes::kFields); }

json::Value to_json(const bson_t* document) {
  auto result = json::Value::object();
  bson_iter_t iter;
  if (document == nullptr || !bson_iter_init(&iter, document)) return result;
  while (bson_iter_next(&iter)) result.set(bson_iter_key(&iter), iter_value(&iter));
  return result;
}

json::Value date_value(std::int64_t milliseconds_since_epoch) {
  auto date = json::Value::object();
  date.set("$date", json::Value::integer(milliseconds_since_epoch));
  return date;
}

std::optional<std::int64_t> date_milliseconds(const json::Value& value) {
  if (!is_single_key(value, "$date")) return std::nullopt;
  return value.get("$date").as_integer();
}

void stringify_id(json::Value& document) {
  auto id = document.get("_id");
  if (is_single_key(id, "$oid")) document.set("_id", id.get("$oid"));
}

bool is_later_document(const json::Value& document, const json::Value& other, const char* time_field) {
  std::string time = document.get_string(time_field);
  std::string other_time = other.get_string(time_field);
  if (time != other_time) return time > other_time;
  // ObjectIds as lower-case hex of fixed length sort as their bytes do.
  return document.get("_id").get_string("$oid") > other.get("_id").get_string("$oid");
}

}  // namespace qta::db
