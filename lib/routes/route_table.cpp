// The route table and the dispatcher: the one place that says which routes exist and how errors answer.
#include "routes/route_table.h"

#include <array>

#include "app/log.h"
#include "http/error.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

constexpr bool kAlias = true;
constexpr bool kNoAlias = false;

// Rows in v5.8.0's registration order (documentation order). Rows that the later issues add go in their
// v5.8.0 place; see ../shared/reference for the full list.
const std::array kRoutes{
    Route{"POST", "/api/v3/login", Access::kOpen, post_login,
          "Log the user in. Add credentials as JSON payload, e.g. {username: 'user', password: 'pass'}.", kAlias},
    Route{"POST", "/api/v3/logout", Access::kAuthenticated, post_logout, "Log the user out.", kAlias},
    Route{"GET", "/api/v3/datamodel", Access::kOpen, get_data_model, "Return the data model.", kAlias},
    Route{"GET", "/api", Access::kOpen, get_api,
          "Return the API. Use version and/or fragment to limit the routes returned.", kNoAlias},
    Route{"GET", "/api/<fragment>", Access::kOpen, get_api,
          "Return the API. Use version and/or fragment to limit the routes returned.", kNoAlias},
    Route{"GET", "/api/<version>/<fragment>", Access::kOpen, get_api,
          "Return the API. Use version and/or fragment to limit the routes returned.", kNoAlias},
    Route{"GET", "/api/v3/logo/<source_type>", Access::kOpen, get_logo, "Return the logo for the source type.", kAlias},
    Route{"GET", "/api/v3/nr_measurements", Access::kOpen, stream_nr_measurements,
          "Return the number of measurements as server sent events.", kAlias},
    Route{"GET", "/api/v3/reports_overview", Access::kOpen, get_reports_overview, "Return all the quality reports.",
          kAlias},
    Route{"GET", "/api/v3/server", Access::kOpen, get_server, "Return the server info.", kNoAlias},
    Route{"GET", "/api/v3/settings", Access::kAuthenticated, get_settings, "Retrieve settings for user.", kAlias},
    Route{"PUT", "/api/v3/settings", Access::kAuthenticated, put_settings, "Update the settings for the logged-in user.",
          kAlias},
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
    case Access::kEditReports: return {auth::Permission::kEditReports};
    case Access::kEditEntities: return {auth::Permission::kEditEntities};
    default: return {};
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

Dispatcher::Dispatcher(const app::Config& config, db::Database& database) : config_(config), database_(database) {
  registry();  // build the router before the first request, not during it
}

http::Response Dispatcher::run(const http::Request& request) const {
  const Registry& routes = registry();
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
  Context context(request, std::move(match.params), config_, database_);
  if (route.access != Access::kOpen) context.session = auth::authorize(database_, request, permissions_of(route.access));
  return route.handler(context);
}

http::Response Dispatcher::dispatch(const http::Request& request) const {
  http::Response response;
  try {
    response = run(request);
  } catch (const http::Error& error) {
    if (error.code() == http::ErrorCode::kInternal) {
      app::log_error("{} {} failed: {}", request.method(), request.path(), error.what());
    }
    response = http::to_response(error);
  } catch (const std::exception& error) {
    app::log_error("{} {} failed with an unexpected error: {}", request.method(), request.path(), error.what());
    response = http::to_response(http::Error(http::ErrorCode::kInternal, "Internal server error."));
  }
  if (request.method() == "HEAD") response.drop_body();
  return response;
}

}  // namespace qta::routes
