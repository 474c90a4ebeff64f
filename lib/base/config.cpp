// Configuration parsing: defaults < file < environment.
#include "base/config.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "base/version.h"

namespace qta::base {

namespace {

std::string trim(const std::string& text) {
  auto begin = std::find_if_not(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
  auto end =
      std::find_if_not(text.rbegin(), text.rend(), [](unsigned char c) { return std::isspace(c); }).base();
  return begin < end ? std::string(begin, end) : std::string();
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

int to_int(const std::string& key, const std::string& value, int minimum, int maximum) {
  std::size_t used = 0;
  int number = 0;
  try {
    number = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || number < minimum || number > maximum) {
    throw ConfigError(key + " must be a whole number from " + std::to_string(minimum) + " to " +
                      std::to_string(maximum) + ", not '" + value + "'");
  }
  return number;
}

// Quality-time compares these case-insensitively with "true"; anything else is false.
bool to_bool(const std::string& value) { return lower(value) == "true"; }

std::vector<std::string> split_commas(const std::string& value) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = value.find(',', start);
    std::string part = trim(value.substr(start, comma - start));
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

}  // namespace

const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys = {"DATABASE_URL",
                                                "DATABASE_TIMEOUT_MS",
                                                "API_SERVER_LOG_LEVEL",
                                                "API_SERVER_SOCKET",
                                                "API_SERVER_WORKERS",
                                                "API_SERVER_THREADS",
                                                "API_SERVER_SHUTDOWN_TIMEOUT",
                                                "API_SERVER_PORT",
                                                "API_SERVER_LOGO_DIR",
                                                "API_SERVER_BUILTIN_LOGO_DIR",
                                                "LDAP_URL",
                                                "LDAP_ROOT_DN",
                                                "LDAP_LOOKUP_USER_DN",
                                                "LDAP_LOOKUP_USER_PASSWORD",
                                                "LDAP_SEARCH_FILTER",
                                                "FORWARD_AUTH_ENABLED",
                                                "FORWARD_AUTH_HEADER",
                                                "LOAD_EXAMPLE_REPORTS",
                                                "API_SERVER_DATA_MODEL",
                                                "API_SERVER_KEEP_DATABASE_DATA_MODEL",
                                                "LOGIN_THROTTLE_USER_FAILURES",
                                                "LOGIN_THROTTLE_ADDRESS_FAILURES",
                                                "LOGIN_THROTTLE_WINDOW_SECONDS",
                                                "API_SERVER_STREAM_INTERVAL",
                                                "API_SERVER_EXAMPLE_REPORTS",
                                                "DATABASE_REQUEST_TIMEOUT_MS",
                                                "API_SERVER_QUEUE_TIMEOUT_MS",
                                                "API_SERVER_EXPENSIVE_THREADS",
                                                "API_SERVER_REPORT_MAX_SUBJECTS",
                                                "API_SERVER_REPORT_MAX_METRICS",
                                                "API_SERVER_REPORT_MAX_SOURCES",
                                                "API_SERVER_REPORT_MAX_NESTING",
                                                "API_SERVER_MEASUREMENT_MAX_ENTITIES",
                                                "API_SERVER_DATABASE_COMMANDS_HEADER",
                                                "API_SERVER_CACHE_MB",
                                                "API_SERVER_CACHE_MAX_AGE",
                                                "API_SERVER_METRICS_LISTEN",
                                                "API_SERVER_METRICS_REPORT_INTERVAL"};
  return keys;
}

bool apply_setting(Config& config, const std::string& key, const std::string& value) {
  if (key == "DATABASE_URL") {
    config.database_url = value;
  } else if (key == "DATABASE_TIMEOUT_MS") {
    config.database_timeout_ms = to_int(key, value, 100, 120000);
  } else if (key == "DATABASE_REQUEST_TIMEOUT_MS") {
    config.database_request_timeout_ms = to_int(key, value, 100, 600000);
  } else if (key == "API_SERVER_DATABASE_COMMANDS_HEADER") {
    config.database_commands_header = to_bool(value);
  } else if (key == "API_SERVER_QUEUE_TIMEOUT_MS") {
    config.queue_timeout_ms = to_int(key, value, 100, 600000);
  } else if (key == "API_SERVER_EXPENSIVE_THREADS") {
    config.expensive_threads = to_int(key, value, 0, 1024);
  } else if (key == "API_SERVER_REPORT_MAX_SUBJECTS") {
    config.report_limits.subjects = to_int(key, value, 1, 1000000);
  } else if (key == "API_SERVER_REPORT_MAX_METRICS") {
    config.report_limits.metrics = to_int(key, value, 1, 1000000);
  } else if (key == "API_SERVER_REPORT_MAX_SOURCES") {
    config.report_limits.sources = to_int(key, value, 1, 1000000);
  } else if (key == "API_SERVER_REPORT_MAX_NESTING") {
    // Report documents themselves are nested 9 levels deep; MongoDB refuses more than 100.
    config.report_limits.nesting = to_int(key, value, 16, 90);
  } else if (key == "API_SERVER_MEASUREMENT_MAX_ENTITIES") {
    config.report_limits.entities = to_int(key, value, 1, 1000000);
  } else if (key == "API_SERVER_CACHE_MB") {
    config.cache_mb = to_int(key, value, 0, 65536);
  } else if (key == "API_SERVER_CACHE_MAX_AGE") {
    config.cache_max_age_seconds = to_int(key, value, 0, 86400);
  } else if (key == "API_SERVER_METRICS_LISTEN") {
    config.metrics_listen = trim(value);
  } else if (key == "API_SERVER_METRICS_REPORT_INTERVAL") {
    config.metrics_report_interval_seconds = to_int(key, value, 0, 86400);
  } else if (key == "API_SERVER_LOG_LEVEL") {
    if (!parse_log_level(value, config.log_level)) {
      throw ConfigError(key + " must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not '" + value + "'");
    }
  } else if (key == "API_SERVER_SOCKET") {
    config.socket_path = value;
  } else if (key == "API_SERVER_WORKERS") {
    config.workers = to_int(key, value, 0, 256);
  } else if (key == "API_SERVER_THREADS") {
    config.threads = to_int(key, value, 1, 1024);
  } else if (key == "API_SERVER_SHUTDOWN_TIMEOUT") {
    config.shutdown_timeout_seconds = to_int(key, value, 0, 3600);
  } else if (key == "API_SERVER_PORT") {
    config.api_server_port = value;
  } else if (key == "API_SERVER_LOGO_DIR") {
    config.logo_dir = value;
  } else if (key == "API_SERVER_BUILTIN_LOGO_DIR") {
    config.builtin_logo_dir = value;
  } else if (key == "LDAP_URL") {
    config.ldap_urls = split_commas(value);
    config.ldap_configured = !config.ldap_urls.empty();
  } else if (key == "LDAP_ROOT_DN") {
    config.ldap_root_dn = value;
  } else if (key == "LDAP_LOOKUP_USER_DN") {
    config.ldap_lookup_user_dn = value;
  } else if (key == "LDAP_LOOKUP_USER_PASSWORD") {
    config.ldap_lookup_user_password = value;
  } else if (key == "LDAP_SEARCH_FILTER") {
    config.ldap_search_filter = value;
  } else if (key == "FORWARD_AUTH_ENABLED") {
    config.forward_auth_enabled = to_bool(value);
  } else if (key == "FORWARD_AUTH_HEADER") {
    config.forward_auth_header = value;
  } else if (key == "LOAD_EXAMPLE_REPORTS") {
    config.load_example_reports = to_bool(value);
  } else if (key == "API_SERVER_EXAMPLE_REPORTS") {
    config.example_reports_dir = value;
  } else if (key == "API_SERVER_STREAM_INTERVAL") {
    config.stream_interval_seconds = to_int(key, value, 1, 3600);
  } else if (key == "LOGIN_THROTTLE_USER_FAILURES") {
    config.login_user_failures = to_int(key, value, 1, 1000000);
  } else if (key == "LOGIN_THROTTLE_ADDRESS_FAILURES") {
    config.login_address_failures = to_int(key, value, 1, 1000000);
  } else if (key == "LOGIN_THROTTLE_WINDOW_SECONDS") {
    config.login_window_seconds = to_int(key, value, 1, 86400);
  } else if (key == "API_SERVER_DATA_MODEL") {
    config.data_model_file = value;
  } else if (key == "API_SERVER_KEEP_DATABASE_DATA_MODEL") {
    config.keep_database_data_model = to_bool(value);
  } else {
    return false;
  }
  return true;
}

Config load_config(const std::string& file_path, bool file_required, char** environment) {
  Config config;
  config.builtin_logo_dir = std::string(kDataDir) + "/logos";
  config.data_model_file = std::string(kDataDir) + "/datamodel.json";
  config.example_reports_dir = std::string(kDataDir) + "/example-reports";
  if (!file_path.empty()) {
    std::ifstream file(file_path);
    if (!file && file_required) throw ConfigError("cannot read configuration file " + file_path);
    std::string line;
    int number = 0;
    while (std::getline(file, line)) {
      ++number;
      line = trim(line);
      if (line.empty() || line[0] == '#') continue;
      std::size_t equals = line.find('=');
      if (equals == std::string::npos) {
        throw ConfigError(file_path + ":" + std::to_string(number) + ": expected KEY=VALUE");
      }
      std::string key = trim(line.substr(0, equals));
      std::string value = trim(line.substr(equals + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      if (!apply_setting(config, key, value)) {
        throw ConfigError(file_path + ":" + std::to_string(number) + ": unknown setting " + key);
      }
      config.sources[key] = "file";
    }
  }
  for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
    std::string setting(*entry);
    std::size_t equals = setting.find('=');
    if (equals == std::string::npos) continue;
    std::string key = setting.substr(0, equals);
    if (apply_setting(config, key, setting.substr(equals + 1))) config.sources[key] = "environment";
  }
  return config;
}

}  // namespace qta::base
