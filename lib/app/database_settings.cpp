// Database settings from the configuration.
#include "app/database_settings.h"

#include <chrono>
#include <cstddef>

namespace qta::app {

namespace {
constexpr const char* kDatabaseName = "quality_time_db";
// A read past the request deadline is stopped by the server (maxTimeMS) and answers in time; the socket
// timeout, a little later, is for a server that answers nothing at all.
constexpr int kSocketTimeoutMarginMs = 1000;
}  // namespace

db::Settings database_settings(const base::Config& config) {
  return db::Settings{config.database_url, kDatabaseName, config.database_timeout_ms, 1};
}

db::Settings serving_database_settings(const base::Config& config, int max_pool_size) {
  db::Settings settings = database_settings(config);
  settings.max_pool_size = max_pool_size;
  settings.socket_timeout_ms = config.database_request_timeout_ms + kSocketTimeoutMarginMs;
  settings.cache_bytes = static_cast<std::size_t>(config.cache_mb) << 20;
  settings.cache_max_age = std::chrono::seconds(config.cache_max_age_seconds);
  return settings;
}

}  // namespace qta::app
