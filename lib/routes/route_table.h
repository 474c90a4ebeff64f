#pragma once
// The API on one screen: every route with its method, path, access rule, handler and description
// (route_table.cpp). The dispatcher checks a row before its handler runs; GET /api is generated from it.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "db/database.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "routes/context.h"

namespace qta::routes {

// Who may call a route, as v5.8.0's authentication_required / permissions_required say.
enum class Access {
  kOpen,           // no session needed
  kAuthenticated,  // a valid session
  kEditReports,    // a valid session with the edit_reports permission
  kEditEntities,   // a valid session with the edit_entities permission
};

using Handler = http::Response (*)(Context&);

struct Route {
  std::string_view method;
  std::string_view path;  // the v5.8.0 rule, e.g. "/api/v3/report/<report_uuid>/pdf"
  Access access;
  Handler handler;
  std::string_view description;  // shown by GET /api
  bool internal_alias;           // also served under /api/internal/..., where v5.9.0 moved the route
};

// The rows, in v5.8.0's registration order.
std::span<const Route> route_table();

// A rule as registered with the router: every row under its own path, then the /api/internal aliases.
struct RegisteredRule {
  std::string rule;
  const Route* route;
};
const std::vector<RegisteredRule>& registered_rules();
// Looks a request up in the router built from registered_rules(); a found index is one into that list.
http::Match match_route(std::string_view method, std::string_view path);

// Turns a request into a response: route lookup (404/405), access check, body limits, the handler, and
// the mapping of every error to its HTTP answer. Never throws. Thread-safe.
class Dispatcher {
 public:
  Dispatcher(const app::Config& config, db::Database& database);
  http::Response dispatch(const http::Request& request) const;

 private:
  http::Response run(const http::Request& request) const;
  const app::Config& config_;
  db::Database& database_;
};

}  // namespace qta::routes
