// MemoryDatabase answers the queries of lib/db as MongoDB does.
#include "db/memory_database.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/read_cache.h"
#include "db/reports.h"
#include "http/error.h"

namespace qta::db {

namespace {

json::Value parse(const char* text) { return json::Value::parse(text); }

class MemoryDatabaseTest : public ::testing::Test {
 protected:
  // Inserts documents given as JSON text into `collection`.
  void insert(const char* collection, std::initializer_list<const char*> documents) {
    for (const char* document : documents) database.insert_one(collection, parse(document));
  }
  // The values of `field` in the documents `filter` finds, in the order found.
  std::vector<std::string> found(const char* filter, const FindOptions& options = {},
                                 const char* field = "name") {
    std::vector<std::string> names;
    for (const auto& document : database.find("things", parse(filter), options)) {
      auto value = document.get(field);
      names.push_back(value.is_string() ? *value.as_string() : value.dump());
    }
    return names;
  }
  using Names = std::vector<std::string>;

  MemoryDatabase database;
};

TEST_F(MemoryDatabaseTest, EqualityOnFieldsDottedPathsAndArrayMembers) {
  insert("things", {R"({"name": "a", "kind": "x", "delta": {"uuids": ["u1", "u2"]}})",
                    R"({"name": "b", "kind": "y", "delta": {"uuids": ["u2"]}, "sources": [{"type": "git"}]})",
                    R"({"name": "c", "kind": "x", "sources": [{"type": "jira"}, {"type": "git"}]})"});
  EXPECT_EQ(found(R"({"kind": "x"})"), (Names{"a", "c"}));
  EXPECT_EQ(found(R"({"delta.uuids": "u2"})"), (Names{"a", "b"})) << "an array matches a member";
  EXPECT_EQ(found(R"({"delta.uuids": ["u2"]})"), (Names{"b"})) << "an array matches an equal array";
  EXPECT_EQ(found(R"({"sources.type": "git"})"), (Names{"b", "c"})) << "a path goes through arrays";
  EXPECT_EQ(found(R"({"sources.1.type": "git"})"), (Names{"c"})) << "a numeric part is an index";
  EXPECT_EQ(found(R"({"kind": "x", "name": "c"})"), (Names{"c"}));
  EXPECT_EQ(found(R"({"missing": null})"), (Names{"a", "b", "c"})) << "null matches a missing field";
  EXPECT_EQ(found("{}"), (Names{"a", "b", "c"}));
}

TEST_F(MemoryDatabaseTest, NumbersCompareByValueWhateverTheirRepresentation) {
  insert("things",
         {R"({"name": "int", "n": 1})", R"({"name": "real", "n": 1.0})", R"({"name": "two", "n": 2.5})"});
  EXPECT_EQ(found(R"({"n": 1})"), (Names{"int", "real"}));
  EXPECT_EQ(found(R"({"n": {"$gt": 1}})"), (Names{"two"}));
  EXPECT_EQ(found(R"({"n": {"$gte": 1, "$lt": 2}})"), (Names{"int", "real"}));
}

TEST_F(MemoryDatabaseTest, InNeExistsAndRangesOnStrings) {
  insert("things", {R"({"name": "a", "start": "2024-01-01", "deleted": true})",
                    R"({"name": "b", "start": "2024-02-01"})", R"({"name": "c", "start": "2024-03-01"})",
                    R"({"name": "d", "start": 5})"});
  EXPECT_EQ(found(R"({"name": {"$in": ["c", "a", "z"]}})"), (Names{"a", "c"}));
  EXPECT_EQ(found(R"({"name": {"$nin": ["a", "b"]}})"), (Names{"c", "d"}));
  EXPECT_EQ(found(R"({"name": {"$ne": "a"}})"), (Names{"b", "c", "d"}));
  EXPECT_EQ(found(R"({"deleted": {"$exists": true}})"), (Names{"a"}));
  EXPECT_EQ(found(R"({"deleted": {"$exists": false}})"), (Names{"b", "c", "d"}));
  EXPECT_EQ(found(R"({"start": {"$lte": "2024-02-01"}})"), (Names{"a", "b"})) << "a number is no string";
  EXPECT_EQ(found(R"({"start": {"$gt": "2024-01-01", "$lt": "2024-03-01"}})"), (Names{"b"}));
}

TEST_F(MemoryDatabaseTest, OrAndNorAtTheTopLevel) {
  insert("things",
         {R"({"name": "a", "delta": {"report_uuid": "r"}})", R"({"name": "b", "delta": {"uuids": ["r"]}})",
          R"({"name": "c", "delta": {"uuids": ["s"]}})"});
  EXPECT_EQ(found(R"({"$or": [{"delta.report_uuid": "r"}, {"delta.uuids": "r"}]})"), (Names{"a", "b"}));
  EXPECT_EQ(found(R"({"$and": [{"delta": {"$exists": true}}, {"delta.uuids": "s"}]})"), (Names{"c"}));
  EXPECT_EQ(found(R"({"$nor": [{"name": "a"}, {"name": "b"}]})"), (Names{"c"}));
}

TEST_F(MemoryDatabaseTest, ObjectIdsMatchAndSortInTheirExtendedJsonShape) {
  insert("things", {R"({"_id": {"$oid": "65e1a7a00000000000000002"}, "name": "second"})",
                    R"({"_id": {"$oid": "65e1a7a00000000000000001"}, "name": "first"})",
                    R"({"_id": "text", "name": "string"})"});
  EXPECT_EQ(found(R"({"_id": {"$oid": "65e1a7a00000000000000001"}})"), (Names{"first"}));
  EXPECT_EQ(found(R"({"_id": {"$in": [{"$oid": "65e1a7a00000000000000002"}, "text"]}})"),
            (Names{"second", "string"}));
  FindOptions by_id;
  by_id.sort = parse(R"({"_id": 1})");
  EXPECT_EQ(found("{}", by_id), (Names{"string", "first", "second"})) << "strings sort before ObjectIds";
}

TEST_F(MemoryDatabaseTest, SortsOnSeveralKeysThenLimits) {
  insert("things", {R"({"name": "a", "timestamp": "2024-01-01", "rank": 1})",
                    R"({"name": "b", "timestamp": "2024-01-02", "rank": 1})",
                    R"({"name": "c", "timestamp": "2024-01-01", "rank": 2})", R"({"name": "d", "rank": 3})"});
  FindOptions options;
  options.sort = parse(R"({"timestamp": -1, "rank": -1})");
  EXPECT_EQ(found("{}", options), (Names{"b", "c", "a", "d"}))
      << "a missing field sorts as null, first ascending";
  options.limit = 2;
  EXPECT_EQ(found("{}", options), (Names{"b", "c"}));
  EXPECT_EQ(database.find_one("things", parse("{}"), options)->get_string("name"), "b");
}

TEST_F(MemoryDatabaseTest, InsertOrderedMakesIncreasingObjectIdsFirstInTheDocument) {
  for (const char* name : {"one", "two", "three"}) {
    auto document = json::Value::object();
    document.set("_id", json::Value::string("ignored"));
    document.set("name", json::Value::string(name));
    database.insert_one_ordered("things", document);
  }
  FindOptions newest_first;
  newest_first.sort = parse(R"({"_id": -1})");
  auto documents = database.find("things", parse("{}"), newest_first);
  ASSERT_EQ(documents.size(), 3u);
  EXPECT_EQ(documents[0].get_string("name"), "three");
  EXPECT_EQ(documents[2].get_string("name"), "one");
  EXPECT_EQ(documents[0].items().front().first, "_id");
  EXPECT_EQ(documents[0].get("_id").get_string("$oid").size(), 24u);
}

TEST_F(MemoryDatabaseTest, ProjectionIncludesOrExcludesDottedFields) {
  insert("things", {R"({"_id": 7, "name": "m", "start": "s", "delta": {"description": "d", "email": "e"},
                        "sources": [{"value": "1", "entities": [1]}, {"value": "2", "entities": [2]}], "issue_status": []})"});
  FindOptions options;
  options.projection = parse(R"({"delta.description": 1, "start": 1})");
  EXPECT_EQ(database.find_one("things", parse("{}"), options)->dump(),
            R"({"_id":7,"start":"s","delta":{"description":"d"}})");
  options.projection = parse(R"({"_id": 0, "sources.entities": 0, "issue_status": 0, "delta": 0})");
  EXPECT_EQ(database.find_one("things", parse("{}"), options)->dump(),
            R"({"name":"m","start":"s","sources":[{"value":"1"},{"value":"2"}]})");
  options.projection = parse(R"({"sources.value": 1, "_id": 0})");
  EXPECT_EQ(database.find_one("things", parse("{}"), options)->dump(),
            R"({"sources":[{"value":"1"},{"value":"2"}]})");
}

TEST_F(MemoryDatabaseTest, DocumentsComeOutAsCopies) {
  insert("things", {R"({"name": "a", "nested": {"x": 1}})"});
  auto document = *database.find_one("things", parse("{}"));
  document.get("nested").set("x", json::Value::integer(2));
  EXPECT_EQ(database.find_one("things", parse("{}"))->get("nested").get("x").as_integer(), 1);
}

TEST_F(MemoryDatabaseTest, UpdatesSetUnsetAndIncrement) {
  insert("things", {R"({"name": "a", "last": true, "n": 1})", R"({"name": "b", "last": true, "n": 1.5})"});
  database.update_many("things", parse(R"({"name": {"$in": ["a", "b"]}})"),
                       parse(R"({"$unset": {"last": ""}})"));
  EXPECT_EQ(database.count("things", parse(R"({"last": {"$exists": true}})")), 0);
  database.update_one("things", parse(R"({"name": "a"})"),
                      parse(R"({"$inc": {"n": 2}, "$set": {"deep.er": "x"}})"));
  auto a = *database.find_one("things", parse(R"({"name": "a"})"));
  EXPECT_EQ(a.get("n").as_integer(), 3) << "integers stay integers";
  EXPECT_EQ(a.get("deep").get_string("er"), "x");
  database.update_one("things", parse(R"({"name": "b"})"), parse(R"({"$inc": {"n": 1}})"));
  EXPECT_EQ(database.find_one("things", parse(R"({"name": "b"})"))->get("n").as_number(), 2.5);
  database.update_one("things", parse(R"({"name": "none"})"), parse(R"({"$set": {"n": 9}})"));
  EXPECT_EQ(database.estimated_count("things"), 2) << "no upsert, no insert";
}

TEST_F(MemoryDatabaseTest, UpsertsStartFromTheFilterAndSetOnInsertOnlyOnce) {
  auto bump = parse(R"({"$inc": {"changes": 1}, "$setOnInsert": {"epoch": "e1"}})");
  database.update_one(kChangeTokens, parse(R"({"_id": "reports"})"), bump, true);
  database.update_one(kChangeTokens, parse(R"({"_id": "reports"})"),
                      parse(R"({"$inc": {"changes": 1}, "$setOnInsert": {"epoch": "e2"}})"), true);
  auto token = *database.find_one(kChangeTokens, parse("{}"));
  EXPECT_EQ(token.dump(), R"({"_id":"reports","changes":2,"epoch":"e1"})");
  database.replace_one("users", parse(R"({"username": "jo"})"), parse(R"({"username": "jo", "email": "a"})"),
                       true);
  database.replace_one("users", parse(R"({"username": "jo"})"), parse(R"({"username": "jo", "email": "b"})"),
                       true);
  ASSERT_EQ(database.estimated_count("users"), 1);
  EXPECT_EQ(database.find_one("users", parse("{}"))->get_string("email"), "b");
}

TEST_F(MemoryDatabaseTest, UniqueIndexesRefuseDuplicatesAsTheServerDoes) {
  database.create_indexes("users", {{parse(R"({"username": 1})"), true}});
  EXPECT_EQ(database.index_names("users"), (std::vector<std::string>{"_id_", "username_1"}));
  EXPECT_TRUE(database.index_names("absent").empty());
  insert("users", {R"({"username": "jo"})"});
  try {
    insert("users", {R"({"username": "jo"})"});
    FAIL() << "a duplicate key was stored";
  } catch (const http::Error& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kInternal);
  }
  insert("users", {R"({"_id": 1, "username": "al"})"});
  EXPECT_THROW(insert("users", {R"({"_id": 1, "username": "bo"})"}), http::Error) << "_id is unique";
  EXPECT_EQ(database.count("users", parse("{}")), 2);
}

TEST_F(MemoryDatabaseTest, DistinctUnwindsArraysAndSorts) {
  insert("things", {R"({"report_uuid": "r2", "tags": ["b", "a"]})", R"({"report_uuid": "r1", "tags": ["a"]})",
                    R"({"report_uuid": "r2"})"});
  auto uuids = database.distinct("things", "report_uuid", parse("{}"));
  ASSERT_EQ(uuids.size(), 2u);
  EXPECT_EQ(uuids[0].as_string(), "r1");
  auto tags = database.distinct("things", "tags", parse(R"({"report_uuid": "r2"})"));
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].as_string(), "a");
}

TEST_F(MemoryDatabaseTest, DeletesOneOrMany) {
  insert("things", {R"({"name": "a"})", R"({"name": "a"})", R"({"name": "b"})"});
  EXPECT_EQ(database.delete_one("things", parse(R"({"name": "a"})")), 1);
  EXPECT_EQ(database.delete_many("things", parse("{}")), 2);
  EXPECT_EQ(database.delete_one("absent", parse("{}")), 0);
}

TEST_F(MemoryDatabaseTest, UnknownOperatorsAndCommandsAreDatabaseErrors) {
  insert("things", {R"({"name": "a"})"});
  EXPECT_THROW(found(R"({"name": {"$regex": "a"}})"), http::Error);
  EXPECT_THROW(database.update_one("things", parse("{}"), parse(R"({"$push": {"tags": "x"}})")), http::Error);
  EXPECT_THROW(database.admin_command(parse(R"({"serverStatus": 1})")), http::Error);
  EXPECT_EQ(database.admin_command(parse(R"({"ping": 1})")).dump(), R"({"ok":1.0})");
}

TEST_F(MemoryDatabaseTest, AnUnavailableDatabaseFailsEveryOperationWith503) {
  database.set_available(false);
  EXPECT_FALSE(database.ping());
  try {
    database.count("things", parse("{}"));
    FAIL() << "an unavailable database answered";
  } catch (const http::Error& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kUnavailable);
  }
  database.set_available(true);
  EXPECT_TRUE(database.ping());
}

TEST_F(MemoryDatabaseTest, EachOperationCountsAsOneCommand) {
  CommandCount commands;
  insert("things", {R"({"name": "a"})"});
  database.find_one("things", parse("{}"));
  database.count("things", parse("{}"));
  EXPECT_EQ(commands.commands(), 3);
}

TEST_F(MemoryDatabaseTest, VersionedReportsKeepOneFlaggedVersion) {
  // lib/db's two-step write (insert flagged, then retire the older flagged ones) on this database.
  auto report = parse(R"({"report_uuid": "r", "title": "one", "subjects": {}})");
  insert_new_reports(database, "{user} created", {"r"}, {"Jo", "jo@example.org"}, {report});
  report.set("title", json::Value::string("two"));
  insert_new_reports(database, "{user} changed", {"r"}, {"Jo", "jo@example.org"}, {report});
  EXPECT_EQ(database.count("reports", parse(R"({"last": true})")), 1);
  auto latest = latest_report(database, "r");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->get_string("title"), "two");
  EXPECT_EQ(latest->get("delta").get_string("description"), "Jo changed");
}

}  // namespace

}  // namespace qta::db
