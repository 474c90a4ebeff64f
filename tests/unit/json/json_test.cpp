#include "json/json.h"

#include <gtest/gtest.h>

namespace qta::json {

TEST(JsonValue, ParsesAndDumpsCompactlyKeepingTypes) {
  auto value = Value::parse(R"({"a": 1, "b": [true, null, 1.0, "é"]})");
  EXPECT_EQ(value.dump(), R"({"a":1,"b":[true,null,1.0,"é"]})");
}

TEST(JsonValue, KeepsInsertionOrderAndReplacesInPlace) {
  auto object = Value::object();
  object.set("z", Value::integer(1));
  object.set("a", Value::integer(2));
  object.set("z", Value::integer(3));
  EXPECT_EQ(object.dump(), R"({"z":3,"a":2})");
}

TEST(JsonValue, MalformedTextThrowsParseErrorWithPosition) {
  try {
    Value::parse("{\"a\": }");
    FAIL() << "no exception";
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find("line 1"), std::string::npos);
  }
}

TEST(JsonValue, MissingKeyIsAbsentNotNull) {
  auto object = Value::parse(R"({"n": null})");
  EXPECT_FALSE(object.get("missing").present());
  EXPECT_TRUE(object.get("n").present());
  EXPECT_TRUE(object.get("n").is_null());
  EXPECT_EQ(object.get_string("missing", "fallback"), "fallback");
}

TEST(JsonValue, CopiesShareAndDeepCopiesDoNot) {
  auto original = Value::object();
  Value shared = original;
  Value copied = original.deep_copy();
  original.set("k", Value::string("v"));
  EXPECT_EQ(shared.get_string("k"), "v");
  EXPECT_FALSE(copied.get("k").present());
}

TEST(JsonValue, ScalarAccessorsCheckTypes) {
  EXPECT_EQ(Value::integer(7).as_integer(), 7);
  EXPECT_FALSE(Value::string("7").as_integer().has_value());
  EXPECT_EQ(Value::real(1.5).as_number(), 1.5);
  EXPECT_EQ(Value::boolean(true).as_boolean(), true);
  EXPECT_TRUE(Value::real(0.0 / 0.0).is_null()) << "NaN cannot be JSON";
}

TEST(JsonValue, SetOnNonObjectIsALogicError) {
  auto array = Value::array();
  EXPECT_THROW(array.set("k", Value::null()), std::logic_error);
}

TEST(JsonValue, TextThatIsNotUtf8IsRepairedNotRefused) {
  EXPECT_EQ(Value::string("logo \xFF").dump(), "\"logo \xEF\xBF\xBD\"");
  EXPECT_EQ(Value::string(std::string("nul \0 kept", 10)).dump(), "\"nul \\u0000 kept\"");
  auto object = Value::object();
  object.set("\xC0\xAF", Value::integer(1));
  EXPECT_EQ(object.dump(), "{\"\xEF\xBF\xBD\xEF\xBF\xBD\":1}");
  EXPECT_NO_THROW(Value::parse(object.dump()));
}

}  // namespace qta::json
