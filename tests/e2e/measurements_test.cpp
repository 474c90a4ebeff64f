// Measurements end to end: stored the way Quality-time's collector stores them, then read through the
// report summaries, metric_status_summary, entity edits, metric changes, the SSE stream and the ingest API.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "base/date_time.h"
#include "db/mongo_database.h"
#include "db/reports.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

class MeasurementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack.wait_until_initialized();
    report_uuid = jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
    subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
    metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
    source_uuid = new_item("/api/v3/source/new/" + metric_uuid, "sonarqube", "new_source_uuid");
  }

  std::string new_item(const std::string& path, const char* type, const char* key) {
    return jane.post(path, attribute("type", json::Value::string(type))).json().get_string(key);
  }

  db::MongoDatabase database() {
    db::initialize_driver();
    return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
  }

  // A measurement as the collector writes it: violations on the count scale against target 0, near 10.
  void collect(const std::string& value, const std::string& status, const std::string& start) {
    auto measurement = json::Value::parse(
        R"({"has_error": false, "sources": [{"value": "", "total": null, "parse_error": null,
      "connection_error": null, "api_url": "https://sonar", "landing_url": "https://sonar",
      "entities": [{"key": "e1", "first_seen": "2024-01-01T00:00:00+00:00", "component": "main.py"},
                   {"key": "e2", "first_seen": "2024-01-01T00:00:00+00:00", "component": "util.py"}]}],
      "count": {"value": "", "status": "", "status_start": "", "direction": "<", "target": "0", "near_target": "10", "debt_target": null},
      "percentage": {"value": null, "status": null, "direction": "<"}})");
    measurement.set("metric_uuid", json::Value::string(metric_uuid));
    measurement.set("report_uuid", json::Value::string(report_uuid));
    measurement.get("sources").at(0).set("source_uuid", json::Value::string(source_uuid));
    measurement.get("sources").at(0).set("value", json::Value::string(value));
    measurement.get("count").set("value", json::Value::string(value));
    measurement.get("count").set("status", json::Value::string(status));
    measurement.get("count").set("status_start", json::Value::string(start));
    measurement.set("start", json::Value::string(start));
    measurement.set("end", json::Value::string(base::iso_timestamp_now()));
    database().insert_one("measurements", measurement);
  }

  Stack& stack = Stack::shared();
  UserSession jane{stack, "jadoe", "secret"};
  std::string report_uuid, subject_uuid, metric_uuid, source_uuid;
};

}  // namespace

TEST_F(MeasurementsTest, ReportSummaryAndMetricStatusSummaryUseTheLatestMeasurement) {
  collect("2", "near_target_met", "2024-01-01T00:00:00+00:00");
  auto summary = stack.client().get("/api/v3/report/" + report_uuid + "/metric_status_summary");
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(summary.body,
            R"({"report_uuid":")" + report_uuid +
                R"(","title":"New report","red":0,"green":0,"yellow":1,"grey":0,"blue":0,"white":0})");
  auto report = stack.client().get("/api/v3/report/" + report_uuid).json();
  for (const auto& each : report.get("reports").elements()) {
    if (each.get_string("report_uuid") != report_uuid) continue;
    auto metric = each.get("subjects").get(subject_uuid).get("metrics").get(metric_uuid);
    EXPECT_EQ(metric.get_string("status"), "near_target_met");
    EXPECT_EQ(metric.get_string("status_start"), "2024-01-01T00:00:00+00:00");
    EXPECT_EQ(metric.get("latest_measurement").get("count").get_string("value"), "2");
    EXPECT_FALSE(metric.get("latest_measurement").get("sources").at(0).get("entities").present());
    EXPECT_EQ(metric.get("recent_measurements").size(), 1u);
  }
  EXPECT_EQ(stack.client().get("/api/v3/report/no-such-report/metric_status_summary").status, 404);
}

TEST_F(MeasurementsTest, MeasurementRoutesReturnWhatIsStored) {
  collect("2", "near_target_met", "2024-01-01T00:00:00+00:00");
  auto all = stack.client().get("/api/v3/measurements/" + metric_uuid).json().get("measurements");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_TRUE(all.at(0).get("sources").at(0).get("entities").present()) << "the latest one is whole";
  EXPECT_FALSE(all.at(0).get("_id").present());
  auto period = stack.client()
                    .get("/api/v3/measurements?min_report_date=2023-12-31T00:00:00Z")
                    .json()
                    .get("measurements");
  bool found = false;
  for (const auto& measurement : period.elements())
    found |= measurement.get_string("metric_uuid") == metric_uuid;
  EXPECT_TRUE(found);
  EXPECT_EQ(
      stack.client().get("/api/v3/measurements/" + metric_uuid + "?report_date=2023-01-01T00:00:00Z").body,
      R"({"measurements":[]})");
}

TEST_F(MeasurementsTest, MarkingAnEntityFalsePositiveStoresARecomputedMeasurement) {
  collect("2", "near_target_met", "2024-01-01T00:00:00+00:00");
  auto response =
      jane.post("/api/v3/measurement/" + metric_uuid + "/source/" + source_uuid + "/entity/e1/status",
                attribute("status", json::Value::string("false_positive")));
  ASSERT_EQ(response.status, 200) << response.body;
  auto measurement = response.json();
  EXPECT_EQ(measurement.get("count").get_string("value"), "1") << "the false positive is left out";
  EXPECT_EQ(measurement.get("count").get_string("status"), "near_target_met");
  EXPECT_EQ(measurement.get("count").get_string("status_start"), "2024-01-01T00:00:00+00:00");
  auto user_data = measurement.get("sources").at(0).get("entity_user_data").get("e1");
  EXPECT_EQ(user_data.get_string("status"), "false_positive");
  std::string end_date = user_data.get_string("status_end_date");
  EXPECT_EQ(end_date.size(), 10u);
  EXPECT_EQ(measurement.get("delta").get_string("description"),
            "Jane Doe changed the status of '2024-01-01T00:00:00+00:00/main.py' from '' to 'false_positive' "
            "and changed "
            "the status end date to '" +
                end_date + "'.");
  EXPECT_EQ(
      measurement.get("delta").get("uuids").dump(),
      "[\"" + report_uuid + "\",\"" + subject_uuid + "\",\"" + metric_uuid + "\",\"" + source_uuid + "\"]");
  auto changelog =
      stack.client().get("/api/v3/changelog/metric/" + metric_uuid + "/3").json().get("changelog");
  EXPECT_EQ(changelog.at(0).get_string("delta"), measurement.get("delta").get_string("description"));
  EXPECT_EQ(jane.post("/api/v3/measurement/" + metric_uuid + "/source/" + source_uuid + "/entity/nope/status",
                      attribute("status", json::Value::string("fixed")))
                .status,
            404);
}

TEST_F(MeasurementsTest, ChangingTheTargetAnswersWithTheRecomputedMeasurement) {
  collect("2", "near_target_met", "2024-01-01T00:00:00+00:00");
  auto response = jane.post("/api/v3/metric/" + metric_uuid + "/attribute/target",
                            attribute("target", json::Value::string("5")));
  ASSERT_EQ(response.status, 200);
  auto measurement = response.json();
  EXPECT_EQ(measurement.get("count").get_string("status"), "target_met");
  EXPECT_EQ(measurement.get("count").get_string("target"), "5");
  EXPECT_FALSE(measurement.get("ok").present());
  auto summary = stack.client().get("/api/v3/report/" + report_uuid + "/metric_status_summary").json();
  EXPECT_EQ(summary.get("green"), json::Value::integer(1));
}

TEST_F(MeasurementsTest, AcceptingDebtSetsTheDebtTargetFromTheLatestValue) {
  collect("20", "target_not_met", "2024-01-01T00:00:00+00:00");
  auto response = jane.post("/api/v3/metric/" + metric_uuid + "/debt",
                            attribute("accept_debt", json::Value::boolean(true)));
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.json().get("count").get_string("status"), "debt_target_met");
  auto report = jane.get("/api/v3/report/" + report_uuid).json();
  for (const auto& each : report.get("reports").elements()) {
    if (each.get_string("report_uuid") != report_uuid) continue;
    EXPECT_EQ(
        each.get("subjects").get(subject_uuid).get("metrics").get(metric_uuid).get_string("debt_target"),
        "20");
  }
}

TEST_F(MeasurementsTest, IngestApiStoresWhatTheCollectorWouldStore) {
  auto body =
      json::Value::parse(R"({"sources": [{"value": "7", "entities": [{"key": "x", "component": "a.py"}]}]})");
  body.get("sources").at(0).set("source_uuid", json::Value::string(source_uuid));
  auto response = jane.post("/api/v3/metric/" + metric_uuid + "/measurement", body);
  ASSERT_EQ(response.status, 200) << response.body;
  auto measurement = response.json();
  EXPECT_EQ(measurement.get("count").get_string("value"), "7");
  EXPECT_EQ(measurement.get("count").get_string("status"), "near_target_met");
  EXPECT_EQ(measurement.get("has_error"), json::Value::boolean(false));
  EXPECT_EQ(measurement.get_string("report_uuid"), report_uuid);
  EXPECT_FALSE(measurement.get("sources").at(0).get("entities").at(0).get_string("first_seen").empty());
  auto stored = stack.client().get("/api/v3/measurements/" + metric_uuid).json().get("measurements");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.at(0).get("count"), measurement.get("count"));

  auto bad = json::Value::parse(R"({"sources": [{"value": "seven"}]})");
  bad.get("sources").at(0).set("source_uuid", json::Value::string(source_uuid));
  auto refused = jane.post("/api/v3/metric/" + metric_uuid + "/measurement", bad);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.json().get_string("error"),
            "Invalid measurement: value of source " + source_uuid + " must be a whole number, not 'seven'.");
  EXPECT_EQ(
      jane.post("/api/v3/metric/" + metric_uuid + "/measurement", json::Value::parse(R"({"sources": []})"))
          .status,
      400);
  EXPECT_EQ(stack.client().get("/api/v3/measurements/" + metric_uuid).json().get("measurements").size(), 1u)
      << "nothing stored";
  EXPECT_EQ(stack.client()
                .request("POST", "/api/v3/metric/" + metric_uuid + "/measurement", body.dump(),
                         {"Content-Type: application/json"})
                .status,
            401);
}

TEST_F(MeasurementsTest, IngestSubcommandDoesTheSameFromAShell) {
  auto result = stack.run_server_command({"measurement", "add", metric_uuid, source_uuid + "=3"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  auto stored = stack.client().get("/api/v3/measurements/" + metric_uuid).json().get("measurements");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored.at(0).get("count").get_string("value"), "3");
  EXPECT_EQ(stack.run_server_command({"measurement", "add", metric_uuid, source_uuid + "=x"}).exit_code, 1);
  EXPECT_EQ(stack.run_server_command({"measurement", "add", "no-such-metric", "s=1"}).exit_code, 1);
}

TEST(NrMeasurementsStream, SendsADeltaWhenTheCountChanges) {
  Stack stack(StackOptions{.environment = {"API_SERVER_STREAM_INTERVAL=1"}});
  stack.wait_until_initialized();
  OpenStreams streams(stack.client().base_url() + "/api/v3/nr_measurements", 1);
  ASSERT_EQ(streams.wait_for_bytes(256 * 256, 20), 1);
  db::initialize_driver();
  db::MongoDatabase database(db::Settings{stack.database_url(), "quality_time_db", 2000, 1});
  database.insert_one("measurements",
                      json::Value::parse(R"({"metric_uuid": "m", "start": "x", "end": "x", "sources": []})"));
  bool delta_seen = false;
  for (int i = 0; i < 50 && !delta_seen; ++i) {
    streams.pump(0.1);
    delta_seen = streams.body(0).find("event: delta\ndata: 1\n") != std::string::npos;
  }
  EXPECT_TRUE(delta_seen) << streams.body(0).substr(
      streams.body(0).size() > 300 ? streams.body(0).size() - 300 : 0);
}

}  // namespace qta::e2e
