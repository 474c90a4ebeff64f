// Pushed measurements: entity limits and entities' first-seen times.
#include "model/ingest.h"

#include <gtest/gtest.h>

namespace qta::model {

namespace {

const datamodel::DataModel& test_model() {
  static const datamodel::DataModel model(json::Value::parse(R"json({
    "scales": {"count": {"name": "Count"}},
    "metrics": {"violations": {"name": "Violations", "unit": "violations", "addition": "sum", "direction": "<",
                "default_scale": "count", "scales": ["count"], "target": "0", "near_target": "10",
                "sources": ["tool"], "tags": []}},
    "sources": {"tool": {"name": "Tool", "parameters": {}, "entities": {}}},
    "subjects": {"software": {"name": "Software", "description": "x", "metrics": ["violations"]}}})json"));
  return model;
}

const Now kNow{"2024-02-20T10:00:00+00:00", "2024-02-20", "2024-02-20T11:00:00"};
const json::Value kMetric =
    json::Value::parse(R"({"type": "violations", "scale": "count", "sources": {"s1": {"type": "tool"}}})");

json::Value push_with_keys(const std::vector<std::string>& keys) {
  auto entities = json::Value::array();
  for (const auto& key : keys) {
    auto entity = json::Value::object();
    entity.set("key", json::Value::string(key));
    entities.append(entity);
  }
  auto source = json::Value::object();
  source.set("source_uuid", json::Value::string("s1"));
  source.set("value", json::Value::string(std::to_string(keys.size())));
  source.set("entities", entities);
  auto sources = json::Value::array();
  sources.append(source);
  auto pushed = json::Value::object();
  pushed.set("sources", sources);
  return pushed;
}

}  // namespace

TEST(Ingest, MoreEntitiesThanTheLimitAreRefused) {
  ReportLimits limits;
  limits.entities = 2;
  EXPECT_NO_THROW(measurement_from_push(push_with_keys({"a", "b"}), "r", "m", kMetric, json::Value(),
                                        test_model(), kNow, limits));
  try {
    measurement_from_push(push_with_keys({"a", "b", "c"}), "r", "m", kMetric, json::Value(), test_model(),
                          kNow, limits);
    FAIL() << "three entities accepted";
  } catch (const IngestError& error) {
    EXPECT_EQ(std::string(error.what()), "a source may have at most 2 entities, not 3");
  }
}

TEST(Ingest, EntitiesKeepTheirFirstSeenTime) {
  auto previous = json::Value::parse(R"({"sources": [{"source_uuid": "s1", "entities": [
      {"key": "a", "first_seen": "2024-01-01T00:00:00+00:00"}, {"key": "b", "first_seen": ""}]}]})");
  auto measurement = measurement_from_push(push_with_keys({"a", "b", "c"}), "r", "m", kMetric, previous,
                                           test_model(), kNow, {});
  auto entities = measurement.get("sources").at(0).get("entities");
  EXPECT_EQ(entities.at(0).get_string("first_seen"), "2024-01-01T00:00:00+00:00");
  EXPECT_EQ(entities.at(1).get_string("first_seen"), kNow.iso_timestamp) << "an empty first_seen is not kept";
  EXPECT_EQ(entities.at(2).get_string("first_seen"), kNow.iso_timestamp);
}

}  // namespace qta::model
