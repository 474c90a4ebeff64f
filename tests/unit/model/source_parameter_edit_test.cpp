#include "model/source_parameter_edit.h"

#include <gtest/gtest.h>

namespace qta::model {

namespace {

// Two reports; the sources named "a*" are of type cloc with url "old", except where noted.
std::vector<json::Value> reports() {
  return {json::Value::parse(R"({"report_uuid": "r1", "subjects": {
            "s1": {"metrics": {
              "m1": {"sources": {"a1": {"type": "cloc", "parameters": {"url": "old"}},
                                 "a2": {"type": "cloc", "parameters": {"url": "old"}},
                                 "b1": {"type": "sonar", "parameters": {"url": "old"}}}},
              "m2": {"sources": {"a3": {"type": "cloc", "parameters": {"url": "old"}},
                                 "a4": {"type": "cloc", "parameters": {"url": "other"}}}}}},
            "s2": {"metrics": {
              "m3": {"sources": {"a5": {"type": "cloc", "parameters": {"url": "old"}}}}}}}})"),
          json::Value::parse(R"({"report_uuid": "r2", "subjects": {
            "s3": {"metrics": {
              "m4": {"sources": {"a6": {"type": "cloc", "parameters": {"url": "old"}}}}}}}})")};
}

std::string url_of(const std::vector<json::Value>& reports, const std::string& source_uuid) {
  return find_source(reports, source_uuid)->source.get("parameters").get_string("url");
}

ParameterEdit edit(std::vector<json::Value>& reports, EditScope scope, const std::string& old_value = "old") {
  auto edited = *find_source(reports, "a1");
  return edit_source_parameter(reports, edited, scope, "url", json::Value::string(old_value),
                               json::Value::string("new"));
}

}  // namespace

TEST(EditScope, FromItsName) {
  EXPECT_EQ(edit_scope_from_name("source"), EditScope::kSource);
  EXPECT_EQ(edit_scope_from_name("metric"), EditScope::kMetric);
  EXPECT_EQ(edit_scope_from_name("subject"), EditScope::kSubject);
  EXPECT_EQ(edit_scope_from_name("report"), EditScope::kReport);
  EXPECT_EQ(edit_scope_from_name("reports"), EditScope::kReports);
  EXPECT_EQ(edit_scope_from_name("Source"), std::nullopt);
  EXPECT_EQ(edit_scope_from_name(""), std::nullopt);
}

TEST(SourceParameterEdit, SourceScopeChangesTheEditedSourceOnly) {
  auto all = reports();
  auto result = edit(all, EditScope::kSource);
  EXPECT_EQ(result.changed_ids, (std::vector<std::string>{"r1", "s1", "m1", "a1"}));
  EXPECT_EQ(result.nr_sources, 1u);
  EXPECT_EQ(url_of(all, "a1"), "new");
  EXPECT_EQ(url_of(all, "a2"), "old");
}

TEST(SourceParameterEdit, MetricScopeChangesTheSourcesOfTheSameTypeWithTheOldValue) {
  auto all = reports();
  auto result = edit(all, EditScope::kMetric);
  EXPECT_EQ(result.changed_ids, (std::vector<std::string>{"r1", "s1", "m1", "a1", "a2"}));
  EXPECT_EQ(url_of(all, "b1"), "old") << "another source type";
  EXPECT_EQ(url_of(all, "a3"), "old") << "another metric";
}

TEST(SourceParameterEdit, SubjectScopeLeavesOtherValuesAndSubjects) {
  auto all = reports();
  auto result = edit(all, EditScope::kSubject);
  EXPECT_EQ(result.changed_ids, (std::vector<std::string>{"r1", "s1", "m1", "a1", "a2", "m2", "a3"}));
  EXPECT_EQ(result.nr_sources, 3u);
  EXPECT_EQ(url_of(all, "a4"), "other");
  EXPECT_EQ(url_of(all, "a5"), "old");
}

TEST(SourceParameterEdit, ReportScopeStaysInTheReport) {
  auto all = reports();
  auto result = edit(all, EditScope::kReport);
  EXPECT_EQ(result.nr_sources, 4u);
  EXPECT_EQ(url_of(all, "a5"), "new");
  EXPECT_EQ(url_of(all, "a6"), "old");
  EXPECT_EQ(changed_reports(all, result).size(), 1u);
}

TEST(SourceParameterEdit, ReportsScopeChangesAllReports) {
  auto all = reports();
  auto result = edit(all, EditScope::kReports);
  EXPECT_EQ(result.nr_sources, 5u);
  EXPECT_EQ(url_of(all, "a6"), "new");
  auto changed = changed_reports(all, result);
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[1].get_string("report_uuid"), "r2");
}

TEST(SourceParameterEdit, AllFalsyValuesCountAsEqual) {
  std::vector<json::Value> all{json::Value::parse(R"({"report_uuid": "r1", "subjects": {"s1": {"metrics": {
      "m1": {"sources": {"a1": {"type": "cloc", "parameters": {"url": ""}},
                         "a2": {"type": "cloc"},
                         "a3": {"type": "cloc", "parameters": {"url": null}},
                         "a4": {"type": "cloc", "parameters": {"url": "set"}}}}}}}})")};
  auto result = edit(all, EditScope::kMetric, "");
  EXPECT_EQ(result.nr_sources, 3u);
  EXPECT_EQ(url_of(all, "a2"), "new") << "a source without parameters gets them";
  EXPECT_EQ(url_of(all, "a4"), "set");
}

}  // namespace qta::model
