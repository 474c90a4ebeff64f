#include "json/json.h"

#include <gtest/gtest.h>

TEST(JsonValue, ParsesAndDumpsCompactly) {
  auto value = qta::json::Value::parse(R"({"a": 1, "b": [true, null, 1.0]})");
  EXPECT_EQ(value.dump(), R"({"a":1,"b":[true,null,1.0]})");
}
