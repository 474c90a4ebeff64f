#include "db/bson.h"

#include <bson/bson.h>
#include <gtest/gtest.h>

namespace qta::db {

namespace {
bson_type_t type_of(const bson_t* document, const char* dotted_key) {
  bson_iter_t iter, found;
  if (!bson_iter_init(&iter, document) || !bson_iter_find_descendant(&iter, dotted_key, &found))
    return BSON_TYPE_EOD;
  return bson_iter_type(&found);
}
}  // namespace

TEST(Bson, RoundTripKeepsStructureAndTypes) {
  auto original = json::Value::parse(
      R"({"s": "text", "i": 42, "big": 4294967296, "r": 1.0, "b": false, "n": null,
          "o": {"nested": [1, "two", {"three": 3}]}, "list": []})");
  auto back = to_json(to_bson(original).get());
  EXPECT_EQ(back.dump(), original.dump());
}

TEST(Bson, ExtendedJsonObjectIdAndDateRoundTrip) {
  auto original = json::Value::parse(
      R"({"_id": {"$oid": "65d4c0ffee0123456789abcd"}, "when": {"$date": 1700000000123}})");
  auto back = to_json(to_bson(original).get());
  EXPECT_EQ(back.get("_id").get_string("$oid"), "65d4c0ffee0123456789abcd");
  EXPECT_EQ(date_milliseconds(back.get("when")), 1700000000123);
  stringify_id(back);
  EXPECT_EQ(back.get_string("_id"), "65d4c0ffee0123456789abcd");
}

TEST(Bson, InvalidObjectIdIsRejected) {
  EXPECT_THROW(to_bson(json::Value::parse(R"({"_id": {"$oid": "nothex"}})")), std::invalid_argument);
}

TEST(Bson, StoredDataKeepsUserValuesAsTheJsonTheyAre) {
  auto document = json::Value::parse(
      R"({"title": {"$oid": "65d4c0ffee0123456789abcd"}, "sub": {"when": {"$date": 1}}, "bad": {"$oid": "x"}})");
  auto stored = to_stored_bson(document);
  EXPECT_EQ(to_json(stored.get()).dump(), document.dump())
      << "documents, not an ObjectId, a date or an exception";
  EXPECT_EQ(type_of(stored.get(), "title"), BSON_TYPE_DOCUMENT);
  auto filter = json::Value::parse(R"({"title": {"$oid": "65d4c0ffee0123456789abcd"}})");
  EXPECT_EQ(type_of(to_bson(filter).get(), "title"), BSON_TYPE_OID)
      << "our own filters keep the extended-JSON types";
}

TEST(Bson, StoredDataConvertsOnlyTheTypedFields) {
  auto document = json::Value::parse(
      R"({"_id": {"$oid": "65d4c0ffee0123456789abcd"}, "session_expiration_datetime": {"$date": 1700000000123}})");
  auto back = to_json(to_stored_bson(document).get());
  EXPECT_EQ(back.dump(), document.dump());
  // An update: the operator's operands are fields too.
  auto update = json::Value::parse(
      R"({"$set": {"session_expiration_datetime": {"$date": 5}, "settings": {"x": {"$date": 5}}}})");
  auto stored = to_json(to_stored_bson(update).get());
  EXPECT_EQ(stored.get("$set").get("settings").get("x").dump(), R"({"$date":5})");
  EXPECT_EQ(type_of(to_stored_bson(update).get(), "$set.session_expiration_datetime"), BSON_TYPE_DATE_TIME);
  EXPECT_EQ(type_of(to_stored_bson(update).get(), "$set.settings.x"), BSON_TYPE_DOCUMENT);
  EXPECT_EQ(type_of(to_stored_bson(document).get(), "_id"), BSON_TYPE_OID);
  EXPECT_THROW(to_stored_bson(json::Value::parse(R"({"_id": {"$oid": "nothex"}})")), std::invalid_argument);
}

TEST(Bson, KeysThatBsonCannotHoldAreRefused) {
  auto document = json::Value::object();
  document.set(std::string("a\0b", 3), json::Value::integer(1));
  EXPECT_THROW(to_stored_bson(document), std::invalid_argument);
}

TEST(Bson, OnlyObjectsBecomeDocuments) { EXPECT_THROW(to_bson(json::Value::array()), std::invalid_argument); }

}  // namespace qta::db
