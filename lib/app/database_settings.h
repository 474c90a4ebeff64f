#pragma once
// The database connection settings of a process, from the configuration.

#include "base/config.h"
#include "db/mongo_database.h"

namespace qta::app {

// For work outside requests (the subcommands, the initialisation): one connection, the driver's
// socket timeout, no read cache.
db::Settings database_settings(const base::Config& config);

// For a process that answers requests with up to `max_pool_size` connections: each reply must come
// within the request timeout (DATABASE_REQUEST_TIMEOUT_MS, plus a margin), and reads go through the
// process's read cache (API_SERVER_CACHE_MB, API_SERVER_CACHE_MAX_AGE).
db::Settings serving_database_settings(const base::Config& config, int max_pool_size);

}  // namespace qta::app
