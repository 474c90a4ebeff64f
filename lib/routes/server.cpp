// GET /api/v3/server: which server this is.
#include "app/version.h"
#include "routes/handlers.h"

namespace qta::routes {

// The Quality-time release whose API and database layout this server reproduces.
constexpr const char* kCompatibleQualityTimeVersion = "5.8.0";

http::Response get_server(Context&) {
  auto info = json::Value::object();
  info.set("version", json::Value::string(app::kVersion));
  info.set("server", json::Value::string("quality-time-api"));
  info.set("quality_time_version", json::Value::string(kCompatibleQualityTimeVersion));
  return http::Response::json(info);
}

}  // namespace qta::routes
