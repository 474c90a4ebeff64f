// The route table and the dispatcher: the one place that says which routes exist and how errors answer.
#include "routes/route_table.h"

#include <array>
#include <chrono>

#include "base/log.h"
#include "db/read_cache.h"
#include "db/storable.h"
#include "http/error.h"
#include "http/url.h"
#include "routes/handlers.h"
#include "routes/openapi.h"
#include "text/utf8.h"

namespace qta::routes {

namespace {

constexpr bool kAlias = true;
constexpr bool kNoAlias = false;
constexpr Cost kExpensive = Cost::kExpensive;

// Rows in v5.8.0's registration order, which GET /api keeps. Routes of our own say "our addition" in their
// description or comment.
const std::array kRoutes{
    Route{"POST", "/api/v3/login", Access::kOpen, post_login,
          "Log the user in. Add credentials as JSON payload, e.g. {username: 'user', password: 'pass'}.",
          kAlias, kExpensive},
    Route{"POST", "/api/v3/logout", Access::kAuthenticated, post_logout, "Log the user out.", kAlias},
    Route{"GET", "/api/v3/public_key", Access::kOpen, get_public_key,
          "Return a serialized version of the public key.", kNoAlias},
    Route{"GET", "/api/v3/changelog/source/<source_uuid>/<nr_changes>", Access::kOpen, get_source_changelog,
          "Return the recent most nr_changes changes from the source changelog.", kAlias, kExpensive},
    Route{"GET", "/api/v3/changelog/metric/<metric_uuid>/<nr_changes>", Access::kOpen, get_metric_changelog,
          "Return the recent most nr_changes changes from the metric changelog.", kAlias, kExpensive},
    Route{"GET", "/api/v3/changelog/subject/<subject_uuid>/<nr_changes>", Access::kOpen,
          get_subject_changelog, "Return the recent most nr_changes changes from the subject changelog.",
          kAlias, kExpensive},
    Route{"GET", "/api/v3/changelog/report/<report_uuid>/<nr_changes>", Access::kOpen, get_report_changelog,
          "Return the recent most nr_changes changes from the report changelog.", kAlias, kExpensive},
    Route{"GET", "/api/v3/changelog/<nr_changes>", Access::kOpen, get_changelog,
          "Return the recent most nr_changes changes from the changelog.", kAlias, kExpensive},
    Route{"GET", "/api/v3/datamodel", Access::kOpen, get_data_model, "Return the data model.", kAlias},
    Route{"GET", "/api/<version>/<fragment>", Access::kOpen, get_api,
          "Return the API. Use version and/or fragment to limit the routes returned.", kNoAlias},
    Route{"GET", "/api/<fragment>", Access::kOpen, get_api,
          "Return the API. Use version and/or fragment to limit the routes returned.", kNoAlias},
    Route{"GET", "/api", Access::kOpen, get_api,
          "Return the API. Use version and/or fragment to limit the routes returned.", kNoAlias},
    Route{"GET", "/api/v3/openapi.json", Access::kOpen, get_openapi,
          "Return the OpenAPI 3.1 document of the API (our addition).", kAlias},
    Route{"GET", "/api/v3/logo/<source_type>", Access::kOpen, get_logo,
          "Return the logo for the source type.", kAlias},
    Route{"POST", "/api/v3/measurement/<metric_uuid>/source/<source_uuid>/entity/<entity_key>/<attribute>",
          Access::kEditEntities, set_entity_attribute, "Set an entity attribute.", kAlias, kExpensive},
    Route{"GET", "/api/v3/nr_measurements", Access::kOpen, stream_nr_measurements,
          "Return the number of measurements as server sent events.", kAlias},
    Route{"GET", "/api/v3/measurements", Access::kOpen, get_measurements,
          "Return all measurements (without details) for all reports between the date and the minimum date.",
          kAlias, kExpensive},
    Route{"GET", "/api/v3/measurements/<metric_uuid>", Access::kOpen, get_metric_measurements,
          "Return the measurements for the metric.", kAlias, kExpensive},
    Route{"POST", "/api/v3/metric/new/<subject_uuid>", Access::kEditReports, post_metric_new,
          "Add a new metric.", kAlias, kExpensive},
    Route{"POST", "/api/v3/metric/<metric_uuid>/copy/<subject_uuid>", Access::kEditReports, post_metric_copy,
          "Add a copy of the metric to the subject (new in v3).", kAlias, kExpensive},
    Route{"POST", "/api/v3/metric/<metric_uuid>/move/<target_subject_uuid>", Access::kEditReports,
          post_move_metric, "Move the metric to another subject.", kAlias, kExpensive},
    Route{"DELETE", "/api/v3/metric/<metric_uuid>", Access::kEditReports, delete_metric, "Delete a metric.",
          kAlias, kExpensive},
    Route{"POST", "/api/v3/metric/<metric_uuid>/attribute/<metric_attribute>", Access::kEditReports,
          post_metric_attribute, "Set the metric attribute.", kAlias, kExpensive},
    Route{"POST", "/api/v3/metric/<metric_uuid>/debt", Access::kEditReports, post_metric_debt,
          "Turn the technical debt on or off, including technical debt target and end date.", kAlias,
          kExpensive},
    Route{"POST", "/api/v3/metric/<metric_uuid>/measurement", Access::kEditReports, post_metric_measurement,
          "Add a measurement with the given source values (our addition: for pipelines without a collector).",
          kNoAlias, kExpensive},
    Route{"POST", "/api/v3/metric/<metric_uuid>/issue/new", Access::kEditReports, add_metric_issue,
          "Add a new issue to the metric using the configured issue tracker.", kAlias, kExpensive},
    Route{
        "GET", "/api/v3/report/<report_uuid>", Access::kOpen, get_report,
        "Return the quality report, including information about other reports needed for move/copy actions.",
        kAlias, kExpensive},
    Route{
        "GET", "/api/v3/report/", Access::kOpen, get_report,
        "Return the quality report, including information about other reports needed for move/copy actions.",
        kAlias, kExpensive},
    Route{
        "GET", "/api/v3/report", Access::kOpen, get_report,
        "Return the quality report, including information about other reports needed for move/copy actions.",
        kAlias, kExpensive},
    Route{"GET", "/api/v3/report/<report_uuid>/metric_status_summary", Access::kOpen,
          get_report_metric_status_summary, "Return a metric status summary of the report.", kNoAlias,
          kExpensive},
    Route{"POST", "/api/v3/report/import", Access::kEditReports, post_report_import,
          "Import a preconfigured report into the database.", kNoAlias, kExpensive},
    Route{"POST", "/api/v3/report/new", Access::kEditReports, post_report_new, "Add a new report.", kAlias},
    Route{"POST", "/api/v3/report/<report_uuid>/copy", Access::kEditReports, post_report_copy,
          "Copy a report.", kAlias, kExpensive},
    // With a public_key that is not the instance's own, also edit_reports (the handler checks; our addition).
    Route{"GET", "/api/v3/report/<report_uuid>/json", Access::kAuthenticated, export_report_as_json,
          "Return the quality-time report, including encrypted credentials for api access to the sources.",
          kNoAlias, kExpensive},
    Route{"GET", "/api/v3/report/<report_uuid>/pdf", Access::kOpen, export_report_as_pdf,
          "Download the report as PDF.", kAlias, kExpensive},
    Route{"DELETE", "/api/v3/report/<report_uuid>", Access::kEditReports, delete_report, "Delete a report.",
          kAlias, kExpensive},
    Route{"POST", "/api/v3/report/<report_uuid>/attribute/<report_attribute>", Access::kEditReports,
          post_report_attribute, "Set a report attribute.", kAlias, kExpensive},
    Route{"POST", "/api/v3/report/<report_uuid>/issue_tracker/<tracker_attribute>", Access::kEditReports,
          post_report_issue_tracker_attribute, "Set the issue tracker attribute.", kAlias, kExpensive},
    Route{"GET", "/api/v3/report/<report_uuid>/issue_tracker/suggestions/<query>", Access::kAuthenticated,
          get_report_issue_tracker_suggestions,
          "Get suggestions for issue ids from the issue tracker using the query string.", kAlias, kExpensive},
    Route{"GET", "/api/v3/report/<report_uuid>/issue_tracker/options", Access::kOpen,
          get_report_issue_tracker_options,
          "Get options for the issue tracker attributes such as project key and issue type.", kAlias,
          kExpensive},
    Route{"POST", "/api/v3/report/<report_uuid>/notification_destination/new", Access::kEditReports,
          post_new_notification_destination, "Create a new notification destination.", kAlias, kExpensive},
    Route{"DELETE", "/api/v3/report/<report_uuid>/notification_destination/<notification_destination_uuid>",
          Access::kEditReports, delete_notification_destination, "Delete a destination from a report.",
          kAlias, kExpensive},
    Route{"POST",
          "/api/v3/report/<report_uuid>/notification_destination/<notification_destination_uuid>/attributes",
          Access::kEditReports, post_notification_destination_attributes,
          "Set specified notification destination attributes.", kAlias, kExpensive},
    Route{"GET", "/api/v3/reports_overview", Access::kOpen, get_reports_overview,
          "Return all the quality reports.", kAlias},
    Route{"GET", "/api/v3/reports_overview/pdf", Access::kOpen, export_reports_overview_as_pdf,
          "Download the reports overview as PDF.", kAlias, kExpensive},
    Route{"POST", "/api/v3/reports_overview/attribute/<reports_attribute>", Access::kEditReports,
          post_reports_overview_attribute, "Set a reports overview attribute.", kAlias},
    // Searching sources by a credential needs a session and is throttled (the handler checks; our addition).
    Route{"POST", "/api/v3/<domain_object_type>/search", Access::kOpen, search,
          "Search for domain objects of the specified type by attribute value.", kNoAlias, kExpensive},
    Route{"GET", "/api/v3/server", Access::kOpen, get_server, "Return the server info.", kNoAlias},
    Route{"GET", "/api/v3/settings", Access::kAuthenticated, get_settings, "Retrieve settings for user.",
          kAlias},
    Route{"PUT", "/api/v3/settings", Access::kAuthenticated, put_settings,
          "Update the settings for the logged-in user.", kAlias},
    Route{"POST", "/api/v3/source/new/<metric_uuid>", Access::kEditReports, post_source_new,
          "Add a new source.", kAlias, kExpensive},
    Route{"POST", "/api/v3/source/<source_uuid>/copy/<metric_uuid>", Access::kEditReports, post_source_copy,
          "Add a copy of the source to the metric (new in v3).", kAlias, kExpensive},
    Route{"POST", "/api/v3/source/<source_uuid>/move/<target_metric_uuid>", Access::kEditReports,
          post_move_source, "Move the source to another metric.", kAlias, kExpensive},
    Route{"DELETE", "/api/v3/source/<source_uuid>", Access::kEditReports, delete_source, "Delete a source.",
          kAlias, kExpensive},
    Route{"POST", "/api/v3/source/<source_uuid>/attribute/<source_attribute>", Access::kEditReports,
          post_source_attribute, "Set a source attribute.", kAlias, kExpensive},
    Route{"POST", "/api/v3/source/<source_uuid>/parameter/<parameter_key>", Access::kEditReports,
          post_source_parameter, "Set the source parameter.", kAlias, kExpensive},
    Route{"POST", "/api/v3/subject/new/<report_uuid>", Access::kEditReports, post_new_subject,
          "Create a new subject.", kAlias, kExpensive},
    Route{"POST", "/api/v3/subject/<subject_uuid>/copy/<report_uuid>", Access::kEditReports,
          post_subject_copy, "Add a copy of the subject to the report (new in v3).", kAlias, kExpensive},
    Route{"POST", "/api/v3/subject/<subject_uuid>/move/<target_report_uuid>", Access::kEditReports,
          post_move_subject, "Move the subject to another report.", kAlias, kExpensive},
    Route{"DELETE", "/api/v3/subject/<subject_uuid>", Access::kEditReports, delete_subject,
          "Delete the subject.", kAlias, kExpensive},
    Route{"POST", "/api/v3/subject/<subject_uuid>/attribute/<subject_attribute>", Access::kEditReports,
          post_subject_attribute, "Set the subject attribute.", kAlias, kExpensive},
    // Access tokens for scripts and pipelines (our addition): they need a login session, not a token
    // (the handlers check, 403).
    Route{"POST", "/api/v3/tokens", Access::kAuthenticated, post_token,
          "Create an access token for the logged-in user. Add {name: 'pipeline', expiration_datetime: "
          "'2027-01-31' (optional), permissions: ['edit_reports'] (optional, default all of the user's)} as "
          "JSON "
          "payload. The answer holds the secret, shown only this once; send it as 'Authorization: Bearer "
          "<token>'.",
          kNoAlias},
    Route{"GET", "/api/v3/tokens", Access::kAuthenticated, get_tokens,
          "Return the logged-in user's access tokens, without their secrets.", kNoAlias},
    Route{"DELETE", "/api/v3/tokens/<token_id>", Access::kAuthenticated, delete_token,
          "Revoke one of the logged-in user's access tokens; it is refused from then on.", kNoAlias},
};

constexpr std::string_view kV3Prefix = "/api/v3/";

struct Registry {
  std::vector<RegisteredRule> rules;
  http::Router router;

  Registry() {
    for (const Route& route : kRoutes) rules.push_back({std::string(route.path), &route});
    for (const Route& route : kRoutes) {
      if (route.internal_alias && route.path.starts_with(kV3Prefix)) {
        rules.push_back({"/api/internal/" + std::string(route.path.substr(kV3Prefix.size())), &route});
      }
    }
    for (const auto& rule : rules) router.add(std::string(rule.route->method), rule.rule);
  }
};

const Registry& registry() {
  static const Registry instance;
  return instance;
}

std::vector<auth::Permission> permissions_of(Access access) {
  switch (access) {
    case Access::kEditReports:
      return {auth::Permission::kEditReports};
    case Access::kEditEntities:
      return {auth::Permission::kEditEntities};
    default:
      return {};
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string joined;
  for (const auto& part : parts) joined += (joined.empty() ? "" : ", ") + part;
  return joined;
}

}  // namespace

std::span<const Route> route_table() { return kRoutes; }
const std::vector<RegisteredRule>& registered_rules() { return registry().rules; }
http::Match match_route(std::string_view method, std::string_view path) {
  return registry().router.match(method, path);
}

Dispatcher::Dispatcher(const base::Config& config, db::Database& database)
    : config_(config), database_(database) {
  registry();          // build the router before the first request, not during it
  openapi_document();  // likewise the OpenAPI document
  SlotSplit split = split_threads(config.threads, config.expensive_threads);
  expensive_slots_ = std::make_unique<Slots>(split.slots, split.waiting_room);
}

namespace {

// How long the request has waited since nginx passed it on; zero when nginx did not say.
std::chrono::milliseconds waited(const http::Request& request) {
  if (!request.arrival()) return std::chrono::milliseconds(0);
  auto age = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() -
                                                                   *request.arrival());
  return std::max(age, std::chrono::milliseconds(0));  // a clock stepped back is no wait
}

}  // namespace

http::Response Dispatcher::run(const http::Request& request, std::size_t& route_row) const {
  const Registry& routes = registry();
  // Path parameters are text (uuids, names, keys that may be stored); v5.8.0 (Bottle) refuses a path
  // that does not decode as UTF-8 with the same 400.
  if (!text::is_valid_utf8(http::percent_decode(request.path()))) {
    throw http::Error(http::ErrorCode::kBadRequest, "Invalid path string. Expected UTF-8");
  }
  http::Match match = routes.router.match(request.method(), request.path());
  if (match.outcome == http::Match::Outcome::kNotFound) {
    throw http::Error(http::ErrorCode::kNotFound, "Route " + request.path() + " not found.");
  }
  if (match.outcome == http::Match::Outcome::kMethodNotAllowed) {
    http::Error error(http::ErrorCode::kMethodNotAllowed,
                      "Method " + request.method() + " not allowed for " + request.path() + ".");
    auto response = http::to_response(error);
    response.set_header("Allow", join(match.allowed_methods));
    return response;
  }
  const Route& route = *routes.rules[match.index].route;
  route_row = static_cast<std::size_t>(&route - kRoutes.data());
  std::optional<Slots::Permit> slot;
  if (route.cost == Cost::kExpensive) {
    // Waiting for a slot counts against the queue timeout, as waiting in the socket's queue does.
    auto left = std::chrono::milliseconds(config_.queue_timeout_ms) - waited(request);
    slot = expensive_slots_->acquire(std::chrono::steady_clock::now() + left);
    if (!slot) {
      base::log_warning("{} {} not started: all {} expensive slots busy, {} waiting", request.method(),
                        request.path(), expensive_slots_->size(), expensive_slots_->waiting());
      throw http::Error(http::ErrorCode::kUnavailable, "The server is busy, please try again later.");
    }
    // Its client may have left while it waited for the slot; nobody would read the answer.
    if (request.client_gone()) {
      base::log_warning("{} {} not started: the client has gone", request.method(), request.path());
      throw http::Error(http::ErrorCode::kUnavailable, "The client has gone.");
    }
  }
  db::RequestDeadline deadline(std::chrono::milliseconds(config_.database_request_timeout_ms));
  db::RequestTokens tokens;  // one read of the read cache's change tokens per request
  Context context(request, std::move(match.params), config_, database_);
  if (route.access != Access::kOpen) {
    context.session =
        auth::authorize(database_, request, permissions_of(route.access), auth::throttle_rule(config_));
    // Every value a client stores arrives in the body of a route that needs a session (the open ones,
    // login and search, store none), so this is the one place that turns away what the database would
    // refuse or misread, before a handler loads or changes anything.
    if (auto problem = db::storage_problem(request.json_body()); !problem.empty()) {
      throw http::Error(http::ErrorCode::kBadRequest, "Cannot store the request body: " + problem + ".");
    }
  }
  return route.handler(context);
}

http::Response Dispatcher::dispatch(const http::Request& request) const noexcept {
  std::size_t route_row = kRoutes.size();
  return dispatch(request, route_row);
}

http::Response Dispatcher::dispatch(const http::Request& request, std::size_t& route_row) const noexcept {
  http::Response response;
  try {
    // A request that waited this long in the socket's queue has most likely been given up by its client
    // (browsers and proxies time out too), and under overload every request answered late makes the next
    // one later: refuse it before any work.
    if (auto wait = waited(request); wait > std::chrono::milliseconds(config_.queue_timeout_ms)) {
      base::log_warning("{} {} not started: waited {} ms in the queue (API_SERVER_QUEUE_TIMEOUT_MS is {})",
                        request.method(), request.path(), wait.count(), config_.queue_timeout_ms);
      throw http::Error(http::ErrorCode::kUnavailable,
                        "The server is too busy to answer in time, please try again later.");
    }
    response = run(request, route_row);
  } catch (const http::Error& error) {
    if (error.code() == http::ErrorCode::kInternal) {
      base::log_error("{} {} failed: {}", request.method(), request.path(), error.what());
    }
    response = http::to_response(error);
  } catch (const std::exception& error) {
    base::log_error("{} {} failed with an unexpected error: {}", request.method(), request.path(),
                    error.what());
    response = http::internal_error_response(request.id());
  } catch (...) {
    base::log_error("{} {} failed with an exception that is no std::exception", request.method(),
                    request.path());
    response = http::internal_error_response(request.id());
  }
  if (request.method() == "HEAD") response.drop_body();
  return response;
}

}  // namespace qta::routes
