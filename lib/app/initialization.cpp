// Database start-up: compatibility version, indexes, the first reports overview, report flags.
#include "app/initialization.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/date_time.h"
#include "base/log.h"
#include "crypto/rsa_keys.h"
#include "db/datamodels.h"
#include "db/read_cache.h"
#include "db/reports.h"
#include "db/secrets.h"
#include "http/error.h"

namespace qta::app {

namespace {

json::Value keys(std::initializer_list<std::pair<const char*, int>> fields) {
  auto result = json::Value::object();
  for (const auto& [field, direction] : fields) result.set(field, json::Value::integer(direction));
  return result;
}

void set_feature_compatibility_version(db::Database& database) {
  // v5.8.0 sets "6.0" to prepare MongoDB upgrades. Servers that refuse it (FerretDB, a MongoDB already
  // past 7.0) keep working, so a refusal is logged and start-up goes on.
  auto command = json::Value::object();
  command.set("setFeatureCompatibilityVersion", json::Value::string("6.0"));
  command.set("confirm", json::Value::boolean(true));
  try {
    database.admin_command(command);
  } catch (const http::Error& error) {
    if (error.code() == http::ErrorCode::kUnavailable) throw;
    base::log_info("the database did not accept setFeatureCompatibilityVersion 6.0; continuing");
  }
}

void create_indexes(db::Database& database) {
  database.create_indexes("datamodels", {{keys({{"timestamp", 1}})}});
  database.create_indexes("reports", {{keys({{"timestamp", 1}, {"report_uuid", 1}})}});
  database.create_indexes("users", {{keys({{"username", 1}}), true}});
  // Ours: local users and the login throttle are looked up by these keys.
  database.create_indexes("local_users", {{keys({{"username", 1}}), true}});
  database.create_indexes("login_failures", {{keys({{"key", 1}}), true}});
  database.create_indexes("secrets", {{keys({{"name", 1}}), true}});
  database.create_indexes("qta_access_tokens",
                          {{keys({{"secret_hash", 1}}), true}, {keys({{"user", 1}, {"created", 1}})}});
  // v5.8.0's three, which its collector relies on, then ours: db/measurements.h lists the query that
  // each serves.
  database.create_indexes("measurements",
                          {{keys({{"start", 1}, {"end", -1}})},
                           {keys({{"metric_uuid", 1}, {"start", -1}})},
                           {keys({{"metric_uuid", 1}, {"has_error", 1}, {"start", -1}})},
                           {keys({{"report_uuid", 1}, {"start", -1}})},
                           {keys({{"metric_uuid", 1}, {"start", -1}, {"_id", -1}})},
                           {keys({{"metric_uuid", 1}, {"has_error", 1}, {"start", -1}, {"_id", -1}})},
                           {keys({{"delta.uuids", 1}, {"start", -1}})}});
}

void initialize_secrets(db::Database& database) {
  if (db::find_export_keys(database)) return;
  base::log_warning("generating the RSA key pair for exporting credentials");
  auto pair = crypto::generate_rsa_key_pair(4096);
  db::insert_export_keys(database, {pair.private_key_pem, pair.public_key_pem});
}

void initialize_reports_overview(db::Database& database) {
  if (database.find_one("reports_overviews", json::Value::object())) {
    base::log_info("skipping initializing the reports overview; it already exists");
    return;
  }
  base::log_info("initializing the reports overview");
  db::ChangeNote note(database, db::Cached::kReportsOverviews);
  // v5.8.0's template "{{user}} ..." is not an f-string, and at start-up there is no session, so the
  // stored description reads "{An operator} ...". Kept so both servers write the same history.
  auto overview = json::Value::object();
  overview.set("title", json::Value::string("Reports"));
  overview.set("subtitle", json::Value::string(""));
  overview.set("timestamp", json::Value::string(base::iso_timestamp_now()));
  auto delta = json::Value::object();
  delta.set("description", json::Value::string("{An operator} initialized the reports overview"));
  delta.set("email", json::Value::string(""));
  delta.set("uuids", json::Value::array());
  overview.set("delta", delta);
  database.insert_one_ordered("reports_overviews", overview);
}

void import_data_model(db::Database& database, const InitializationSettings& settings) {
  auto latest = db::latest_datamodel(database);
  if (latest && settings.keep_database_data_model) {
    base::log_warning("keeping the data model stored at {} (API_SERVER_KEEP_DATABASE_DATA_MODEL)",
                      latest->get_string("timestamp"));
    return;
  }
  if (latest) {
    latest->erase("_id");
    latest->erase("timestamp");
    if (*latest == settings.data_model) {  // deep equality; object key order does not matter
      base::log_info("skipping storing the data model; it is unchanged");
      return;
    }
  }
  db::insert_datamodel(database, settings.data_model);
  base::log_warning("stored a new version of the data model");
}

// v5.8.0 imports its example reports unless one with the same uuid was ever stored (deleted ones count,
// so a deleted example stays deleted). Ours are our own reports in the same format.
void import_example_reports(db::Database& database, const std::string& directory) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (error) {
    base::log_warning("no example reports loaded: cannot read {}", directory);
    return;
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream stream(file);
    std::stringstream text;
    text << stream.rdbuf();
    json::Value report;
    try {
      report = json::Value::parse(text.str());
    } catch (const json::ParseError& parse_error) {
      base::log_error("example report {} is not valid JSON: {}", file.string(), parse_error.what());
      continue;
    }
    std::string report_uuid = report.get_string("report_uuid");
    if (report_uuid.empty() || db::report_exists(database, report_uuid)) continue;
    // The same literal as v5.8.0 stores: its template is not an f-string, so "{user}" keeps one pair of
    // braces.
    db::insert_new_reports(database, "{{user}} imported a new report", {report_uuid}, {"An operator", ""},
                           {report});
    base::log_info("imported example report {}", report_uuid);
  }
}

}  // namespace

void initialize_database(db::Database& database, const InitializationSettings& settings) {
  set_feature_compatibility_version(database);
  // From the statistics: counting the documents themselves takes FerretDB minutes at 100,000 measurements.
  auto shown = [](std::optional<std::int64_t> count) {
    return count ? std::to_string(*count) : "an unknown number of";
  };
  base::log_info("database has {} report documents and {} measurement documents (statistics)",
                 shown(database.statistics_count("reports")),
                 shown(database.statistics_count("measurements")));
  create_indexes(database);
  db::ensure_change_tokens(database);
  import_data_model(database, settings);
  initialize_secrets(database);
  initialize_reports_overview(database);
  db::restore_latest_flags(database);
  if (!settings.example_reports_dir.empty()) import_example_reports(database, settings.example_reports_dir);
}

}  // namespace qta::app
