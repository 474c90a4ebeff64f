// Handler context accessors.
#include "routes/context.h"

#include <stdexcept>

#include "base/date_time.h"
#include "db/datamodel_cache.h"
#include "http/error.h"

namespace qta::routes {

const std::string& Context::param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  throw std::logic_error("route has no parameter " + std::string(name));
}

std::optional<std::string> Context::optional_param(std::string_view name) const {
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string Context::report_date(std::string_view parameter) const {
  auto value = request.query(parameter);
  if (!value) return "";
  return base::report_date_time(*value, base::iso_timestamp_now());
}

db::Author Context::author() const {
  if (!session) return {"An operator", ""};
  return {session->display_name(), session->email()};
}

std::shared_ptr<const datamodel::DataModel> Context::data_model(const std::string& max_iso_timestamp) const {
  auto stored = db::data_model_cache().at(database, max_iso_timestamp);
  if (!stored) {
    if (!max_iso_timestamp.empty()) {
      return std::make_shared<const datamodel::DataModel>(
          json::Value::parse(R"({"metrics":{},"sources":{},"subjects":{},"scales":{}})"));
    }
    throw http::Error(http::ErrorCode::kUnavailable,
                      "The data model is not stored yet; the server is starting.");
  }
  return stored->model;
}

json::Value Context::body_object() const {
  auto body = request.json_body();
  if (!body.is_object()) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "Expected a JSON object as request body, with Content-Type application/json.");
  }
  return body;
}

json::Value Context::body_value(const std::string& key) const {
  auto value = body_object().get(key);
  if (!value.present())
    throw http::Error(http::ErrorCode::kBadRequest, "The request body has no '" + key + "'.");
  return value;
}

}  // namespace qta::routes
