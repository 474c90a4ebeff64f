#include "db/storable.h"

#include <gtest/gtest.h>

namespace qta::db {

namespace {
std::string problem(const char* json) { return storage_problem(json::Value::parse(json)); }
}  // namespace

TEST(Storable, OrdinaryValuesAreStorable) {
  for (const char* json :
       {R"("text")", "1", "1e308", "null", "[]", "{}", R"({"a": [1, {"b": [2]}], "c": null})",
        R"(["$oid", "a.b"])", R"({"a": "$oid"})"}) {
    EXPECT_EQ(problem(json), "") << json;
  }
}

TEST(Storable, KeysThatTheDatabaseRefusesOrMisreadsAreFound) {
  EXPECT_EQ(problem(R"({"title": {"$oid": "x"}})"), "the key '$oid' starts with '$'");
  EXPECT_EQ(problem(R"([{"x": {"$date": 1}}])"), "the key '$date' starts with '$'");
  EXPECT_EQ(problem(R"({"a.b": 1})"), "the key 'a.b' contains '.'");
  EXPECT_EQ(problem(R"({"": 1})"), "it has an empty key");
  EXPECT_EQ(key_problem(std::string("a\0b", 3)), std::string("the key 'a\0b' contains a NUL character", 38));
  EXPECT_EQ(key_problem("$" + std::string(100, 'x')),
            "the key '$" + std::string(39, 'x') + "...' starts with '$'");
}

TEST(Storable, KeysThatBreakFerretDbsJsonAreFoundButEntityKeysMayHoldThem) {
  EXPECT_EQ(problem(R"({"a\\b": 1})"), "the key 'a\\b' contains '\\'");
  EXPECT_EQ(problem(R"({"x": {"a\"b": 1}})"), "the key 'a\"b' contains '\"'");
  EXPECT_EQ(problem(R"({"a\u0001": 1})"), "the key 'a\x01' contains a control character");
  EXPECT_EQ(problem(R"({"a\tb": 1})"), "the key 'a\tb' contains a control character");
  EXPECT_EQ(problem(R"({"é\u007f/<": 1})"), "");
  EXPECT_EQ(nested_key_problem("C:\\temp\\\"x\"\t"), "");
  EXPECT_EQ(nested_key_problem("a.b"), "the key 'a.b' contains '.'");
}

TEST(Storable, ListsInListsAreFoundAtAnyDepth) {
  EXPECT_EQ(problem("[[1]]"), "it has a list directly inside a list, which cannot be stored");
  EXPECT_EQ(problem(R"({"a": [{"b": [[]]}]})"),
            "it has a list directly inside a list, which cannot be stored");
}

TEST(Storable, NestingIsLimited) {
  std::string deep = "1";
  for (int i = 0; i < kMaxValueDepth; ++i) deep = R"({"a": )" + deep + "}";
  EXPECT_EQ(problem(deep.c_str()), "");
  deep = "[" + deep + "]";
  EXPECT_EQ(problem(deep.c_str()), "it nests deeper than " + std::to_string(kMaxValueDepth) + " levels");
}

}  // namespace qta::db
