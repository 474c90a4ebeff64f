// Which source searches compare with credentials, by our data model file.
#include "model/credentials.h"

#include <gtest/gtest.h>

namespace qta::model {

namespace {
const datamodel::DataModel& data_model() {
  static const datamodel::DataModel model(
      datamodel::read_data_model_file(std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json"));
  return model;
}
}  // namespace

TEST(SecretSearchAttribute, PasswordParametersAreSecret) {
  EXPECT_TRUE(is_secret_search_attribute("password", data_model()));
  EXPECT_TRUE(is_secret_search_attribute("private_token", data_model()));
}

TEST(SecretSearchAttribute, ParametersNoSourceTypeKnowsAreSecretAsV580HidesThem) {
  EXPECT_TRUE(is_secret_search_attribute("no_such_parameter", data_model()));
  EXPECT_TRUE(is_secret_search_attribute("", data_model()));
  EXPECT_TRUE(is_secret_search_attribute("parameters", data_model()));
}

TEST(SecretSearchAttribute, OtherParametersAndTheSourcesOwnAttributesAreNot) {
  for (const char* attribute : {"url", "username", "jql", "lookback_days", "name", "type"}) {
    EXPECT_FALSE(is_secret_search_attribute(attribute, data_model())) << attribute;
  }
}

TEST(SecretSearchAttribute, AKeyThatIsAPasswordForAnySourceTypeIsSecret) {
  auto document = json::Value::parse(R"({"metrics": {}, "subjects": {}, "scales": {}, "sources": {
    "a": {"name": "A", "parameters": {"key": {"name": "Key", "type": "string", "default_value": "", "metrics": []}}},
    "b": {"name": "B", "parameters": {"key": {"name": "Key", "type": "password", "default_value": "", "metrics": []}}}}})");
  datamodel::DataModel model(document);
  EXPECT_TRUE(is_secret_search_attribute("key", model));
}

}  // namespace qta::model
