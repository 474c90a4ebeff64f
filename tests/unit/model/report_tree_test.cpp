#include "model/report_tree.h"

#include <gtest/gtest.h>

#include "model/summary.h"

namespace qta::model {

namespace {
datamodel::DataModel small_model() {
  return datamodel::DataModel(json::Value::parse(R"json({
    "scales": {"count": {"name": "Count"}, "percentage": {"name": "Percentage"}},
    "metrics": {"loc": {"name": "Size (LOC)", "unit": "lines", "addition": "sum", "direction": "<",
                        "default_scale": "count", "scales": ["count"], "target": "30000", "near_target": "35000",
                        "sources": ["cloc"], "tags": ["maintainability"]}},
    "sources": {"cloc": {"name": "cloc", "parameters": {"url": {"name": "URL", "type": "url", "mandatory": true,
                          "default_value": "", "metrics": ["loc"]}}}},
    "subjects": {"software": {"name": "Software", "description": "Some software.", "metrics": ["loc"]}}})json"));
}

json::Value report() {
  return json::Value::parse(R"({"report_uuid": "r1", "title": "Report", "subjects": {
    "s1": {"type": "software", "name": null, "metrics": {
      "m1": {"type": "loc", "name": "", "sources": {"x1": {"type": "cloc", "parameters": {}}}},
      "m2": {"type": "loc", "name": "Named", "accept_debt": true, "sources": {}}}},
    "s2": {"type": "software", "name": "Second", "metrics": {}}}})");
}
}  // namespace

TEST(ReportTree, FindsItemsAndTheirParents) {
  std::vector<json::Value> reports = {report()};
  auto source = find_source(reports, "x1");
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->metric_uuid, "m1");
  EXPECT_EQ(source->subject_uuid, "s1");
  EXPECT_EQ(source->report.get_string("report_uuid"), "r1");
  EXPECT_FALSE(find_metric(reports, "nope").has_value());
  // Found items share their JSON with the report.
  source->source.set("name", json::Value::string("Changed"));
  EXPECT_EQ(reports[0]
                .get("subjects")
                .get("s1")
                .get("metrics")
                .get("m1")
                .get("sources")
                .get("x1")
                .get_string("name"),
            "Changed");
}

TEST(ReportTree, NamesFallBackToTheDataModelExceptForSources) {
  auto model = small_model();
  auto r = report();
  EXPECT_EQ(subject_name(r.get("subjects").get("s1"), model), "Software");
  EXPECT_EQ(subject_name(r.get("subjects").get("s2"), model), "Second");
  EXPECT_EQ(metric_name(r.get("subjects").get("s1").get("metrics").get("m1"), model), "Size (LOC)");
  EXPECT_EQ(source_name(json::Value::parse(R"({"type": "cloc"})")), "None");
  EXPECT_EQ(report_title(json::Value::parse(R"({"title": null})")), "None");
  EXPECT_EQ(report_title(json::Value::object()), "");
}

TEST(ReportTree, CopiesGetNewUuidsAndCopyNames) {
  auto model = small_model();
  auto subject = report().get("subjects").get("s1");
  auto copy = copy_subject(subject, model, true);
  EXPECT_EQ(copy.get_string("name"), "Software (copy)");
  ASSERT_EQ(copy.get("metrics").size(), 2u);
  for (const auto& [uuid, metric] : copy.get("metrics").items()) {
    EXPECT_NE(uuid, "m1");
    EXPECT_NE(uuid, "m2");
    EXPECT_FALSE(metric.get_string("name").ends_with("(copy)")) << "children keep their names";
  }
  EXPECT_EQ(subject.get("metrics").get("m1").get("sources").get("x1").get("parameters"),
            json::Value::object())
      << "the original is untouched";
  auto report_copy = copy_report(report(), model);
  EXPECT_EQ(report_copy.get_string("title"), "Report (copy)");
  EXPECT_NE(report_copy.get_string("report_uuid"), "r1");
}

TEST(ReportTree, ReorderMovesWithinBounds) {
  auto r = report();
  auto moved = reorder(r, "subjects", "s2", "first");
  EXPECT_EQ(moved.old_index, 1);
  EXPECT_EQ(moved.new_index, 0);
  EXPECT_EQ(r.get("subjects").items()[0].first, "s2");
  moved = reorder(r, "subjects", "s2", "previous");
  EXPECT_EQ(moved.new_index, 0);
  moved = reorder(r, "subjects", "s2", "last");
  EXPECT_EQ(r.get("subjects").items()[1].first, "s2");
  EXPECT_THROW(reorder(r, "subjects", "s2", "middle"), std::invalid_argument);
}

TEST(Summary, StatusesColoursAndDebt) {
  auto model = small_model();
  auto r = report();
  MeasurementsByMetric measurements;
  measurements["m1"] = {json::Value::parse(
      R"({"metric_uuid": "m1", "start": "a", "end": "b", "sources": [{"source_uuid": "x1"}],
                                               "count": {"value": "10", "status": "target_met", "status_start": "a"}})")};
  auto colors = status_colors(r, measurements, model);
  EXPECT_EQ(colors.dump(), R"({"red":0,"green":1,"yellow":0,"grey":1,"blue":0,"white":0})")
      << "m1 green from its measurement, m2 grey from accepted debt without an end date";
  auto summary = summarize_report(r, measurements, model);
  auto m1 = summary.get("subjects").get("s1").get("metrics").get("m1");
  EXPECT_EQ(m1.get_string("status"), "target_met");
  EXPECT_EQ(m1.get_string("status_start"), "a");
  EXPECT_EQ(m1.get("recent_measurements").dump(),
            R"([{"count":{"value":"10","status":"target_met"},"start":"a","end":"b"}])");
  EXPECT_TRUE(m1.get("issue_status").is_array());
  auto m2 = summary.get("subjects").get("s1").get("metrics").get("m2");
  EXPECT_TRUE(m2.get("latest_measurement").is_null());
  EXPECT_FALSE(m2.get("issue_status").present());
}

TEST(Summary, MeasurementsOfRemovedSourcesAreLeftOutOfTheMetricSummary) {
  auto model = small_model();
  MeasurementsByMetric measurements;
  measurements["m1"] = {json::Value::parse(R"({"start": "a", "end": "b", "sources": [{"source_uuid": "gone"}],
                                               "count": {"value": "1", "status": "target_not_met"}})")};
  auto summary = summarize_report(report(), measurements, model);
  EXPECT_TRUE(summary.get("subjects").get("s1").get("metrics").get("m1").get("status").is_null());
  EXPECT_EQ(summary.get("summary").get("red"), json::Value::integer(1))
      << "the report count uses the unfiltered measurement";
}

TEST(Summary, KeepsTheReportsMembersInPlaceAndLeavesTheReportAlone) {
  auto model = small_model();
  auto r = json::Value::parse(
      R"({"report_uuid": "r1", "subjects": {"s1": {"metrics": {}, "name": "S", "type": "software"}},
                                  "title": "Report", "tags": ["a"]})");
  std::string before = r.dump();
  auto summary = summarize_report(r, {}, model);
  std::vector<std::string> keys;
  for (const auto& [key, value] : summary.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"report_uuid", "subjects", "title", "tags", "summary"}));
  keys.clear();
  for (const auto& [key, value] : summary.get("subjects").get("s1").items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"metrics", "name", "type"}));
  summary.get("tags").append(json::Value::string("b"));
  summary.get("subjects").get("s1").set("name", json::Value::string("Changed"));
  EXPECT_EQ(r.dump(), before) << "the summary is a copy";
}

}  // namespace qta::model
