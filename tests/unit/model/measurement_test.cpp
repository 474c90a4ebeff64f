// Status evaluation, case by case, against v5.8.0's rules.
#include "model/measurement.h"

#include <gtest/gtest.h>

namespace qta::model {

namespace {

const datamodel::DataModel& test_model() {
  static const datamodel::DataModel model(json::Value::parse(R"json({
    "scales": {"count": {"name": "Count"}, "percentage": {"name": "Percentage"}, "version_number": {"name": "Version"}},
    "metrics": {
      "violations": {"name": "Violations", "unit": "violations", "addition": "sum", "direction": "<",
                     "default_scale": "count", "scales": ["count", "percentage"], "target": "0", "near_target": "10",
                     "sources": ["tool"], "tags": []},
      "user_story_points": {"name": "Points", "unit": "points", "addition": "sum", "direction": ">",
                     "default_scale": "count", "scales": ["count"], "target": "100", "near_target": "50",
                     "sources": ["tool"], "tags": []},
      "source_version": {"name": "Version", "unit": "", "addition": "min", "direction": ">",
                     "default_scale": "version_number", "scales": ["version_number"], "target": "1.0",
                     "near_target": "0.9", "sources": ["tool"], "tags": []}},
    "sources": {"tool": {"name": "Tool", "parameters": {"url": {"name": "URL", "type": "url", "default_value": "",
                "metrics": ["violations", "user_story_points", "source_version"]}},
                "entities": {"user_story_points": {"name": "story", "measured_attribute": "points",
                              "attributes": [{"key": "points", "type": "float"}]}}}},
    "subjects": {"software": {"name": "Software", "description": "x",
                              "metrics": ["violations", "user_story_points", "source_version"]}}})json"));
  return model;
}

const Now kNow{"2024-02-20T10:00:00+00:00", "2024-02-20", "2024-02-20T11:00:00"};

json::Value metric(const std::string& json_text) { return json::Value::parse(json_text); }

// A measurement of the given sources: each {"source_uuid", "value", ...}.
json::Value measured(const std::string& sources_json) {
  auto measurement = json::Value::object();
  measurement.set("sources", json::Value::parse(sources_json));
  measurement.set("start", json::Value::string(kNow.iso_timestamp));
  measurement.set("end", json::Value::string(kNow.iso_timestamp));
  return measurement;
}

json::Value evaluate(const json::Value& the_metric, json::Value measurement,
                     const json::Value& previous = {}) {
  update_measurement(measurement, previous, the_metric, test_model(), kNow);
  return measurement;
}

std::string status_of(const json::Value& measurement, const char* scale = "count") {
  auto status = measurement.get(scale).get("status");
  return status.is_null() ? "None" : status.as_string().value_or("?");
}

constexpr const char* kViolations =
    R"({"type": "violations", "target": "10", "near_target": "20", "sources": {"s1": {"type": "tool"}, "s2": {"type": "tool"}}})";

}  // namespace

struct CountCase {
  const char* metric;
  const char* value;
  const char* expected;
};

class CountStatus : public ::testing::TestWithParam<CountCase> {};

TEST_P(CountStatus, FollowsTargetsAndDirection) {
  const auto& param = GetParam();
  auto result = evaluate(metric(param.metric),
                         measured(std::string(R"([{"source_uuid": "s1", "value": ")") + param.value +
                                  R"(", "parse_error": null, "connection_error": null}])"));
  EXPECT_EQ(status_of(result), param.expected) << param.metric << " value " << param.value;
}

INSTANTIATE_TEST_SUITE_P(
    V58Rules, CountStatus,
    ::testing::Values(
        CountCase{kViolations, "5", "target_met"}, CountCase{kViolations, "10", "target_met"},
        CountCase{kViolations, "11", "near_target_met"}, CountCase{kViolations, "20", "near_target_met"},
        CountCase{kViolations, "21", "target_not_met"},
        CountCase{
            R"({"type": "violations", "target": "10", "near_target": "5", "sources": {"s1": {"type": "tool"}}})",
            "12", "target_not_met"},  // a near target better than the target is ignored
        CountCase{
            R"({"type": "violations", "direction": ">", "target": "10", "near_target": "5", "sources": {"s1": {"type": "tool"}}})",
            "7", "near_target_met"},
        CountCase{
            R"({"type": "violations", "direction": ">", "target": "10", "near_target": "5", "sources": {"s1": {"type": "tool"}}})",
            "12", "target_met"},
        CountCase{
            R"({"type": "violations", "direction": ">", "target": "10", "near_target": "5", "sources": {"s1": {"type": "tool"}}})",
            "3", "target_not_met"},
        CountCase{
            R"({"type": "violations", "target": "10", "near_target": "20", "accept_debt": true, "debt_target": "30",
                      "sources": {"s1": {"type": "tool"}}})",
            "25", "debt_target_met"},
        CountCase{
            R"({"type": "violations", "target": "10", "near_target": "20", "accept_debt": true, "debt_target": "30",
                      "debt_end_date": "2024-02-19", "sources": {"s1": {"type": "tool"}}})",
            "25", "target_not_met"},
        CountCase{
            R"({"type": "violations", "target": "10", "near_target": "20", "accept_debt": true, "debt_target": "30",
                      "debt_end_date": "2024-02-20", "sources": {"s1": {"type": "tool"}}})",
            "25", "debt_target_met"},
        CountCase{
            R"({"type": "violations", "target": "10", "near_target": "20", "accept_debt": true, "debt_target": "30",
                      "issue_ids": ["X-1"], "sources": {"s1": {"type": "tool"}}})",
            "25", "debt_target_met"},
        CountCase{R"({"type": "violations", "target": "10", "near_target": "20", "evaluate_targets": false,
                      "sources": {"s1": {"type": "tool"}}})",
                  "25", "informative"},
        CountCase{
            R"({"type": "violations", "target": "0", "near_target": "0", "sources": {"s1": {"type": "tool"}}})",
            "0", "target_met"}));

TEST(MeasurementValue, CountsAreAddedAndTargetsStoredOnTheCurrentScale) {
  auto result =
      evaluate(metric(kViolations),
               measured(R"([{"source_uuid": "s1", "value": "3"}, {"source_uuid": "s2", "value": "4"}])"));
  EXPECT_EQ(result.get("count").get_string("value"), "7");
  EXPECT_EQ(result.get("count").get_string("target"), "10");
  EXPECT_EQ(result.get("count").get_string("direction"), "<");
  EXPECT_FALSE(result.get("percentage").get("target").present()) << "targets only on the current scale";
  auto max = evaluate(
      metric(
          R"({"type": "violations", "addition": "max", "sources": {"s1": {"type": "tool"}, "s2": {"type": "tool"}}})"),
      measured(R"([{"source_uuid": "s1", "value": "3"}, {"source_uuid": "s2", "value": "4"}])"));
  EXPECT_EQ(max.get("count").get_string("value"), "4");
}

TEST(MeasurementValue, PercentagesSumNumeratorsAndDenominators) {
  auto result = evaluate(metric(kViolations), measured(R"([{"source_uuid": "s1", "value": "1", "total": "8"},
                                                           {"source_uuid": "s2", "value": "2", "total": "12"}])"));
  EXPECT_EQ(result.get("percentage").get_string("value"), "15");  // 3 / 20
  auto min = evaluate(
      metric(
          R"({"type": "violations", "addition": "min", "sources": {"s1": {"type": "tool"}, "s2": {"type": "tool"}}})"),
      measured(
          R"([{"source_uuid": "s1", "value": "1", "total": "8"}, {"source_uuid": "s2", "value": "2", "total": "12"}])"));
  EXPECT_EQ(min.get("percentage").get_string("value"), "13");  // min(12.5 → 13, 16.7 → 17)
  auto no_total =
      evaluate(metric(kViolations), measured(R"([{"source_uuid": "s1", "value": "5", "total": null}])"));
  EXPECT_EQ(no_total.get("percentage").get_string("value"), "5") << "a missing total counts as 100";
}

TEST(MeasurementValue, PercentageRoundsHalfUpAndHandlesZero) {
  EXPECT_EQ(percentage(1, 8, "<"), 13);
  EXPECT_EQ(percentage(1, 200, "<"), 1);
  EXPECT_EQ(percentage(1, 3, "<"), 33);
  EXPECT_EQ(percentage(0, 0, "<"), 0);
  EXPECT_EQ(percentage(0, 0, ">"), 100);
}

TEST(MeasurementValue, ErrorsAndRemovedSourcesMakeTheValueUnknown) {
  auto error = evaluate(metric(kViolations),
                        measured(R"([{"source_uuid": "s1", "value": null, "parse_error": "bad"}])"));
  EXPECT_TRUE(error.get("count").get("value").is_null());
  EXPECT_EQ(status_of(error), "None");
  auto removed = evaluate(metric(kViolations), measured(R"([{"source_uuid": "gone", "value": "1"}])"));
  EXPECT_EQ(status_of(removed), "None");
  auto none = evaluate(metric(kViolations), measured("[]"));
  EXPECT_EQ(status_of(none), "None");
  auto debt =
      evaluate(metric(R"({"type": "violations", "accept_debt": true, "sources": {}})"), measured("[]"));
  EXPECT_EQ(status_of(debt), "debt_target_met") << "no value but accepted debt";
}

TEST(MeasurementValue, IgnoredEntitiesAreLeftOut) {
  auto sources = R"([{"source_uuid": "s1", "value": "3",
     "entities": [{"key": "a"}, {"key": "b"}, {"key": "c"}],
     "entity_user_data": {"a": {"status": "false_positive"}, "b": {"status": "fixed", "status_end_date": "2024-02-20"},
                          "c": {"status": "confirmed"}}}])";
  auto result = evaluate(metric(kViolations), measured(sources));
  EXPECT_EQ(result.get("count").get_string("value"), "2") << "b's end date is today, so it has passed";
  auto points =
      evaluate(metric(R"({"type": "user_story_points", "sources": {"s1": {"type": "tool"}}})"),
               measured(R"([{"source_uuid": "s1", "value": "20", "entities": [{"key": "a", "points": "5.5"}],
                                      "entity_user_data": {"a": {"status": "wont_fix"}}}])"));
  EXPECT_EQ(points.get("count").get_string("value"), "15")
      << "the measured attribute is subtracted, truncated";
}

TEST(MeasurementValue, VersionNumbersTakeTheMinimumAndCompareAsVersions) {
  auto the_metric = metric(R"({"type": "source_version", "target": "1.0", "near_target": "0.9",
                               "sources": {"s1": {"type": "tool"}, "s2": {"type": "tool"}}})");
  auto result = evaluate(
      the_metric,
      measured(R"([{"source_uuid": "s1", "value": "v1.10"}, {"source_uuid": "s2", "value": "1.9.0"}])"));
  EXPECT_EQ(result.get("version_number").get_string("value"), "1.9.0");
  EXPECT_EQ(status_of(result, "version_number"), "target_met");
  auto invalid = evaluate(
      the_metric,
      measured(
          R"([{"source_uuid": "s1", "value": "not a version"}, {"source_uuid": "s2", "value": "2.0"}])"));
  EXPECT_EQ(invalid.get("version_number").get_string("value"), "0");
  EXPECT_EQ(status_of(invalid, "version_number"), "target_not_met");
}

TEST(MeasurementStatusStart, IsKeptWhileTheStatusStays) {
  auto previous = json::Value::parse(
      R"({"count": {"status": "target_met", "status_start": "2024-01-01T00:00:00+00:00"}})");
  auto same = evaluate(metric(kViolations), measured(R"([{"source_uuid": "s1", "value": "1"}])"), previous);
  EXPECT_EQ(same.get("count").get_string("status_start"), "2024-01-01T00:00:00+00:00");
  auto changed =
      evaluate(metric(kViolations), measured(R"([{"source_uuid": "s1", "value": "50"}])"), previous);
  EXPECT_EQ(changed.get("count").get_string("status_start"), kNow.iso_timestamp);
}

TEST(CopyAndRecompute, CopiesEverythingButIdAndTimes) {
  auto latest = json::Value::parse(
      R"({"_id": {"$oid": "65d4c0ffee0123456789abcd"}, "metric_uuid": "m", "start": "a", "end": "b",
    "sources": [{"source_uuid": "s1", "value": "15"}], "delta": {"description": "kept"},
    "count": {"status": "near_target_met", "status_start": "a"}})");
  auto copy = copy_and_recompute(latest, metric(R"({"type": "violations", "target": "20", "near_target": "30",
                                                    "sources": {"s1": {"type": "tool"}}})"),
                                 test_model(), kNow);
  EXPECT_FALSE(copy.get("_id").present());
  EXPECT_EQ(copy.get_string("start"), kNow.iso_timestamp);
  EXPECT_EQ(copy.get("delta").get_string("description"), "kept") << "v5.8.0 copies the delta too";
  EXPECT_EQ(status_of(copy), "target_met");
  EXPECT_EQ(copy.get("count").get_string("target"), "20");
}

}  // namespace qta::model
