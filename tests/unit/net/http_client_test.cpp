// The parts of the outbound client that need no server: JSON bodies as requests serialises them.
#include "net/http_client.h"

#include <gtest/gtest.h>

namespace qta::net {
namespace {

TEST(PythonJsonDumps, WritesJsonAsPythonsDefaults) {
  auto value =
      json::Value::parse(R"({"s": "caf\u00e9 \ud83d\ude00 \"q\"\n", "n": 1.5, "big": 1e16, "small": 0.0001,
                                      "tiny": 1e-05, "i": -3, "t": true, "x": null, "l": [1, 2.0]})");
  EXPECT_EQ(
      python_json_dumps(value),
      R"({"s": "caf\u00e9 \ud83d\ude00 \"q\"\n", "n": 1.5, "big": 1e+16, "small": 0.0001, "tiny": 1e-05, )"
      R"("i": -3, "t": true, "x": null, "l": [1, 2.0]})");
}

TEST(PythonJsonDumps, WritesEmptyContainers) {
  EXPECT_EQ(python_json_dumps(json::Value::parse(R"({"a": {}, "b": []})")), R"({"a": {}, "b": []})");
  EXPECT_EQ(python_json_dumps(json::Value::parse("[]")), "[]");
}

}  // namespace
}  // namespace qta::net
