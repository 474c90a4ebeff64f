// JSON <-> BSON conversion (lib/db/bson.*), both ways, on every input:
// - as JSON text: a converted document is well-formed BSON with valid UTF-8 and comes back as it went in
//   (exactly, when no key starts with '$'; else after one more round, as extended JSON normalises);
// - as BSON bytes (what the database could hand us): valid BSON converts without an error, and round-trips.
#include <bson/bson.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "db/bson.h"
#include "http/error.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

bool has_dollar_key(const json::Value& value) {
  for (const auto& [key, member] : value.items()) {
    if ((!key.empty() && key.front() == '$') || has_dollar_key(member)) return true;
  }
  for (const auto& element : value.elements()) {
    if (has_dollar_key(element)) return true;
  }
  return false;
}

// Converts, or returns an absent BsonPtr when the conversion refused the value as it may (a typed error).
db::BsonPtr converted(const json::Value& object) {
  try {
    return db::to_bson(object);
  } catch (const std::invalid_argument&) {
  } catch (const http::Error& error) {
    FUZZ_CHECK(error.code() == http::ErrorCode::kBadRequest);
    check_error_answer(error);
  }
  return nullptr;
}

// Well-formed BSON whose strings are UTF-8 (NUL included, which BSON strings may hold).
bool well_formed(const bson_t* document) {
  std::size_t offset = 0;
  auto flags = static_cast<bson_validate_flags_t>(BSON_VALIDATE_UTF8 | BSON_VALIDATE_UTF8_ALLOW_NULL);
  return bson_validate(document, flags, &offset);
}

// libbson's UTF-8 check lets some invalid bytes through, so keys and strings are checked here too.
bool strictly_utf8(bson_iter_t* iter) {
  while (bson_iter_next(iter)) {
    if (!is_valid_utf8(bson_iter_key(iter))) return false;
    if (BSON_ITER_HOLDS_UTF8(iter)) {
      std::uint32_t length = 0;
      const char* text = bson_iter_utf8(iter, &length);
      if (!is_valid_utf8(std::string_view(text, length))) return false;
    }
    bson_iter_t child;
    if ((BSON_ITER_HOLDS_DOCUMENT(iter) || BSON_ITER_HOLDS_ARRAY(iter)) && bson_iter_recurse(iter, &child) &&
        !strictly_utf8(&child)) {
      return false;
    }
  }
  return true;
}

bool strictly_utf8(const bson_t* document) {
  bson_iter_t iter;
  return bson_iter_init(&iter, document) && strictly_utf8(&iter);
}

void check_json(std::string_view text) {
  json::Value value;
  try {
    value = json::Value::parse(text);
  } catch (const json::ParseError&) {
    return;
  }
  if (!value.is_object()) {
    try {
      db::to_bson(value);
      FUZZ_CHECK(!"only an object becomes a BSON document");
    } catch (const std::invalid_argument&) {
    }
    return;
  }
  db::BsonPtr document = converted(value);
  if (!document) return;
  FUZZ_CHECK(well_formed(document.get()) && strictly_utf8(document.get()));
  json::Value back = db::to_json(document.get());
  if (!has_dollar_key(value)) FUZZ_CHECK(back == value);
  db::BsonPtr again = converted(back);
  FUZZ_CHECK(again != nullptr);
  FUZZ_CHECK(db::to_json(again.get()) == back);
}

void check_bson(std::string_view bytes) {
  bson_t document;
  if (!bson_init_static(&document, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size())) return;
  if (!well_formed(&document) || !strictly_utf8(&document)) {
    // Damaged or not UTF-8: the database should never send this; converting it may fail, but only with an
    // exception.
    try {
      db::to_json(&document);
    } catch (const std::exception&) {
    }
    return;
  }
  json::Value value = db::to_json(&document);
  FUZZ_CHECK(value.is_object());
  FUZZ_CHECK(is_valid_utf8(value.dump()));
  db::BsonPtr again = converted(value);
  if (!again) return;  // e.g. a string {"$oid": "x"} stored by another client
  json::Value back = db::to_json(again.get());
  FUZZ_CHECK(back == value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  check_json(input);
  check_bson(input);
  return 0;
}
