// GET /api[/<version>]/<fragment>: the route documentation, generated from the route table.
#include "base/config.h"
#include "routes/handlers.h"
#include "routes/route_table.h"

namespace qta::routes {

http::Response get_api(Context& context) {
  // The shorter rules have no such placeholder: they match every route.
  std::string version = context.optional_param("version").value_or("");
  std::string fragment = context.optional_param("fragment").value_or("");
  auto routes = json::Value::object();
  for (const auto& [rule, route] : registered_rules()) {
    if (rule.find(version) == std::string::npos || rule.find(fragment) == std::string::npos) continue;
    auto entry = json::Value::object();
    entry.set("url", json::Value::string(
                         "https://www.quality-time.example.org:" + context.config.api_server_port + rule));
    entry.set("method", json::Value::string(route->method));
    entry.set("description", json::Value::string(route->description));
    // One rule with two methods keeps its first position and shows the later method, as v5.8.0 does.
    routes.set(rule, entry);
  }
  return http::Response::json(routes);
}

}  // namespace qta::routes
