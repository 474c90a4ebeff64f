#include "db/bson.h"

#include <gtest/gtest.h>

namespace qta::db {

TEST(Bson, RoundTripKeepsStructureAndTypes) {
  auto original = json::Value::parse(
      R"({"s": "text", "i": 42, "big": 4294967296, "r": 1.0, "b": false, "n": null,
          "o": {"nested": [1, "two", {"three": 3}]}, "list": []})");
  auto back = to_json(to_bson(original).get());
  EXPECT_EQ(back.dump(), original.dump());
}

TEST(Bson, ExtendedJsonObjectIdAndDateRoundTrip) {
  auto original = json::Value::parse(R"({"_id": {"$oid": "65d4c0ffee0123456789abcd"}, "when": {"$date": 1700000000123}})");
  auto back = to_json(to_bson(original).get());
  EXPECT_EQ(back.get("_id").get_string("$oid"), "65d4c0ffee0123456789abcd");
  EXPECT_EQ(date_milliseconds(back.get("when")), 1700000000123);
  stringify_id(back);
  EXPECT_EQ(back.get_string("_id"), "65d4c0ffee0123456789abcd");
}

TEST(Bson, InvalidObjectIdIsRejected) {
  EXPECT_THROW(to_bson(json::Value::parse(R"({"_id": {"$oid": "nothex"}})")), std::invalid_argument);
}

TEST(Bson, OnlyObjectsBecomeDocuments) {
  EXPECT_THROW(to_bson(json::Value::array()), std::invalid_argument);
}

}  // namespace qta::db
