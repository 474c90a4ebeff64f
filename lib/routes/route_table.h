#pragma once
// The API on one screen: every route with its method, path, access rule, handler and description
// (route_table.cpp). The dispatcher checks a row before its handler runs; GET /api is generated from it.

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/config.h"
#include "db/database.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "routes/context.h"
#include "routes/slots.h"

namespace qta::routes {

// Who may call a route, as v5.8.0's authentication_required / permissions_required say.
enum class Access {
  kOpen,           // no session needed
  kAuthenticated,  // a valid session
  kEditReports,    // a valid session with the edit_reports permission
  kEditEntities,   // a valid session with the edit_entities permission
};

// Expensive routes share a limited number of slots per worker (API_SERVER_EXPENSIVE_THREADS), so that
// however many of them arrive, cheap routes such as /api/v3/server keep threads to run on. Expensive:
// work that grows with the size of reports or measurements, waits for another server (LDAP, Jira, URL
// checks) or hashes a password.
enum class Cost { kCheap, kExpensive };

using Handler = http::Response (*)(Context&);

struct Route {
  std::string_view method;
  std::string_view path;  // the v5.8.0 rule, e.g. "/api/v3/report/<report_uuid>/pdf"
  Access access;
  Handler handler;
  std::string_view description;  // shown by GET /api
  bool internal_alias;           // also served under /api/internal/..., where v5.9.0 moved the route
  Cost cost = Cost::kCheap;
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

// Turns a request into a response: the queue timeout (503 for a request that waited too long, before
// any work), route lookup (404/405), a slot for an expensive route (503 when none frees in time),
// access check, for routes that need a session the check that the body is JSON the database can store
// (400), the handler under the database deadline, and the mapping of every error to its HTTP answer.
// Never throws. Thread-safe; one per worker process, whose expensive slots it holds.
class Dispatcher {
 public:
  Dispatcher(const base::Config& config, db::Database& database);
  http::Response dispatch(const http::Request& request) const noexcept;
  // Also says which row of route_table() answered; left as it is when no route matched.
  http::Response dispatch(const http::Request& request, std::size_t& route_row) const noexcept;
  Slots& expensive_slots() const { return *expensive_slots_; }

 private:
  http::Response run(const http::Request& request, std::size_t& route_row) const;
  const base::Config& config_;
  db::Database& database_;
  std::unique_ptr<Slots> expensive_slots_;
};

}  // namespace qta::routes
