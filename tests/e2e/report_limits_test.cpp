// What one report may hold, enforced through nginx on import and on every route that adds to a report:
// 400 with the reason, and nothing stored.
#include <gtest/gtest.h>

#include "db/mongo_database.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

long report_versions(const Stack& stack) {
  auto database = database_of(stack);
  return static_cast<long>(database.count("reports", json::Value::object()));
}

// An importable report with `metrics` metrics of one source each in one subject.
json::Value report_with_metrics(int metrics) {
  auto metric_map = json::Value::object();
  for (int i = 0; i < metrics; ++i) {
    metric_map.set(
        "metric-" + std::to_string(i),
        json::Value::parse(
            R"({"type": "violations", "sources": {"s": {"type": "sonarqube", "parameters": {}}}})"));
  }
  auto subject = json::Value::object();
  subject.set("type", json::Value::string("software"));
  subject.set("metrics", metric_map);
  auto subjects = json::Value::object();
  subjects.set("subject", subject);
  auto report = json::Value::object();
  report.set("report_uuid", json::Value::string("imported"));
  report.set("title", json::Value::string("Imported"));
  report.set("subjects", subjects);
  return report;
}

std::string created(const HttpResponse& response, const char* key) {
  if (response.status != 200) throw std::runtime_error("creating failed: " + response.body);
  return response.json().get_string(key);
}

// Small limits, so that a few requests reach them.
class ReportLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    StackOptions options;
    options.environment = {"API_SERVER_REPORT_MAX_SUBJECTS=2", "API_SERVER_REPORT_MAX_METRICS=3",
                           "API_SERVER_REPORT_MAX_SOURCES=3", "API_SERVER_MEASUREMENT_MAX_ENTITIES=2"};
    stack_ = new Stack(options);
    stack_->wait_until_initialized();
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  // Expects a refusal naming `reason` that stores no report version.
  void expect_refused(const HttpResponse& response, const std::string& reason, long versions_before) {
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_NE(response.body.find(reason), std::string::npos) << response.body;
    EXPECT_EQ(report_versions(*stack_), versions_before) << "nothing may be stored";
  }

  static Stack* stack_;
  UserSession jane{*stack_, "jadoe", "secret"};
};
Stack* ReportLimitsTest::stack_ = nullptr;

}  // namespace

TEST_F(ReportLimitsTest, ImportOverTheLimitsIsRefused) {
  long before = report_versions(*stack_);
  expect_refused(jane.post("/api/v3/report/import", report_with_metrics(4)),
                 "Cannot store the report: the report would hold 4 metrics; at most 3 are allowed.", before);
  auto deep = report_with_metrics(1);
  // Objects in objects: storable, but deeper than the configured nesting limit.
  auto nested = json::Value::parse(R"({"x": 1})");
  for (int i = 0; i < 40; ++i) {
    auto outer = json::Value::object();
    outer.set("x", nested);
    nested = outer;
  }
  deep.set("title", nested);
  expect_refused(jane.post("/api/v3/report/import", deep), "levels deep; at most 32 are allowed", before);
  EXPECT_EQ(jane.post("/api/v3/report/import", report_with_metrics(3)).status, 200) << "at the limit is fine";
}

TEST_F(ReportLimitsTest, CreateCopyAndMoveStopAtTheLimits) {
  std::string report = created(jane.post("/api/v3/report/new", json::Value::object()), "new_report_uuid");
  auto software = attribute("type", json::Value::string("software"));
  std::string subject = created(jane.post("/api/v3/subject/new/" + report, software), "new_subject_uuid");
  std::string second_subject =
      created(jane.post("/api/v3/subject/new/" + report, software), "new_subject_uuid");
  long before = report_versions(*stack_);
  expect_refused(jane.post("/api/v3/subject/new/" + report, software), "would hold 3 subjects; at most 2",
                 before);
  expect_refused(jane.post("/api/v3/subject/" + subject + "/copy/" + report, json::Value::object()),
                 "would hold 3 subjects", before);

  auto violations = attribute("type", json::Value::string("violations"));
  std::string metric = created(jane.post("/api/v3/metric/new/" + subject, violations), "new_metric_uuid");
  created(jane.post("/api/v3/metric/new/" + subject, violations), "new_metric_uuid");
  created(jane.post("/api/v3/metric/" + metric + "/copy/" + second_subject, json::Value::object()),
          "new_metric_uuid");
  before = report_versions(*stack_);
  expect_refused(jane.post("/api/v3/metric/new/" + subject, violations), "would hold 4 metrics; at most 3",
                 before);
  expect_refused(jane.post("/api/v3/metric/" + metric + "/copy/" + subject, json::Value::object()),
                 "would hold 4 metrics", before);

  auto sonarqube = attribute("type", json::Value::string("sonarqube"));
  std::string source = created(jane.post("/api/v3/source/new/" + metric, sonarqube), "new_source_uuid");
  created(jane.post("/api/v3/source/new/" + metric, sonarqube), "new_source_uuid");
  created(jane.post("/api/v3/source/" + source + "/copy/" + metric, json::Value::object()),
          "new_source_uuid");
  before = report_versions(*stack_);
  expect_refused(jane.post("/api/v3/source/new/" + metric, sonarqube), "would hold 4 sources; at most 3",
                 before);
  expect_refused(jane.post("/api/v3/source/" + source + "/copy/" + metric, json::Value::object()),
                 "would hold 4 sources", before);

  // A full report can be copied (the copy holds as much), and its items moved within it.
  std::string copy =
      created(jane.post("/api/v3/report/" + report + "/copy", json::Value::object()), "new_report_uuid");
  EXPECT_EQ(jane.post("/api/v3/metric/" + metric + "/move/" + second_subject, json::Value::object()).status,
            200);
  // Moving into another full report is refused; the item stays where it was.
  std::string other = created(jane.post("/api/v3/report/new", json::Value::object()), "new_report_uuid");
  std::string other_subject =
      created(jane.post("/api/v3/subject/new/" + other, software), "new_subject_uuid");
  std::string other_metric =
      created(jane.post("/api/v3/metric/new/" + other_subject, violations), "new_metric_uuid");
  std::string other_source =
      created(jane.post("/api/v3/source/new/" + other_metric, sonarqube), "new_source_uuid");
  before = report_versions(*stack_);
  expect_refused(jane.post("/api/v3/metric/" + other_metric + "/move/" + subject, json::Value::object()),
                 "would hold 4 metrics", before);
  expect_refused(jane.post("/api/v3/subject/" + other_subject + "/move/" + copy, json::Value::object()),
                 "would hold 3 subjects", before);
  expect_refused(jane.post("/api/v3/source/" + other_source + "/move/" + metric, json::Value::object()),
                 "would hold 4 sources", before);
}

TEST_F(ReportLimitsTest, PushedMeasurementsHaveAtMostTheAllowedEntitiesPerSource) {
  std::string report = created(jane.post("/api/v3/report/new", json::Value::object()), "new_report_uuid");
  std::string subject =
      created(jane.post("/api/v3/subject/new/" + report, attribute("type", json::Value::string("software"))),
              "new_subject_uuid");
  std::string metric = created(
      jane.post("/api/v3/metric/new/" + subject, attribute("type", json::Value::string("violations"))),
      "new_metric_uuid");
  std::string source =
      created(jane.post("/api/v3/source/new/" + metric, attribute("type", json::Value::string("sonarqube"))),
              "new_source_uuid");
  auto push = [&](int entities) {
    std::string list;
    for (int i = 0; i < entities; ++i)
      list += std::string(i ? ", " : "") + R"({"key": "k)" + std::to_string(i) + "\"}";
    return jane.post(
        "/api/v3/metric/" + metric + "/measurement",
        R"({"sources": [{"source_uuid": ")" + source + R"(", "value": "1", "entities": [)" + list + "]}]}");
  };
  auto refused = push(3);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("a source may have at most 2 entities, not 3"), std::string::npos)
      << refused.body;
  EXPECT_EQ(jane.get("/api/v3/measurements/" + metric).json().get("measurements").size(), 0u);
  EXPECT_EQ(push(2).status, 200);
}

// The reproduction of the issue with the default limits: a report of thousands of metrics (22,874 fit in
// the 1 MiB body) is not imported.
TEST(ReportLimitsDefaults, AnImportOfMoreThan2000MetricsIsRefused) {
  Stack& stack = Stack::shared();
  stack.wait_until_initialized();
  UserSession jane{stack, "jadoe", "secret"};
  long before = report_versions(stack);
  auto response = jane.post("/api/v3/report/import", report_with_metrics(2001));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json().get_string("error"),
            "Cannot store the report: the report would hold 2001 metrics; at most 2000 are allowed.");
  EXPECT_EQ(report_versions(stack), before);
}

}  // namespace qta::e2e
