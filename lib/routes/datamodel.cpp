// GET /api/v3/datamodel: the data model in force (at report_date), with an ETag for cheap polling.
#include "crypto/digest.h"
#include "db/datamodel_cache.h"
#include "routes/handlers.h"

namespace qta::routes {

http::Response get_data_model(Context& context) {
  auto stored = db::data_model_cache().at(context.database, context.report_date());
  if (!stored) return http::Response::json(json::Value::object());
  // v5.8.0's ETag: the MD5 of the timestamp, unquoted; an equal If-None-Match gets 304 and no body.
  // no-cache: clients may keep it but ask again each time (nginx makes other API answers no-store).
  std::string etag = crypto::md5_hex(stored->timestamp);
  auto response = context.request.header("If-None-Match") == etag
                      ? http::Response::empty(304)
                      : http::Response::bytes(stored->json, "application/json");
  response.set_header("ETag", etag);
  response.set_header("Cache-Control", "no-cache");
  return response;
}

}  // namespace qta::routes
