// What the database's `explain` says about an equality filter: FerretDB's handlers and MongoDB.
#include "db/database.h"

#include <gtest/gtest.h>

namespace qta::db {

// The replies as FerretDB v1.24.2 gives them for {explain: {find: "measurements", filter: {field: value}}}.
TEST(EqualityFilteredFirst, FerretDbsPostgreSqlHandlerPushesEqualityDown) {
  auto reply = json::Value::parse(R"json({"queryPlanner": {"Plan": {"Node Type": "Seq Scan",
    "Filter": "((measurements_7e3b5ff0._jsonb -> 'metric_uuid'::text) @> '\"m1\"'::jsonb)"}},
    "explainVersion": "1", "serverInfo": {"ferretdbVersion": "v1.24.2"},
    "filterPushdown": true, "sortPushdown": false, "limitPushdown": false, "ok": 1.0})json");
  EXPECT_EQ(equality_filtered_first(reply), true);
}

TEST(EqualityFilteredFirst, FerretDbsSqliteHandlerReadsEveryDocument) {
  auto reply = json::Value::parse(
      R"json({"queryPlanner": {"Plan": ["id=2 parent=0 notused=0 detail=SCAN measurements_7e3b5ff0"]},
    "explainVersion": "1", "serverInfo": {"ferretdbVersion": "v1.24.2"},
    "filterPushdown": false, "sortPushdown": false, "limitPushdown": false, "ok": 1.0})json");
  EXPECT_EQ(equality_filtered_first(reply), false);
}

TEST(EqualityFilteredFirst, ACollectionThatDoesNotExistYetTellsNothing) {
  // The PostgreSQL handler pushes nothing down for a collection without a table: ask again later.
  auto reply = json::Value::parse(R"json({"queryPlanner": {}, "explainVersion": "1", "filterPushdown": false,
    "sortPushdown": false, "limitPushdown": false, "ok": 1.0})json");
  EXPECT_EQ(equality_filtered_first(reply), std::nullopt);
}

TEST(EqualityFilteredFirst, MongoDbServesEveryFilterOfOursFromAnIndex) {
  auto reply = json::Value::parse(
      R"json({"explainVersion": "1", "queryPlanner": {"namespace": "quality_time_db.measurements",
    "winningPlan": {"stage": "FETCH", "inputStage": {"stage": "IXSCAN", "indexName": "metric_uuid_1_start_-1"}}},
    "serverInfo": {"version": "7.0.12"}, "ok": 1.0})json");
  EXPECT_EQ(equality_filtered_first(reply), true);
}

}  // namespace qta::db
