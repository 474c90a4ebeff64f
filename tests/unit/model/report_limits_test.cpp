// What one report may hold: counting and the limit rule.
#include "model/report_limits.h"

#include <gtest/gtest.h>

namespace qta::model {

namespace {

// A report with `subjects` subjects of `metrics` metrics each, each metric with `sources` sources.
json::Value report_of(int subjects, int metrics, int sources) {
  auto report = json::Value::object();
  auto subject_map = json::Value::object();
  for (int s = 0; s < subjects; ++s) {
    auto metric_map = json::Value::object();
    for (int m = 0; m < metrics; ++m) {
      auto source_map = json::Value::object();
      for (int o = 0; o < sources; ++o) {
        source_map.set("source-" + std::to_string(o),
                       json::Value::parse(R"({"type": "sonarqube", "parameters": {"tags": ["a"]}})"));
      }
      auto metric = json::Value::object();
      metric.set("sources", source_map);
      metric_map.set("metric-" + std::to_string(s) + "-" + std::to_string(m), metric);
    }
    auto subject = json::Value::object();
    subject.set("metrics", metric_map);
    subject_map.set("subject-" + std::to_string(s), subject);
  }
  report.set("report_uuid", json::Value::string("r"));
  report.set("subjects", subject_map);
  return report;
}

}  // namespace

TEST(ReportLimits, NestingDepthCountsObjectsAndLists) {
  EXPECT_EQ(nesting_depth(json::Value::parse("1")), 0);
  EXPECT_EQ(nesting_depth(json::Value::parse("{}")), 1);
  EXPECT_EQ(nesting_depth(json::Value::parse(R"({"a": 1})")), 1);
  EXPECT_EQ(nesting_depth(json::Value::parse(R"({"a": [], "b": 2})")), 2);
  EXPECT_EQ(nesting_depth(json::Value::parse(R"([[[{"x": [1]}]]])")), 5);
}

TEST(ReportLimits, MeasuresSubjectsMetricsSourcesAndNesting) {
  auto size = measure_report(report_of(3, 4, 2));
  EXPECT_EQ(size.subjects, 3);
  EXPECT_EQ(size.metrics, 12);
  EXPECT_EQ(size.sources, 24);
  EXPECT_EQ(size.nesting, 9)
      << "report, subjects, subject, metrics, metric, sources, source, parameters, list";
}

TEST(ReportLimits, MembersOfTheWrongTypeCountAsNothing) {
  auto size = measure_report(json::Value::parse(R"({"subjects": {"s": {"metrics": ["m1", "m2"]}, "t": 3}})"));
  EXPECT_EQ(size.subjects, 2);
  EXPECT_EQ(size.metrics, 0);
  EXPECT_EQ(measure_report(json::Value::parse(R"({"subjects": []})")).subjects, 0);
}

TEST(ReportLimits, AReportAtTheLimitsIsAccepted) {
  ReportLimits limits{.subjects = 3, .metrics = 12, .sources = 24, .nesting = 9, .entities = 1};
  EXPECT_EQ(report_limit_problem(report_of(3, 4, 2), limits), "");
}

TEST(ReportLimits, OneMoreOfAnythingIsRefusedWithWhatAndHowMany) {
  ReportLimits limits{.subjects = 3, .metrics = 12, .sources = 24, .nesting = 9, .entities = 1};
  EXPECT_EQ(report_limit_problem(report_of(4, 1, 1), limits),
            "the report would hold 4 subjects; at most 3 are allowed");
  EXPECT_EQ(report_limit_problem(report_of(1, 13, 1), limits),
            "the report would hold 13 metrics; at most 12 are allowed");
  EXPECT_EQ(report_limit_problem(report_of(1, 5, 5), limits),
            "the report would hold 25 sources; at most 24 are allowed");
  auto deep = report_of(1, 1, 1);
  deep.set("title", json::Value::parse(R"([[[[[[[[[["deep"]]]]]]]]]])"));
  EXPECT_EQ(report_limit_problem(deep, limits), "the report is nested 11 levels deep; at most 9 are allowed");
}

TEST(ReportLimits, DefaultsLeaveRoomForLargeRealReports) {
  ReportLimits defaults;
  EXPECT_EQ(report_limit_problem(report_of(20, 100, 2), defaults), "") << "2000 metrics, 4000 sources";
  EXPECT_NE(report_limit_problem(report_of(20, 101, 1), defaults), "");
}

TEST(ReportLimits, EntitiesPerSource) {
  ReportLimits limits;
  limits.entities = 2;
  EXPECT_EQ(entity_limit_problem(2, limits), "");
  EXPECT_EQ(entity_limit_problem(3, limits), "a source may have at most 2 entities, not 3");
}

}  // namespace qta::model
