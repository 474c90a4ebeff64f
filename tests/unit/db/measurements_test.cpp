// The order of one metric's measurements: start, then _id; which metrics a read by report_uuid may leave
// incomplete, and how they are read.
#include "db/measurements.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/memory_database.h"

namespace qta::db {

namespace {
json::Value measurement(const char* metric_uuid, const char* start, const char* object_id,
                        const char* end = "") {
  auto id = json::Value::object();
  id.set("$oid", json::Value::string(object_id));
  auto result = json::Value::object();
  result.set("_id", id);
  result.set("metric_uuid", json::Value::string(metric_uuid));
  result.set("start", json::Value::string(start));
  result.set("end", json::Value::string(*end ? end : start));
  return result;
}

std::string ids(const std::vector<json::Value>& measurements) {
  std::string joined;
  for (const auto& each : measurements) joined += each.get("_id").get_string("$oid").substr(22) + " ";
  return joined;
}
}  // namespace

TEST(MeasurementOrder, LaterStartWinsThenHigherObjectId) {
  auto early = measurement("m", "2024-03-01T09:00:00+00:00", "65e1a7a0000000000000000f");
  auto late = measurement("m", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000001");
  auto same_second = measurement("m", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000002");
  EXPECT_TRUE(is_later_measurement(late, early)) << "the start decides before the ObjectId";
  EXPECT_FALSE(is_later_measurement(early, late));
  EXPECT_TRUE(is_later_measurement(same_second, late));
  EXPECT_FALSE(is_later_measurement(late, same_second));
  EXPECT_FALSE(is_later_measurement(late, late));
}

TEST(MeasurementOrder, TiesOnStartAreOrderedByObjectIdWhateverTheirEndOrArrival) {
  // Two in the same second, the one with the higher _id confirmed for less long: it is still the latest.
  std::vector<json::Value> measurements = {
      measurement("m", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000002", "2024-03-01T10:00:00+00:00"),
      measurement("m", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000001", "2024-03-01T12:00:00+00:00"),
      measurement("m", "2024-03-01T09:00:00+00:00", "65e1a7a00000000000000003", "2024-03-01T09:59:00+00:00")};
  sort_oldest_first(measurements);
  EXPECT_EQ(ids(measurements), "03 01 02 ");
  std::reverse(measurements.begin(), measurements.end());
  sort_oldest_first(measurements);
  EXPECT_EQ(ids(measurements), "03 01 02 ") << "the same order from any order the database returns";
}

TEST(MeasurementScope, ScopeNamesEveryReportAndMetric) {
  auto report =
      json::Value::parse(R"({"report_uuid": "r", "subjects": {"s1": {"metrics": {"m1": {}, "m2": {}}},
                                       "s2": {"metrics": {"m3": {}}}, "s3": {}}})");
  auto scope = scope_of({report});
  EXPECT_EQ(scope.report_uuids, std::vector<std::string>{"r"});
  EXPECT_EQ(scope.metric_uuids, (std::vector<std::string>{"m1", "m2", "m3"}));
}

TEST(MeasurementScope, MetricsWhoseWindowTheReportReadMayNotCoverAreCompleted) {
  const std::string window_start = "2024-03-01T00:00:00+00:00";
  std::map<std::string, std::vector<json::Value>> found;
  // Started before the window: nothing earlier can reach into it.
  found["covered"] = {measurement("covered", "2024-02-20T00:00:00+00:00", "01", "2024-03-02T00:00:00+00:00"),
                      measurement("covered", "2024-03-02T00:00:01+00:00", "02")};
  // Starts inside the window: an earlier one, stored while the metric was in another report, may reach in.
  found["moved"] = {measurement("moved", "2024-03-03T00:00:00+00:00", "03")};
  // Starts exactly at the window start: the one before may end in that same second.
  found["boundary"] = {measurement("boundary", "2024-03-01T00:00:00+00:00", "04")};
  auto incomplete = metrics_to_complete(found, {"covered", "moved", "boundary", "unmeasured"}, window_start);
  EXPECT_EQ(incomplete, (std::vector<std::string>{"moved", "boundary", "unmeasured"}));
}

TEST(MeasurementScope, NothingToCompleteIsNoRead) {
  EXPECT_EQ(completion_reads(0, true), CompletionReads::kNone);
  EXPECT_EQ(completion_reads(0, std::nullopt), CompletionReads::kNone);
}

TEST(MeasurementScope, OneMetricIsReadByEqualityWhateverTheDatabase) {
  // An equality costs no more than `$in` anywhere, so there is nothing to ask the database.
  EXPECT_EQ(completion_reads(1, true), CompletionReads::kEachMetric);
  EXPECT_EQ(completion_reads(1, false), CompletionReads::kEachMetric);
  EXPECT_EQ(completion_reads(1, std::nullopt), CompletionReads::kEachMetric);
}

TEST(MeasurementScope, AFewMetricsAreReadOneByOneWhereEqualityIsFilteredFirst) {
  EXPECT_EQ(completion_reads(2, true), CompletionReads::kEachMetric);
  EXPECT_EQ(completion_reads(kMaxMetricReads, true), CompletionReads::kEachMetric);
}

TEST(MeasurementScope, MoreMetricsAreReadAtOnceWhateverTheDatabase) {
  EXPECT_EQ(completion_reads(kMaxMetricReads + 1, true), CompletionReads::kAllMetrics)
      << "the number of reads stays bounded";
  EXPECT_EQ(completion_reads(10000, true), CompletionReads::kAllMetrics);
}

TEST(MeasurementScope, MetricsAreReadAtOnceWhereEveryReadReadsEverythingOrWhenThatIsUnknown) {
  // FerretDB's SQLite handler: each read decodes the whole collection, so one read is the cheapest.
  EXPECT_EQ(completion_reads(2, false), CompletionReads::kAllMetrics);
  // The database could not be asked (unreachable): one read, as many as before the question.
  EXPECT_EQ(completion_reads(2, std::nullopt), CompletionReads::kAllMetrics);
}

// FerretDB's PostgreSQL handler serves top-level equality from an index and applies `$in` (even of one
// value) to every document of the collection: one metric's history is read by equalities only.
TEST(MetricHistory, OneMetricIsReadByEqualitiesOnlyWithItsLatestWhole) {
  MemoryDatabase database;
  auto older = measurement("metric", "2024-01-01T00:00:00+00:00", "000000000000000000000001");
  auto latest = measurement("metric", "2024-01-02T00:00:00+00:00", "000000000000000000000002");
  latest.set("sources", json::Value::parse(R"([{"source_uuid": "s", "entities": [{"key": "e"}]}])"));
  database.insert_one("measurements", older);
  database.insert_one("measurements", latest);
  database.insert_one("measurements",
                      measurement("other", "2024-01-03T00:00:00+00:00", "000000000000000000000003"));

  auto history = all_metric_measurements(database, "metric", "");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history.back().get("sources").at(0).get("entities").size(), 1u) << "the latest one whole";
  auto finds = database.finds();
  ASSERT_EQ(finds.size(), 2u) << "the stripped history, then the latest whole";
  for (const auto& [collection, filter] : finds) {
    EXPECT_EQ(filter.get_string("metric_uuid"), "metric") << filter.dump();
    EXPECT_EQ(filter.dump().find("$in"), std::string::npos) << filter.dump();
  }
  EXPECT_EQ(finds.back().second.get("_id"), latest.get("_id"));
}

TEST(MetricHistory, SeveralMetricsAreReadInTwoReads) {
  MemoryDatabase database;
  database.insert_one("measurements",
                      measurement("a", "2024-01-01T00:00:00+00:00", "000000000000000000000001"));
  database.insert_one("measurements",
                      measurement("b", "2024-01-02T00:00:00+00:00", "000000000000000000000002"));
  database.insert_one("measurements",
                      measurement("b", "2024-01-03T00:00:00+00:00", "000000000000000000000003"));
  auto histories = metric_histories(database, {"a", "b", "never measured"}, "");
  EXPECT_EQ(histories.size(), 2u);
  ASSERT_EQ(histories["b"].size(), 2u);
  EXPECT_EQ(histories["b"].back().get_string("start"), "2024-01-03T00:00:00+00:00") << "oldest first";
  EXPECT_EQ(database.finds().size(), 2u);
}

}  // namespace qta::db
