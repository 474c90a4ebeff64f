// GET /api/v3/server: the Quality-time version whose API this server provides.
#include "base/version.h"
#include "routes/handlers.h"

namespace qta::routes {

// Clients check that "version" is the body's only key, and Quality-time's collector compares it with the
// target of the source_version metric, so the body names the release we reproduce. Our own version
// travels in a header.
constexpr const char* kCompatibleQualityTimeVersion = "5.8.0";

http::Response get_server(Context&) {
  auto info = json::Value::object();
  info.set("version", json::Value::string(kCompatibleQualityTimeVersion));
  auto response = http::Response::json(info);
  response.set_header("X-Quality-Time-Api-Version", base::kVersion);
  return response;
}

}  // namespace qta::routes
