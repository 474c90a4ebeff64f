#pragma once
// Server configuration: built-in defaults, then the optional file (/etc/quality-time/api.conf), then the
// environment, which wins. Names are Quality-time's environment variables where it has one, and
// API_SERVER_* for what only our process model needs. Read once per process (and again by the master
// on SIGHUP); shared read-only afterwards.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/log.h"

namespace qta::base {

// Defaults: Quality-time reports have tens to a few hundred metrics; these leave room for ten times
// that while keeping a report read or PDF within seconds (see README, "Limits").
struct ReportLimits {
  int subjects = 200;    // API_SERVER_REPORT_MAX_SUBJECTS
  int metrics = 2000;    // API_SERVER_REPORT_MAX_METRICS
  int sources = 4000;    // API_SERVER_REPORT_MAX_SOURCES
  int nesting = 32;      // API_SERVER_REPORT_MAX_NESTING: levels of objects and lists in the report document
  int entities = 10000;  // API_SERVER_MEASUREMENT_MAX_ENTITIES: entities per source of a pushed measurement
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Config {
  // Database.
  std::string database_url = "mongodb://root:root@localhost:27017";  // DATABASE_URL
  int database_timeout_ms = 2000;                                    // DATABASE_TIMEOUT_MS
  // How long the database calls of one request may take together (maxTimeMS and socketTimeoutMS
  // follow from it); past it the request answers 503 instead of holding its thread.
  int database_request_timeout_ms = 30000;  // DATABASE_REQUEST_TIMEOUT_MS
  // Answer every request with X-Database-Commands: the number of database commands it sent. For tests
  // and benchmarks only: it tells clients how the server works inside.
  bool database_commands_header = false;  // API_SERVER_DATABASE_COMMANDS_HEADER
  // The read cache of each worker and of the metrics listener (db/read_cache.h): its size in MiB (0
  // disables it), and for how many seconds an entry may serve at most (0: until its change token
  // changes), which bounds how long a write whose change was not noted (a writer that died in between,
  // a v5.8.0 server) stays unseen.
  int cache_mb = 64;               // API_SERVER_CACHE_MB
  int cache_max_age_seconds = 60;  // API_SERVER_CACHE_MAX_AGE
  // Logging.
  LogLevel log_level = LogLevel::kWarning;  // API_SERVER_LOG_LEVEL
  // Process model.
  std::string socket_path = "/run/quality-time-api/api.sock";  // API_SERVER_SOCKET (unless socket-activated)
  int workers = 0;                                             // API_SERVER_WORKERS; 0 = number of cores
  int threads = 16;                                            // API_SERVER_THREADS per worker
  int shutdown_timeout_seconds = 10;                           // API_SERVER_SHUTDOWN_TIMEOUT
  int stream_interval_seconds = 10;  // API_SERVER_STREAM_INTERVAL: seconds between nr_measurements checks
  // Overload: a request must start within this many ms of reaching nginx (REQUEST_START), else 503.
  int queue_timeout_ms = 10000;  // API_SERVER_QUEUE_TIMEOUT_MS
  // Accept threads per worker that may run expensive routes at once; 0 = half of `threads`.
  int expensive_threads = 0;  // API_SERVER_EXPENSIVE_THREADS
  // What one report may hold (API_SERVER_REPORT_MAX_*, API_SERVER_MEASUREMENT_MAX_ENTITIES).
  base::ReportLimits report_limits;
  // Documentation URLs name this port, as v5.8.0 does.
  std::string api_server_port = "5001";  // API_SERVER_PORT
  // Prometheus metrics (GET /metrics) on a listener of their own, apart from the FastCGI socket: "" for
  // none, HOST:PORT (IPv6 as [ADDRESS]:PORT) or unix:PATH. Read at start only (a reload keeps it).
  std::string metrics_listen;  // API_SERVER_METRICS_LISTEN
  // Per-report metric counts are read from the database at most once per this many seconds; 0 leaves
  // them out of the metrics.
  int metrics_report_interval_seconds = 60;  // API_SERVER_METRICS_REPORT_INTERVAL
  // Data files.
  // Logos of /api/v3/logo/<source_type>: an administrator's own, which win over the built-in ones.
  std::string logo_dir = "/etc/quality-time/logos";  // API_SERVER_LOGO_DIR
  std::string builtin_logo_dir;                      // API_SERVER_BUILTIN_LOGO_DIR; default <data dir>/logos
  // Login: LDAP, forward authentication.
  std::vector<std::string> ldap_urls = {"ldap://localhost:389"};  // LDAP_URL, comma-separated
  bool ldap_configured = false;  // LDAP_URL was set; without it, only local users can log in
  std::string ldap_root_dn = "dc=example,dc=org";                       // LDAP_ROOT_DN
  std::string ldap_lookup_user_dn = "cn=admin,dc=example,dc=org";       // LDAP_LOOKUP_USER_DN
  std::string ldap_lookup_user_password = "admin";                      // LDAP_LOOKUP_USER_PASSWORD
  std::string ldap_search_filter = "(|(uid=$username)(cn=$username))";  // LDAP_SEARCH_FILTER
  bool forward_auth_enabled = false;                                    // FORWARD_AUTH_ENABLED
  std::string forward_auth_header = "X-Forwarded-User";                 // FORWARD_AUTH_HEADER
  // Failed-login throttle (see auth/login_throttle.h).
  int login_user_failures = 5;      // LOGIN_THROTTLE_USER_FAILURES
  int login_address_failures = 20;  // LOGIN_THROTTLE_ADDRESS_FAILURES
  int login_window_seconds = 900;   // LOGIN_THROTTLE_WINDOW_SECONDS
  // Start-up.
  bool load_example_reports = true;  // LOAD_EXAMPLE_REPORTS
  std::string example_reports_dir;   // API_SERVER_EXAMPLE_REPORTS; default <data dir>/example-reports
  std::string data_model_file;       // API_SERVER_DATA_MODEL; default <data dir>/datamodel.json
  // When migrating from a Quality-time instance: keep serving the data model already stored instead of
  // storing ours.
  bool keep_database_data_model = false;  // API_SERVER_KEEP_DATABASE_DATA_MODEL

  // Where the settings came from, for the startup log line: "file" or "environment" per key.
  std::map<std::string, std::string> sources;
};

// Every key the configuration understands, in documentation order.
const std::vector<std::string>& config_keys();

// Builds the configuration from a file (may be absent unless `file_required`) and an environment given
// as KEY=VALUE strings (environ). Throws ConfigError naming the key for a value that does not parse.
Config load_config(const std::string& file_path, bool file_required, char** environment);

// Applies one KEY=VALUE setting; exposed for tests. Unknown keys are ignored (false).
bool apply_setting(Config& config, const std::string& key, const std::string& value);

}  // namespace qta::base
