// Which measurement is a metric's latest, and which measurements a report shows: decided by start,
// then _id, whatever order the database returns them in; read by report_uuid without losing the
// measurements that a metric brought along from another report or that carry no report_uuid, in a
// bounded number of reads.
#include <gtest/gtest.h>

#include "base/date_time.h"
#include "db/database.h"
#include "db/measurements.h"
#include "db/mongo_database.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

class LatestMeasurementTest : public ::testing::Test {
 protected:
  explicit LatestMeasurementTest(Stack& the_stack = Stack::shared())
      : stack(the_stack), jane{stack, "jadoe", "secret"} {}
  void SetUp() override { stack.wait_until_initialized(); }

  std::string created(const std::string& path, const char* type, const char* key) {
    return jane.post(path, attribute("type", json::Value::string(type))).json().get_string(key);
  }

  db::MongoDatabase database() {
    db::initialize_driver();
    return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
  }

  // A violations measurement as the collector stores it; an empty report_uuid leaves the field out, as
  // Quality-time's collector did before it wrote one.
  json::Value measurement(const std::string& report_uuid, const std::string& metric_uuid,
                          const std::string& source_uuid, const std::string& value, const std::string& status,
                          const std::string& start, const std::string& end) {
    auto result = json::Value::parse(
        R"({"has_error": false, "sources": [{"value": "", "total": null, "parse_error": null,
      "connection_error": null, "api_url": "https://sonar", "landing_url": "https://sonar",
      "entities": [{"key": "e1", "first_seen": "2024-01-01T00:00:00+00:00", "component": "main.py"}]}],
      "count": {"value": "", "status": "", "status_start": "2024-01-01T00:00:00+00:00", "direction": "<", "target": "0",
                "near_target": "10", "debt_target": null}})");
    result.set("metric_uuid", json::Value::string(metric_uuid));
    if (!report_uuid.empty()) result.set("report_uuid", json::Value::string(report_uuid));
    result.get("sources").at(0).set("source_uuid", json::Value::string(source_uuid));
    result.get("sources").at(0).set("value", json::Value::string(value));
    result.get("count").set("value", json::Value::string(value));
    result.get("count").set("status", json::Value::string(status));
    result.set("start", json::Value::string(start));
    result.set("end", json::Value::string(end));
    return result;
  }

  json::Value shown_metric(const std::string& report_uuid, const std::string& subject_uuid,
                           const std::string& metric_uuid) {
    auto reports = stack.client().get("/api/v3/report/" + report_uuid).json().get("reports");
    for (const auto& report : reports.elements()) {
      if (report.get_string("report_uuid") == report_uuid)
        return report.get("subjects").get(subject_uuid).get("metrics").get(metric_uuid);
    }
    return json::Value();
  }

  Stack& stack;
  UserSession jane;
};

// A stack that tells each request's database commands, without the read cache: a count that depends on
// what was cached cannot be compared.
class MeasurementReadsTest : public LatestMeasurementTest {
 protected:
  MeasurementReadsTest() : LatestMeasurementTest(*counting_stack_) {}
  static void SetUpTestSuite() {
    counting_stack_ =
        new Stack(StackOptions{.workers = 1,
                               .environment = {"API_SERVER_DATABASE_COMMANDS_HEADER=true",
                                               "LOAD_EXAMPLE_REPORTS=false", "API_SERVER_CACHE_MB=0"}});
  }
  static void TearDownTestSuite() {
    delete counting_stack_;
    counting_stack_ = nullptr;
  }

  long commands(const std::string& path) {
    auto response = stack.client().get(path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body.substr(0, 300);
    std::string header = response.header("x-database-commands");
    return header.empty() ? -1 : std::stol(header);
  }

  static Stack* counting_stack_;
};

Stack* MeasurementReadsTest::counting_stack_ = nullptr;

}  // namespace

TEST_F(LatestMeasurementTest, OfTwoWithTheSameStartTheOneWithTheHigherObjectIdIsTheLatestEverywhere) {
  std::string report =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  std::string subject = created("/api/v3/subject/new/" + report, "software", "new_subject_uuid");
  std::string metric = created("/api/v3/metric/new/" + subject, "violations", "new_metric_uuid");
  std::string source = created("/api/v3/source/new/" + metric, "sonarqube", "new_source_uuid");
  std::string now = base::iso_timestamp_now();
  std::string start = base::minus_days(now, 1);
  auto later = measurement(report, metric, source, "25", "target_not_met", start, now);
  later.set("_id", json::Value::parse(R"({"$oid": "7f0000000000000000000002"})"));
  auto earlier = measurement(report, metric, source, "5", "near_target_met", start, now);
  earlier.set("_id", json::Value::parse(R"({"$oid": "7f0000000000000000000001"})"));
  auto database = this->database();
  database.insert_one("measurements", later);  // stored first: the natural order puts it first
  database.insert_one("measurements", earlier);

  auto shown = shown_metric(report, subject, metric);
  EXPECT_EQ(shown.get("latest_measurement").get("count").get_string("value"), "25");
  EXPECT_EQ(shown.get_string("status"), "target_not_met");
  ASSERT_EQ(shown.get("recent_measurements").size(), 2u);
  EXPECT_EQ(shown.get("recent_measurements").at(1).get("count").get_string("value"), "25");
  auto summary = stack.client().get("/api/v3/report/" + report + "/metric_status_summary").json();
  EXPECT_EQ(summary.get("red"), json::Value::integer(1));
  auto all = stack.client().get("/api/v3/measurements/" + metric).json().get("measurements");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all.at(1).get("count").get_string("value"), "25");
  EXPECT_TRUE(all.at(1).get("sources").at(0).get("entities").present()) << "the latest one is whole";
  EXPECT_FALSE(all.at(0).get("sources").at(0).get("entities").present());
  // A change that recomputes the status starts from the same latest measurement.
  auto recomputed = jane.post("/api/v3/metric/" + metric + "/attribute/target",
                              attribute("target", json::Value::string("30")));
  ASSERT_EQ(recomputed.status, 200) << recomputed.body;
  EXPECT_EQ(recomputed.json().get("count").get_string("value"), "25");
  EXPECT_EQ(recomputed.json().get("count").get_string("status"), "target_met");
}

TEST_F(LatestMeasurementTest, AReportShowsTheMeasurementsItsMetricsBroughtAlongAndThoseWithoutReportUuid) {
  std::string from =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  std::string to =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  std::string from_subject = created("/api/v3/subject/new/" + from, "software", "new_subject_uuid");
  std::string to_subject = created("/api/v3/subject/new/" + to, "software", "new_subject_uuid");
  std::string moved = created("/api/v3/metric/new/" + from_subject, "violations", "new_metric_uuid");
  std::string moved_source = created("/api/v3/source/new/" + moved, "sonarqube", "new_source_uuid");
  std::string legacy = created("/api/v3/metric/new/" + to_subject, "violations", "new_metric_uuid");
  std::string legacy_source = created("/api/v3/source/new/" + legacy, "sonarqube", "new_source_uuid");
  std::string now = base::iso_timestamp_now();
  auto database = this->database();
  // Measured in the first report two days ago, then moved, then measured with another value.
  database.insert_one("measurements", measurement(from, moved, moved_source, "3", "near_target_met",
                                                  base::minus_days(now, 2), base::minus_days(now, 1)));
  ASSERT_EQ(jane.post("/api/v3/metric/" + moved + "/move/" + to_subject, json::Value::object()).status, 200);
  database.insert_one("measurements", measurement(to, moved, moved_source, "12", "target_not_met",
                                                  base::minus_days(now, 1), now));
  // Measured since long ago, before measurements named their report.
  database.insert_one("measurements", measurement("", legacy, legacy_source, "0", "target_met",
                                                  base::minus_days(now, 30), now));

  auto shown = shown_metric(to, to_subject, moved);
  ASSERT_EQ(shown.get("recent_measurements").size(), 2u) << shown.dump();
  EXPECT_EQ(shown.get("recent_measurements").at(0).get("count").get_string("value"), "3");
  EXPECT_EQ(shown.get("latest_measurement").get("count").get_string("value"), "12");
  EXPECT_EQ(shown_metric(to, to_subject, legacy).get_string("status"), "target_met");
  auto summary = stack.client().get("/api/v3/report/" + to + "/metric_status_summary").json();
  EXPECT_EQ(summary.get("red"), json::Value::integer(1));
  EXPECT_EQ(summary.get("green"), json::Value::integer(1));
  auto pdf = stack.client().get("/api/v3/report/" + to + "/pdf");
  EXPECT_EQ(pdf.status, 200);
}

// The read by report_uuid finds nothing of a metric measured only while it was in another report, nor of
// one never measured: both are read by metric_uuid, one equality each where the database filters by it
// before reading (FerretDB's PostgreSQL handler), else in one read (SQLite), and never more than
// db::kMaxMetricReads of them.
TEST_F(MeasurementReadsTest, AMovedAndANeverMeasuredMetricAreCompletedInBoundedReads) {
  std::string from =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  std::string to =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  std::string from_subject = created("/api/v3/subject/new/" + from, "software", "new_subject_uuid");
  std::string to_subject = created("/api/v3/subject/new/" + to, "software", "new_subject_uuid");
  std::string measured = created("/api/v3/metric/new/" + to_subject, "violations", "new_metric_uuid");
  std::string measured_source = created("/api/v3/source/new/" + measured, "sonarqube", "new_source_uuid");
  std::string now = base::iso_timestamp_now();
  auto database = this->database();
  database.insert_one("measurements", measurement(to, measured, measured_source, "0", "target_met",
                                                  base::minus_days(now, 30), now));
  const std::string report = "/api/v3/report/" + to;
  const std::string summary = report + "/metric_status_summary";
  // Every metric's window covered by the read by report_uuid: the reads of the route without completion.
  long report_reads = commands(report);
  long summary_reads = commands(summary);

  std::string moved = created("/api/v3/metric/new/" + from_subject, "violations", "new_metric_uuid");
  std::string moved_source = created("/api/v3/source/new/" + moved, "sonarqube", "new_source_uuid");
  database.insert_one("measurements", measurement(from, moved, moved_source, "3", "near_target_met",
                                                  base::minus_days(now, 20), now));
  ASSERT_EQ(jane.post("/api/v3/metric/" + moved + "/move/" + to_subject, json::Value::object()).status, 200);
  std::string never = created("/api/v3/metric/new/" + to_subject, "violations", "new_metric_uuid");

  auto shown = shown_metric(to, to_subject, moved);
  EXPECT_EQ(shown.get("latest_measurement").get("count").get_string("value"), "3");
  EXPECT_EQ(shown.get("recent_measurements").size(), 1u);
  EXPECT_EQ(shown.get_string("status"), "near_target_met");
  auto unmeasured = shown_metric(to, to_subject, never);
  EXPECT_TRUE(unmeasured.get("latest_measurement").is_null()) << unmeasured.dump();
  EXPECT_EQ(unmeasured.get("recent_measurements").size(), 0u);
  EXPECT_EQ(shown_metric(to, to_subject, measured).get("latest_measurement").get("count").get_string("value"),
            "0");
  auto counts = stack.client().get(summary).json();
  EXPECT_EQ(counts.get("green"), json::Value::integer(1));
  EXPECT_EQ(counts.get("yellow"), json::Value::integer(1));
  EXPECT_EQ(counts.get("white"), json::Value::integer(1));
  // One read for both (SQLite) or one each (PostgreSQL); how the database filters is asked outside the count.
  for (const auto& [path, reads] : {std::pair{report, report_reads}, std::pair{summary, summary_reads}}) {
    long completed = commands(path);
    EXPECT_GE(completed, reads + 1) << path;
    EXPECT_LE(completed, reads + 2) << path;
  }

  // More metrics to complete than the bound: one read of them all, on every database.
  for (std::size_t i = 0; i < db::kMaxMetricReads; ++i)
    created("/api/v3/metric/new/" + to_subject, "violations", "new_metric_uuid");
  EXPECT_EQ(shown_metric(to, to_subject, moved).get("latest_measurement").get("count").get_string("value"),
            "3");
  EXPECT_EQ(commands(report), report_reads + 1);
  EXPECT_EQ(commands(summary), summary_reads + 1);
}

}  // namespace qta::e2e
