// GET /api/v3/openapi.json: the OpenAPI 3.1 document. Method, path, path parameters, access rule and
// description come from the route table; query parameters, request body and answer from kDescriptions
// below, one entry per route table row, so that a route added without one fails the unit test.
#include "routes/openapi.h"

#include <array>
#include <span>
#include <string_view>

#include "json/json.h"
#include "routes/handlers.h"
#include "routes/openapi_components.h"
#include "routes/route_table.h"

namespace qta::routes {

namespace {

// What a route answers with 200.
struct Answer {
  std::string_view media_type;
  std::string_view schema;  // in components/schemas
  std::string_view description;
};

struct RouteDescription {
  std::string_view method;
  std::string_view path;                    // as in the route table
  std::span<const std::string_view> query;  // names in components/parameters
  std::string_view body;                    // in components/schemas; "" for none
  Answer answer;
};

constexpr std::string_view kNoBody;
constexpr std::array<std::string_view, 1> kReportDate{"report_date"};
constexpr std::array<std::string_view, 2> kPeriod{"min_report_date", "report_date"};
constexpr std::array<std::string_view, 1> kPublicKey{"public_key"};
// The view settings of a PDF export, as routes/pdf.cpp reads them.
constexpr std::array<std::string_view, 16> kPdfSettings{"metrics_to_hide",
                                                        "hidden_columns",
                                                        "hidden_tags",
                                                        "tabs",
                                                        "expanded",
                                                        "nr_dates",
                                                        "date_interval",
                                                        "date_order",
                                                        "sort_column",
                                                        "sort_direction",
                                                        "show_issue_summary",
                                                        "show_issue_creation_date",
                                                        "show_issue_update_date",
                                                        "show_issue_due_date",
                                                        "report_date",
                                                        "report_url"};

constexpr Answer kOk{"application/json", "Ok", "Done."};
constexpr Answer kCreated{"application/json", "Created", "Created; the answer names the new item's uuid."};
constexpr Answer kOkOrMeasurement{"application/json", "OkOrMeasurement",
                                  "Done; when the change alters the metric's status, the new measurement."};
constexpr Answer kMeasurement{"application/json", "Measurement", "The new measurement."};
constexpr Answer kChangelog{"application/json", "Changelog", "The changes, most recent first."};
constexpr Answer kApiRoutes{"application/json", "ApiRoutes", "The routes, by rule."};
constexpr Answer kPdf{"application/pdf", "Pdf", "The PDF document."};

const std::array kDescriptions{
    RouteDescription{
        "POST",
        "/api/v3/login",
        {},
        "Credentials",
        {"application/json", "LoginAnswer", "Whether the login succeeded; on success the session cookie."}},
    RouteDescription{"POST", "/api/v3/logout", {}, kNoBody, kOk},
    RouteDescription{
        "GET",
        "/api/v3/public_key",
        {},
        kNoBody,
        {"application/json", "PublicKey", "The public key of this instance, for exports meant for it."}},
    RouteDescription{"GET", "/api/v3/changelog/source/<source_uuid>/<nr_changes>", {}, kNoBody, kChangelog},
    RouteDescription{"GET", "/api/v3/changelog/metric/<metric_uuid>/<nr_changes>", {}, kNoBody, kChangelog},
    RouteDescription{"GET", "/api/v3/changelog/subject/<subject_uuid>/<nr_changes>", {}, kNoBody, kChangelog},
    RouteDescription{"GET", "/api/v3/changelog/report/<report_uuid>/<nr_changes>", {}, kNoBody, kChangelog},
    RouteDescription{"GET", "/api/v3/changelog/<nr_changes>", {}, kNoBody, kChangelog},
    RouteDescription{
        "GET",
        "/api/v3/datamodel",
        kReportDate,
        kNoBody,
        {"application/json", "DataModel", "The data model (empty before the first one was stored)."}},
    RouteDescription{"GET", "/api/<version>/<fragment>", {}, kNoBody, kApiRoutes},
    RouteDescription{"GET", "/api/<fragment>", {}, kNoBody, kApiRoutes},
    RouteDescription{"GET", "/api", {}, kNoBody, kApiRoutes},
    RouteDescription{"GET",
                     "/api/v3/openapi.json",
                     {},
                     kNoBody,
                     {"application/json", "OpenApiDocument", "This document."}},
    RouteDescription{"GET",
                     "/api/v3/logo/<source_type>",
                     {},
                     kNoBody,
                     {"image/png", "Png", "The logo of the source type."}},
    RouteDescription{"POST",
                     "/api/v3/measurement/<metric_uuid>/source/<source_uuid>/entity/<entity_key>/<attribute>",
                     {},
                     "Attribute",
                     kMeasurement},
    RouteDescription{"GET",
                     "/api/v3/nr_measurements",
                     {},
                     kNoBody,
                     {"text/event-stream", "EventStream",
                      "Server-sent events: 'init' with the number of "
                      "measurements, then 'delta' whenever it changes."}},
    RouteDescription{"GET",
                     "/api/v3/measurements",
                     kPeriod,
                     kNoBody,
                     {"application/json", "Measurements", "The measurements of the period."}},
    RouteDescription{"GET",
                     "/api/v3/measurements/<metric_uuid>",
                     kReportDate,
                     kNoBody,
                     {"application/json", "Measurements", "The measurements of the metric."}},
    RouteDescription{"POST", "/api/v3/metric/new/<subject_uuid>", {}, "NewItem", kCreated},
    RouteDescription{"POST", "/api/v3/metric/<metric_uuid>/copy/<subject_uuid>", {}, kNoBody, kCreated},
    RouteDescription{"POST", "/api/v3/metric/<metric_uuid>/move/<target_subject_uuid>", {}, kNoBody, kOk},
    RouteDescription{"DELETE", "/api/v3/metric/<metric_uuid>", {}, kNoBody, kOk},
    RouteDescription{"POST",
                     "/api/v3/metric/<metric_uuid>/attribute/<metric_attribute>",
                     {},
                     "Attribute",
                     kOkOrMeasurement},
    RouteDescription{"POST", "/api/v3/metric/<metric_uuid>/debt", {}, "Debt", kOkOrMeasurement},
    RouteDescription{
        "POST", "/api/v3/metric/<metric_uuid>/measurement", {}, "PushedMeasurement", kMeasurement},
    RouteDescription{
        "POST",
        "/api/v3/metric/<metric_uuid>/issue/new",
        {},
        kNoBody,
        {"application/json", "IssueCreated", "The new issue's URL, or why the issue tracker refused."}},
    RouteDescription{"GET",
                     "/api/v3/report/<report_uuid>",
                     kReportDate,
                     kNoBody,
                     {"application/json", "Reports", "All reports; the requested one summarized."}},
    RouteDescription{"GET",
                     "/api/v3/report/",
                     kReportDate,
                     kNoBody,
                     {"application/json", "Reports", "All reports, summarized."}},
    RouteDescription{"GET",
                     "/api/v3/report",
                     kReportDate,
                     kNoBody,
                     {"application/json", "Reports", "All reports, summarized."}},
    RouteDescription{"GET",
                     "/api/v3/report/<report_uuid>/metric_status_summary",
                     {},
                     kNoBody,
                     {"application/json", "MetricStatusSummary", "The number of metrics per status colour."}},
    RouteDescription{"POST", "/api/v3/report/import", {}, "ReportDocument", kCreated},
    RouteDescription{"POST", "/api/v3/report/new", {}, kNoBody, kCreated},
    RouteDescription{"POST", "/api/v3/report/<report_uuid>/copy", {}, kNoBody, kCreated},
    RouteDescription{"GET",
                     "/api/v3/report/<report_uuid>/json",
                     kPublicKey,
                     kNoBody,
                     {"application/json", "ReportDocument", "The report, its credentials encrypted."}},
    RouteDescription{"GET", "/api/v3/report/<report_uuid>/pdf", kPdfSettings, kNoBody, kPdf},
    RouteDescription{"DELETE", "/api/v3/report/<report_uuid>", {}, kNoBody, kOk},
    RouteDescription{
        "POST", "/api/v3/report/<report_uuid>/attribute/<report_attribute>", {}, "Attribute", kOk},
    RouteDescription{
        "POST",
        "/api/v3/report/<report_uuid>/issue_tracker/<tracker_attribute>",
        {},
        "Attribute",
        {"application/json", "IssueTrackerAttributeAnswer", "Done, with the tracker's availability."}},
    RouteDescription{"GET",
                     "/api/v3/report/<report_uuid>/issue_tracker/suggestions/<query>",
                     {},
                     kNoBody,
                     {"application/json", "IssueSuggestions", "Issues whose summary matches the query."}},
    RouteDescription{"GET",
                     "/api/v3/report/<report_uuid>/issue_tracker/options",
                     {},
                     kNoBody,
                     {"application/json", "IssueTrackerOptions", "Projects, issue types, fields and epics."}},
    RouteDescription{"POST",
                     "/api/v3/report/<report_uuid>/notification_destination/new",
                     {},
                     "NewNotificationDestination",
                     kCreated},
    RouteDescription{"DELETE",
                     "/api/v3/report/<report_uuid>/notification_destination/<notification_destination_uuid>",
                     {},
                     kNoBody,
                     kOk},
    RouteDescription{
        "POST",
        "/api/v3/report/<report_uuid>/notification_destination/<notification_destination_uuid>/attributes",
        {},
        "NotificationDestinationAttributes",
        kOk},
    RouteDescription{
        "GET",
        "/api/v3/reports_overview",
        kReportDate,
        kNoBody,
        {"application/json", "ReportsOverview", "The reports overview (title, layout, permissions)."}},
    RouteDescription{"GET", "/api/v3/reports_overview/pdf", kPdfSettings, kNoBody, kPdf},
    RouteDescription{"POST", "/api/v3/reports_overview/attribute/<reports_attribute>", {}, "Attribute", kOk},
    RouteDescription{
        "POST",
        "/api/v3/<domain_object_type>/search",
        {},
        "SearchQuery",
        {"application/json", "SearchAnswer", "The uuids of the matching items, or why the search failed."}},
    RouteDescription{
        "GET",
        "/api/v3/server",
        {},
        kNoBody,
        {"application/json", "ServerInfo", "The Quality-time version whose API this server provides."}},
    RouteDescription{"GET",
                     "/api/v3/settings",
                     {},
                     kNoBody,
                     {"application/json", "UserSettings", "The settings of the logged-in user."}},
    RouteDescription{"PUT", "/api/v3/settings", {}, "Settings", kOk},
    RouteDescription{"POST", "/api/v3/source/new/<metric_uuid>", {}, "NewItem", kCreated},
    RouteDescription{"POST", "/api/v3/source/<source_uuid>/copy/<metric_uuid>", {}, kNoBody, kCreated},
    RouteDescription{"POST", "/api/v3/source/<source_uuid>/move/<target_metric_uuid>", {}, kNoBody, kOk},
    RouteDescription{"DELETE", "/api/v3/source/<source_uuid>", {}, kNoBody, kOk},
    RouteDescription{
        "POST", "/api/v3/source/<source_uuid>/attribute/<source_attribute>", {}, "Attribute", kOk},
    RouteDescription{"POST",
                     "/api/v3/source/<source_uuid>/parameter/<parameter_key>",
                     {},
                     "SourceParameter",
                     {"application/json", "SourceParameterAnswer",
                      "Done; with the number of sources changed and the URL availability checks."}},
    RouteDescription{
        "POST",
        "/api/v3/tokens",
        {},
        "NewToken",
        {"application/json", "TokenCreated", "The new token, with its secret: shown this once."}},
    RouteDescription{"GET",
                     "/api/v3/tokens",
                     {},
                     kNoBody,
                     {"application/json", "Tokens", "The logged-in user's tokens, without their secrets."}},
    RouteDescription{"DELETE", "/api/v3/tokens/<token_id>", {}, kNoBody, kOk},
    RouteDescription{"POST", "/api/v3/subject/new/<report_uuid>", {}, "NewItem", kCreated},
    RouteDescription{"POST", "/api/v3/subject/<subject_uuid>/copy/<report_uuid>", {}, kNoBody, kCreated},
    RouteDescription{"POST", "/api/v3/subject/<subject_uuid>/move/<target_report_uuid>", {}, kNoBody, kOk},
    RouteDescription{"DELETE", "/api/v3/subject/<subject_uuid>", {}, kNoBody, kOk},
    RouteDescription{
        "POST", "/api/v3/subject/<subject_uuid>/attribute/<subject_attribute>", {}, "Attribute", kOk},
};

// The frontend writes its view settings per report into its URL; the PDF routes read them too.
constexpr std::string_view kPerReportSettings =
    " Each view setting except report_url may also be given as <setting>_<report_uuid>; the plain name wins.";

// For a route without an entry in kDescriptions (the unit test fails on it): what the route table says.
constexpr RouteDescription kUndescribed{
    "", "", {}, kNoBody, {"application/json", "Undescribed", "Not described yet."}};

const RouteDescription* description_of(const Route& route) {
  for (const auto& entry : kDescriptions) {
    if (entry.method == route.method && entry.path == route.path) return &entry;
  }
  return nullptr;
}

std::string route_name(std::string_view method, std::string_view path) {
  return std::string(method) + " " + std::string(path);
}

json::Value ref(std::string_view kind, std::string_view name) {
  auto value = json::Value::object();
  value.set("$ref", json::Value::string("#/components/" + std::string(kind) + "/" + std::string(name)));
  return value;
}

json::Value strings(std::initializer_list<std::string_view> items) {
  auto array = json::Value::array();
  for (auto item : items) array.append(json::Value::string(item));
  return array;
}

// "/api/v3/report/<report_uuid>" -> "/api/v3/report/{report_uuid}", and the placeholder names.
std::pair<std::string, std::vector<std::string>> openapi_path(std::string_view rule) {
  std::string path;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < rule.size(); ++i) {
    if (rule[i] == '<') {
      std::size_t end = rule.find('>', i);
      names.emplace_back(rule.substr(i + 1, end - i - 1));
      path += "{" + names.back() + "}";
      i = end;
    } else {
      path += rule[i];
    }
  }
  return {path, names};
}

json::Value path_parameter(const std::string& name) {
  auto parameter = json::Value::object();
  parameter.set("name", json::Value::string(name));
  parameter.set("in", json::Value::string("path"));
  parameter.set("required", json::Value::boolean(true));
  auto schema = json::Value::object();
  if (name == "nr_changes") {
    schema.set("type", json::Value::string("integer"));
    schema.set("minimum", json::Value::integer(0));
    schema.set("maximum", json::Value::integer(10000));
  } else {
    schema.set("type", json::Value::string("string"));
  }
  parameter.set("schema", schema);
  return parameter;
}

json::Value content(std::string_view media_type, std::string_view schema) {
  auto media = json::Value::object();
  media.set("schema", ref("schemas", schema));
  auto result = json::Value::object();
  result.set(media_type, media);
  return result;
}

std::string operation_id(std::string_view method, std::string_view rule) {
  std::string id;
  for (char c : method) id += static_cast<char>(c - 'A' + 'a');
  for (char c : rule) {
    if (c == '<' || c == '>') continue;
    id += (c == '/' || c == '.') ? '_' : c;
  }
  return id;
}

json::Value operation(const RegisteredRule& registered, const RouteDescription& doc) {
  const Route& route = *registered.route;
  auto op = json::Value::object();
  op.set("operationId", json::Value::string(operation_id(route.method, registered.rule)));
  op.set("summary", json::Value::string(route.description));
  std::string description(route.description);
  if (route.access == Access::kEditReports) description += " Needs the edit_reports permission.";
  if (route.access == Access::kEditEntities) description += " Needs the edit_entities permission.";
  if (doc.query.data() == kPdfSettings.data()) description += kPerReportSettings;
  op.set("description", json::Value::string(description));

  auto parameters = json::Value::array();
  for (const auto& name : openapi_path(registered.rule).second) parameters.append(path_parameter(name));
  for (auto name : doc.query) parameters.append(ref("parameters", name));
  if (parameters.size() > 0) op.set("parameters", parameters);

  if (!doc.body.empty()) {
    auto body = json::Value::object();
    // Login takes no credentials behind a forward-authenticating proxy.
    body.set("required", json::Value::boolean(doc.body != "Credentials"));
    body.set("content", content("application/json", doc.body));
    op.set("requestBody", body);
  }

  auto responses = json::Value::object();
  auto ok = json::Value::object();
  ok.set("description", json::Value::string(doc.answer.description));
  ok.set("content", content(doc.answer.media_type, doc.answer.schema));
  responses.set("200", ok);
  responses.set("400", ref("responses", "BadRequest"));
  // Searching sources by a credential needs a session, and an export for another instance edit_reports
  // (the handlers check).
  if (route.access != Access::kOpen || route.handler == search)
    responses.set("401", ref("responses", "Unauthorized"));
  if (route.access == Access::kEditReports || route.access == Access::kEditEntities ||
      route.handler == export_report_as_json || route.handler == post_token || route.handler == get_tokens ||
      route.handler == delete_token) {
    responses.set("403", ref("responses", "Forbidden"));
  }
  responses.set("404", ref("responses", "NotFound"));
  if (route.handler == post_login || route.handler == search)
    responses.set("429", ref("responses", "TooManyRequests"));
  responses.set("500", ref("responses", "InternalError"));
  responses.set("503", ref("responses", "Unavailable"));
  op.set("responses", responses);

  auto security = json::Value::array();
  if (route.access != Access::kOpen) {
    // Tokens are managed with a session only: a token may not make a longer-lived one.
    bool session_only =
        route.handler == post_token || route.handler == get_tokens || route.handler == delete_token;
    for (const char* scheme : {"sessionCookie", "bearerToken"}) {
      if (session_only && std::string_view(scheme) == "bearerToken") continue;
      auto requirement = json::Value::object();
      requirement.set(scheme, json::Value::array());
      security.append(requirement);
    }
  }
  op.set("security", security);  // empty: open to anyone
  if (route.access == Access::kEditReports) op.set("x-permissions", strings({"edit_reports"}));
  if (route.access == Access::kEditEntities) op.set("x-permissions", strings({"edit_entities"}));
  if (registered.rule != route.path)
    op.set("x-internal-alias-of", json::Value::string(openapi_path(route.path).first));
  return op;
}

std::string build_document() {
  auto document = json::Value::object();
  document.set("openapi", json::Value::string("3.1.0"));
  auto info = json::Value::object();
  info.set("title", json::Value::string("Quality-time API"));
  info.set("version", json::Value::string("5.8.0"));
  info.set("description", json::Value::string(openapi_info_description()));
  document.set("info", info);
  auto server = json::Value::object();
  server.set("url", json::Value::string("/"));
  auto servers = json::Value::array();
  servers.append(server);
  document.set("servers", servers);
  auto paths = json::Value::object();
  for (const auto& registered : registered_rules()) {
    std::string path = openapi_path(registered.rule).first;
    auto item = paths.get(path);
    if (!item.present()) {
      item = json::Value::object();
      paths.set(path, item);  // shares the handle: the operations set below land in the document
    }
    std::string method(registered.route->method);
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    const RouteDescription* description = description_of(*registered.route);
    item.set(method, operation(registered, description ? *description : kUndescribed));
  }
  document.set("paths", paths);
  document.set("components", json::Value::parse(openapi_components()));
  return document.dump();
}

}  // namespace

std::vector<std::string> undocumented_routes() {
  std::vector<std::string> missing;
  for (const auto& route : route_table()) {
    if (description_of(route) == nullptr) missing.push_back(route_name(route.method, route.path));
  }
  return missing;
}

std::vector<std::string> stale_route_descriptions() {
  std::vector<std::string> stale;
  for (const auto& entry : kDescriptions) {
    bool found = false;
    for (const auto& route : route_table())
      found = found || (route.method == entry.method && route.path == entry.path);
    if (!found) stale.push_back(route_name(entry.method, entry.path));
  }
  return stale;
}

const std::string& openapi_document() {
  static const std::string document = build_document();
  return document;
}

http::Response get_openapi(Context&) { return http::Response::bytes(openapi_document(), "application/json"); }

}  // namespace qta::routes
