// Queries on the datamodels collection.
#include "db/datamodels.h"

#include "base/date_time.h"
#include "db/read_cache.h"

namespace qta::db {

namespace {
constexpr const char* kCollection = "datamodels";

json::Value timestamp_filter(const std::string& max_iso_timestamp) {
  auto filter = json::Value::object();
  if (!max_iso_timestamp.empty()) {
    auto at_or_before = json::Value::object();
    at_or_before.set("$lte", json::Value::string(max_iso_timestamp));
    filter.set("timestamp", at_or_before);
  }
  return filter;
}

FindOptions newest_first() {
  FindOptions options;
  options.sort = json::Value::parse(R"({"timestamp": -1, "_id": -1})");
  return options;
}
}  // namespace

std::optional<DataModelVersion> latest_datamodel_version(Database& database,
                                                         const std::string& max_iso_timestamp) {
  FindOptions options = newest_first();
  options.projection = json::Value::parse(R"({"timestamp": 1})");
  auto found = database.find_one(kCollection, timestamp_filter(max_iso_timestamp), options);
  if (!found) return std::nullopt;
  return DataModelVersion{found->get("_id").get_string("$oid"), found->get_string("timestamp")};
}

std::optional<json::Value> datamodel_by_id(Database& database, const std::string& id) {
  auto filter = json::Value::object();
  auto oid = json::Value::object();
  oid.set("$oid", json::Value::string(id));
  filter.set("_id", oid);
  return database.find_one(kCollection, filter);
}

std::optional<json::Value> latest_datamodel(Database& database) {
  return database.find_one(kCollection, json::Value::object(), newest_first());
}

void insert_datamodel(Database& database, const json::Value& data_model) {
  ChangeNote note(database, Cached::kDataModels);
  auto document = data_model.deep_copy();
  document.erase("_id");
  document.set("timestamp", json::Value::string(base::iso_timestamp_now()));
  database.insert_one_ordered(kCollection, document);
}

}  // namespace qta::db
