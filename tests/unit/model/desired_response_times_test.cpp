#include "model/desired_response_times.h"

#include <gtest/gtest.h>

#include "base/date_time.h"

namespace qta::model {

namespace {

json::Value report_with(const std::string& desired_response_times) {
  return json::Value::parse(R"({"desired_response_times": )" + desired_response_times + "}");
}

std::int64_t at(const std::string& iso) { return *base::epoch_seconds(iso); }

json::Value measurement(const std::string& start, const std::string& end, const std::string& status) {
  return json::Value::parse(R"({"start": ")" + start + R"(", "end": ")" + end +
                            R"(", "count": {"status": ")" + status + R"("}})");
}

}  // namespace

TEST(DesiredResponseTimes, MetricStatusesHaveTheDefaultsOfVersion580) {
  auto report = json::Value::object();
  EXPECT_EQ(metric_response_days(report, "debt_target_met"), 60);
  EXPECT_EQ(metric_response_days(report, "near_target_met"), 21);
  EXPECT_EQ(metric_response_days(report, "target_not_met"), 7);
  EXPECT_EQ(metric_response_days(report, "unknown"), 3);
  EXPECT_EQ(metric_response_days(report, "target_met"), std::nullopt);
  EXPECT_EQ(metric_response_days(report, "informative"), std::nullopt);
  EXPECT_EQ(metric_response_days(report, "confirmed"), std::nullopt) << "an entity status";
}

TEST(DesiredResponseTimes, EntityStatusesHaveTheDefaultsOfVersion580) {
  auto report = json::Value::object();
  EXPECT_EQ(entity_response_days(report, "confirmed"), 180);
  EXPECT_EQ(entity_response_days(report, "false_positive"), 180);
  EXPECT_EQ(entity_response_days(report, "wont_fix"), 180);
  EXPECT_EQ(entity_response_days(report, "fixed"), 7);
  EXPECT_EQ(entity_response_days(report, "unconfirmed"), std::nullopt);
  EXPECT_EQ(entity_response_days(report, "unknown"), std::nullopt) << "a metric status";
}

TEST(DesiredResponseTimes, TheReportsOwnDaysReadAsPythonsIntReadsThem) {
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": 5})"), "unknown"), 5);
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": 5.9})"), "unknown"), 5);
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": "12"})"), "unknown"), 12);
  EXPECT_EQ(entity_response_days(report_with(R"({"fixed": "-2"})"), "fixed"), -2);
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": "5.5"})"), "unknown"), 3);
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": "nan"})"), "unknown"), 3);
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": null})"), "unknown"), 3);
  EXPECT_EQ(metric_response_days(report_with(R"({"unknown": [1]})"), "unknown"), 3);
  EXPECT_EQ(metric_response_days(report_with(R"([1, 2])"), "unknown"), 3);
  EXPECT_EQ(metric_response_days(report_with("null"), "target_not_met"), 7);
}

TEST(DesiredResponseTimes, StoredDaysAreClampedToACentury) {
  EXPECT_EQ(stored_days(json::Value::parse("1e308"), 1), 36525);
  EXPECT_EQ(stored_days(json::Value::parse("-9223372036854775807"), 1), -36525);
  EXPECT_EQ(stored_days(json::Value::string("99999999999"), 1), 36525);
}

TEST(ResponseDeadline, IsTheStatusStartPlusTheDesiredDays) {
  auto metric =
      json::Value::parse(R"({"status": "target_not_met", "status_start": "2024-02-01T12:00:00+00:00"})");
  EXPECT_EQ(response_deadline(metric, json::Value::object()), at("2024-02-08T12:00:00+00:00"));
  EXPECT_EQ(response_deadline(metric, report_with(R"({"target_not_met": 1})")),
            at("2024-02-02T12:00:00+00:00"));
}

TEST(ResponseDeadline, IsTheDebtEndDateForAcceptedDebt) {
  auto metric = json::Value::parse(
      R"({"status": "debt_target_met", "debt_end_date": "2024-03-01", "status_start": "2024-02-01"})");
  EXPECT_EQ(response_deadline(metric, json::Value::object()), at("2024-03-01T00:00:00+00:00"));
  metric.set("debt_end_date", json::Value::string(""));
  EXPECT_EQ(response_deadline(metric, json::Value::object()), std::nullopt);
}

TEST(ResponseDeadline, AMetricWithoutStatusIsUnknown) {
  auto metric = json::Value::parse(R"({"status_start": "2024-02-01"})");
  EXPECT_EQ(response_deadline(metric, json::Value::object()), at("2024-02-04"));
  metric.set("status", json::Value::string(""));
  EXPECT_EQ(response_deadline(metric, json::Value::object()), at("2024-02-04"));
}

TEST(ResponseDeadline, NoneWithoutStatusStartOrForStatusesThatNeedNoAction) {
  EXPECT_EQ(response_deadline(json::Value::parse(R"({"status": "unknown"})"), json::Value::object()),
            std::nullopt);
  auto met = json::Value::parse(R"({"status": "target_met", "status_start": "2024-02-01"})");
  EXPECT_EQ(response_deadline(met, json::Value::object()), std::nullopt);
}

TEST(DaysLeft, RoundsToWholeDaysAndStopsAtZero) {
  auto metric =
      json::Value::parse(R"({"status": "target_not_met", "status_start": "2024-02-01T00:00:00+00:00"})");
  auto report = json::Value::object();
  EXPECT_EQ(days_left(metric, report, at("2024-02-01T00:00:00+00:00")), 7);
  EXPECT_EQ(days_left(metric, report, at("2024-02-05T11:00:00+00:00")), 3);
  EXPECT_EQ(days_left(metric, report, at("2024-02-05T13:00:00+00:00")), 2);
  EXPECT_EQ(days_left(metric, report, at("2024-03-01T00:00:00+00:00")), 0);
  EXPECT_EQ(days_left(json::Value::parse(R"({"status": "target_met"})"), report, 0), std::nullopt);
}

TEST(OverrunDays, CountsTheDaysBeyondTheDesiredResponseTimePerStretch) {
  std::vector<json::Value> measurements{
      measurement("2024-01-01T00:00:00+00:00", "2024-01-05T00:00:00+00:00", "target_not_met"),
      measurement("2024-01-05T00:00:00+00:00", "2024-01-11T00:00:00+00:00", "target_not_met"),
      measurement("2024-01-11T00:00:00+00:00", "2024-01-12T00:00:00+00:00", "target_met"),
      measurement("2024-01-12T00:00:00+00:00", "2024-01-20T00:00:00+00:00", "")};
  // target_not_met for 10 days (3 over 7), target_met never overruns, unknown for 8 days (5 over 3).
  EXPECT_EQ(overrun_days(measurements, json::Value::object(), "count", 0), 8);
  EXPECT_EQ(overrun_days(measurements, report_with(R"({"unknown": 10})"), "count", 0), 3);
}

TEST(OverrunDays, LeavesOutMeasurementsThatEndedBeforeThePeriod) {
  std::vector<json::Value> measurements{
      measurement("2024-01-01T00:00:00+00:00", "2024-01-20T00:00:00+00:00", "target_not_met"),
      measurement("2024-01-20T00:00:00+00:00", "2024-01-30T00:00:00+00:00", "near_target_met")};
  EXPECT_EQ(overrun_days(measurements, json::Value::object(), "count", 0), 12);
  EXPECT_EQ(overrun_days(measurements, json::Value::object(), "count", at("2024-01-25")), 0);
}

TEST(OverrunDays, IgnoresStatusesWithoutADesiredResponseTime) {
  std::vector<json::Value> measurements{measurement("2024-01-01", "2024-03-01", "informative"),
                                        measurement("2024-03-01", "2024-05-01", "no_such_status")};
  EXPECT_EQ(overrun_days(measurements, json::Value::object(), "count", 0), 0);
}

}  // namespace qta::model
