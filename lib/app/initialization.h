#pragma once
// Start-up work on the database, as v5.8.0's initialization does it: idempotent, so running it again
// (another host, a restart) changes nothing that is already in place.

#include "db/database.h"

namespace qta::app {

// Throws http::Error(kUnavailable) while the database cannot be reached; the caller retries.
void initialize_database(db::Database& database);

}  // namespace qta::app
