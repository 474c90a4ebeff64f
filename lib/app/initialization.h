#pragma once
// Start-up work on the database, as v5.8.0's initialization does it: idempotent, so running it again
// (another host, a restart) changes nothing that is already in place.

#include <string>

#include "db/database.h"

namespace qta::app {

struct InitializationSettings {
  json::Value data_model;  // ours, from the data model file
  bool keep_database_data_model = false;
  std::string example_reports_dir;  // "" to load no example reports (LOAD_EXAMPLE_REPORTS=false)
};

// Throws http::Error(kUnavailable) while the database cannot be reached; the caller retries.
void initialize_database(db::Database& database, const InitializationSettings& settings);

}  // namespace qta::app
