// The OpenAPI document against the route table: every route described, once, with its placeholders.
#include "routes/openapi.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "db/mongo_database.h"
#include "json/json.h"
#include "routes/route_table.h"

namespace qta::routes {

namespace {

json::Value document() { return json::Value::parse(openapi_document()); }

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// "/api/v3/report/<report_uuid>" -> "/api/v3/report/{report_uuid}"
std::string openapi_path(const std::string& rule) {
  std::string path = rule;
  for (char& c : path) {
    if (c == '<') c = '{';
    if (c == '>') c = '}';
  }
  return path;
}

std::vector<std::string> placeholders(const std::string& rule) {
  std::vector<std::string> names;
  for (std::size_t open = rule.find('<'); open != std::string::npos; open = rule.find('<', open + 1)) {
    names.push_back(rule.substr(open + 1, rule.find('>', open) - open - 1));
  }
  return names;
}

// Every "$ref" anywhere in `value`.
void collect_refs(const json::Value& value, std::set<std::string>& refs) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (key == "$ref" && member.is_string()) refs.insert(*member.as_string());
      collect_refs(member, refs);
    }
  } else if (value.is_array()) {
    for (const auto& element : value.elements()) collect_refs(element, refs);
  }
}

}  // namespace

TEST(OpenApi, EveryRouteTableRowHasADescriptionAndEveryDescriptionARow) {
  EXPECT_EQ(undocumented_routes(), std::vector<std::string>{});
  EXPECT_EQ(stale_route_descriptions(), std::vector<std::string>{});
}

TEST(OpenApi, DocumentsEveryRegisteredRuleOnceAndNothingElse) {
  auto doc = document();
  EXPECT_EQ(doc.get_string("openapi"), "3.1.0");
  std::size_t operations = 0;
  for (const auto& [path, item] : doc.get("paths").items()) operations += item.size();
  EXPECT_EQ(operations, registered_rules().size());
  std::set<const Route*> rows;
  for (const auto& registered : registered_rules()) {
    auto op = doc.get("paths").get(openapi_path(registered.rule)).get(lower(registered.route->method));
    ASSERT_TRUE(op.is_object()) << registered.route->method << " " << registered.rule;
    EXPECT_EQ(op.get_string("summary"), registered.route->description);
    rows.insert(registered.route);
  }
  EXPECT_EQ(rows.size(), route_table().size());
}

TEST(OpenApi, PathParametersAreThePlaceholdersInOrder) {
  auto doc = document();
  for (const auto& registered : registered_rules()) {
    auto op = doc.get("paths").get(openapi_path(registered.rule)).get(lower(registered.route->method));
    std::vector<std::string> documented;
    for (const auto& parameter : op.get("parameters").elements()) {
      if (parameter.get_string("in") != "path") continue;
      documented.push_back(parameter.get_string("name"));
      EXPECT_EQ(parameter.get("required").as_boolean(), true) << registered.rule;
    }
    EXPECT_EQ(documented, placeholders(registered.rule)) << registered.rule;
  }
}

TEST(OpenApi, OperationIdsAreUnique) {
  std::set<std::string> ids;
  for (const auto& [path, item] : document().get("paths").items()) {
    for (const auto& [method, op] : item.items()) {
      EXPECT_TRUE(ids.insert(op.get_string("operationId")).second) << op.get_string("operationId");
    }
  }
}

TEST(OpenApi, SecurityFollowsTheAccessRule) {
  auto doc = document();
  for (const auto& registered : registered_rules()) {
    const Route& route = *registered.route;
    auto op = doc.get("paths").get(openapi_path(registered.rule)).get(lower(route.method));
    auto security = op.get("security");
    ASSERT_TRUE(security.is_array()) << registered.rule;
    if (route.access == Access::kOpen) {
      EXPECT_EQ(security.size(), 0u) << registered.rule;
      continue;
    }
    if (registered.rule.starts_with("/api/v3/tokens")) {  // a token may not make a longer-lived one
      EXPECT_EQ(security.dump(), R"([{"sessionCookie":[]}])") << registered.rule;
      EXPECT_TRUE(op.get("responses").get("403").present()) << registered.rule;
    } else {
      EXPECT_EQ(security.dump(), R"([{"sessionCookie":[]},{"bearerToken":[]}])") << registered.rule;
    }
    EXPECT_TRUE(op.get("responses").get("401").present()) << registered.rule;
    if (route.access == Access::kEditReports) {
      EXPECT_EQ(op.get("x-permissions").dump(), R"(["edit_reports"])") << registered.rule;
      EXPECT_TRUE(op.get("responses").get("403").present()) << registered.rule;
    }
  }
}

TEST(OpenApi, PostAndPutRoutesThatReadABodyDescribeIt) {
  auto op = document().get("paths").get("/api/v3/source/{source_uuid}/parameter/{parameter_key}").get("post");
  EXPECT_EQ(op.get("requestBody").get("content").get("application/json").get("schema").get_string("$ref"),
            "#/components/schemas/SourceParameter");
  auto put = document().get("paths").get("/api/v3/settings").get("put");
  EXPECT_TRUE(put.get("requestBody").get("required").as_boolean().value_or(false));
}

TEST(OpenApi, PdfRoutesListTheViewSettingsWithTheirAllowedValues) {
  auto doc = document();
  std::map<std::string, json::Value> parameters;
  for (const auto& [name, parameter] : doc.get("components").get("parameters").items())
    parameters[name] = parameter;
  for (const char* path : {"/api/v3/report/{report_uuid}/pdf", "/api/v3/reports_overview/pdf"}) {
    std::set<std::string> names;
    for (const auto& parameter : doc.get("paths").get(path).get("get").get("parameters").elements()) {
      std::string ref = parameter.get_string("$ref");
      if (!ref.empty()) names.insert(ref.substr(ref.rfind('/') + 1));
    }
    for (const char* name : {"metrics_to_hide", "hidden_columns", "hidden_tags", "tabs", "nr_dates",
                             "date_interval", "show_issue_summary", "show_issue_creation_date",
                             "show_issue_update_date", "report_date", "report_url"}) {
      EXPECT_TRUE(names.contains(name)) << path << " " << name;
    }
  }
  EXPECT_EQ(parameters["metrics_to_hide"].get("schema").get("enum").dump(),
            R"(["none","no_action_needed","all"])");
  EXPECT_EQ(parameters["date_interval"].get("schema").get("enum").dump(), "[1,7,14,21,28]");
  EXPECT_EQ(parameters["nr_dates"].get("schema").get("maximum").as_integer(), 7);
  EXPECT_EQ(parameters["hidden_columns"].get("schema").get("items").get("enum").size(), 12u);
}

TEST(OpenApi, EveryReferenceNamesAComponent) {
  auto doc = document();
  std::set<std::string> refs;
  collect_refs(doc, refs);
  ASSERT_FALSE(refs.empty());
  for (const auto& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/components/")) << ref;
    std::string rest = ref.substr(std::string("#/components/").size());
    std::string kind = rest.substr(0, rest.find('/'));
    std::string name = rest.substr(rest.find('/') + 1);
    EXPECT_TRUE(doc.get("components").get(kind).get(name).present()) << ref;
  }
}

TEST(OpenApi, ServedAsBuiltUnderBothPrefixes) {
  base::Config config;
  db::MongoDatabase database(db::Settings{"mongodb://127.0.0.1:1/", "quality_time_db", 200, 1});
  Dispatcher dispatcher(config, database);
  for (const char* uri : {"/api/v3/openapi.json", "/api/internal/openapi.json"}) {
    auto response = dispatcher.dispatch({"GET", uri});
    EXPECT_EQ(response.status(), 200) << uri;
    EXPECT_EQ(response.body(), openapi_document()) << uri;
  }
}

}  // namespace qta::routes
