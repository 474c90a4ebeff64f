// Our data model file: complete (v5.8.0's key sets), consistent, and the typed view's rules.
#include "datamodel/data_model.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace qta::datamodel {

namespace {
const std::string kDataModelFile = std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json";

json::Value v58_keys() {
  std::ifstream file(std::string(QTA_SOURCE_DIR) + "/tests/data/v5.8.0-datamodel-keys.json");
  std::stringstream text;
  text << file.rdbuf();
  return json::Value::parse(text.str());
}

std::set<std::string> keys_of(const json::Value& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

std::set<std::string> strings_of(const json::Value& array) {
  std::set<std::string> values;
  for (const auto& element : array.elements()) values.insert(*element.as_string());
  return values;
}

class OurDataModel : public ::testing::Test {
 protected:
  OurDataModel() : document(read_data_model_file(kDataModelFile)), model(document) {}
  json::Value document;
  DataModel model;
};
}  // namespace

TEST_F(OurDataModel, HasTheKeySetsOfV580) {
  auto expected = v58_keys();
  EXPECT_EQ(keys_of(document.get("metrics")), strings_of(expected.get("metrics")));
  EXPECT_EQ(keys_of(document.get("sources")), strings_of(expected.get("sources")));
  EXPECT_EQ(keys_of(document.get("subjects")), strings_of(expected.get("subjects")));
  EXPECT_EQ(keys_of(document.get("scales")), strings_of(expected.get("scales")));
  for (const auto& [source, parameters] : expected.get("source_parameters").items()) {
    EXPECT_EQ(keys_of(document.get("sources").get(source).get("parameters")), strings_of(parameters))
        << source;
  }
  for (const auto& [source, entities] : expected.get("source_entities").items()) {
    auto ours = document.get("sources").get(source).get("entities");
    EXPECT_EQ(keys_of(ours), strings_of(entities)) << source;
  }
}

TEST_F(OurDataModel, IsConsistent) {
  auto problems = model.consistency_problems();
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems, the first: " << problems.front();
}

TEST_F(OurDataModel, BrokenCopiesAreCaught) {
  auto missing_source = document.deep_copy();
  missing_source.get("sources").erase("sonarqube");
  auto problems = DataModel(missing_source).consistency_problems();
  EXPECT_NE(std::find(problems.begin(), problems.end(), "metric violations names unknown source sonarqube"),
            problems.end());

  auto bad_default = document.deep_copy();
  auto parameter = bad_default.get("sources").get("sonarqube").get("parameters").get("severities");
  parameter.set("default_value", json::Value::parse(R"(["not a severity"])"));
  problems = DataModel(bad_default).consistency_problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "source sonarqube parameter severities has default value not a severity outside its values");

  auto unlisted = document.deep_copy();
  unlisted.get("metrics").get("loc").set("direction", json::Value::string("="));
  EXPECT_EQ(DataModel(unlisted).consistency_problems(),
            (std::vector<std::string>{"metric loc has direction ="}));
}

TEST_F(OurDataModel, IncompleteDocumentsAreRejected) {
  auto nameless = document.deep_copy();
  nameless.get("metrics").get("loc").erase("name");
  EXPECT_THROW(DataModel{nameless}, DataModelError);
  EXPECT_THROW(DataModel{json::Value::object()}, DataModelError);
  EXPECT_THROW(read_data_model_file("/nonexistent/datamodel.json"), DataModelError);
}

TEST_F(OurDataModel, PasswordParametersAndUnknownOnesAreCredentials) {
  EXPECT_TRUE(model.is_password_parameter("sonarqube", "private_token"));
  EXPECT_TRUE(model.is_password_parameter("jira", "password"));
  EXPECT_FALSE(model.is_password_parameter("sonarqube", "url"));
  EXPECT_FALSE(model.is_password_parameter("jira", "username"));
  EXPECT_TRUE(model.is_password_parameter("sonarqube", "no_such_parameter"));
  EXPECT_TRUE(model.is_password_parameter("no_such_source", "url"));
  EXPECT_TRUE(is_issue_tracker_credential("private_token"));
  EXPECT_FALSE(is_issue_tracker_credential("username"));
}

TEST_F(OurDataModel, DefaultMetricAttributesComeFromTheMetricType) {
  auto attributes = model.default_metric_attributes("violations");
  EXPECT_EQ(
      attributes.dump(),
      R"({"type":"violations","sources":{},"name":null,"scale":"count","unit":null,"addition":"sum",)"
      R"("accept_debt":false,"debt_target":null,"direction":null,"target":"0","near_target":"10","tags":[]})");
  EXPECT_THROW(model.default_metric_attributes("no_such_metric"), DataModelError);
}

TEST_F(OurDataModel, DefaultSourceParametersAreThoseOfTheMetric) {
  auto parameters = model.default_source_parameters("violations", "sonarqube");
  for (const auto& [key, value] : parameters.items()) {
    const Parameter* parameter = model.source("sonarqube")->parameter(key);
    ASSERT_NE(parameter, nullptr);
    EXPECT_NE(std::find(parameter->metrics.begin(), parameter->metrics.end(), "violations"),
              parameter->metrics.end());
    EXPECT_EQ(value, parameter->default_value) << key;
  }
  EXPECT_TRUE(parameters.get("url").present());
  EXPECT_FALSE(parameters.get("languages_to_ignore").present()) << "a parameter of other metrics only";
}

TEST_F(OurDataModel, DefaultSubjectAttributes) {
  auto attributes = model.default_subject_attributes("software");
  EXPECT_EQ(attributes.get_string("type"), "software");
  EXPECT_TRUE(attributes.get("name").is_null());
  EXPECT_EQ(attributes.get_string("description"), model.subject("software")->description);
}

}  // namespace qta::datamodel
