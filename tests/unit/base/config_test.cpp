#include "base/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace qta::base {

namespace {
std::string write_temp(const std::string& content) {
  char path[] = "/tmp/qta-config-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << content;
  return path;
}
}  // namespace

TEST(Config, DefaultsAreQualityTimesDefaults) {
  char* environment[] = {nullptr};
  Config config = load_config("", false, environment);
  EXPECT_EQ(config.database_url, "mongodb://root:root@localhost:27017");
  EXPECT_EQ(config.log_level, LogLevel::kWarning);
  EXPECT_EQ(config.ldap_search_filter, "(|(uid=$username)(cn=$username))");
  EXPECT_EQ(config.forward_auth_header, "X-Forwarded-User");
  EXPECT_TRUE(config.load_example_reports);
  EXPECT_EQ(config.api_server_port, "5001");
}

TEST(Config, OverloadAndLimitSettings) {
  Config config;
  EXPECT_EQ(config.queue_timeout_ms, 10000);
  EXPECT_EQ(config.database_request_timeout_ms, 30000);
  EXPECT_EQ(config.expensive_threads, 0);
  EXPECT_EQ(config.report_limits.metrics, 2000);
  EXPECT_TRUE(apply_setting(config, "API_SERVER_QUEUE_TIMEOUT_MS", "2500"));
  EXPECT_TRUE(apply_setting(config, "DATABASE_REQUEST_TIMEOUT_MS", "5000"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_EXPENSIVE_THREADS", "3"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_REPORT_MAX_SUBJECTS", "10"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_REPORT_MAX_METRICS", "20"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_REPORT_MAX_SOURCES", "30"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_REPORT_MAX_NESTING", "40"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_MEASUREMENT_MAX_ENTITIES", "50"));
  EXPECT_EQ(config.queue_timeout_ms, 2500);
  EXPECT_EQ(config.database_request_timeout_ms, 5000);
  EXPECT_EQ(config.expensive_threads, 3);
  EXPECT_EQ(config.report_limits.subjects, 10);
  EXPECT_EQ(config.report_limits.metrics, 20);
  EXPECT_EQ(config.report_limits.sources, 30);
  EXPECT_EQ(config.report_limits.nesting, 40);
  EXPECT_EQ(config.report_limits.entities, 50);
  EXPECT_THROW(apply_setting(config, "API_SERVER_QUEUE_TIMEOUT_MS", "0"), ConfigError);
  EXPECT_THROW(apply_setting(config, "API_SERVER_REPORT_MAX_NESTING", "8"), ConfigError)
      << "less than a report document's own nesting";
  EXPECT_THROW(apply_setting(config, "API_SERVER_REPORT_MAX_METRICS", "0"), ConfigError);
}

TEST(Config, ReadCacheSettings) {
  Config config;
  EXPECT_EQ(config.cache_mb, 64);
  EXPECT_EQ(config.cache_max_age_seconds, 60);
  EXPECT_TRUE(apply_setting(config, "API_SERVER_CACHE_MB", "0"));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_CACHE_MAX_AGE", "60"));
  EXPECT_EQ(config.cache_mb, 0);
  EXPECT_EQ(config.cache_max_age_seconds, 60);
  EXPECT_THROW(apply_setting(config, "API_SERVER_CACHE_MB", "-1"), ConfigError);
  EXPECT_THROW(apply_setting(config, "API_SERVER_CACHE_MAX_AGE", "ten"), ConfigError);
}

TEST(Config, MetricsAreOffUnlessAListenerIsConfigured) {
  Config config;
  EXPECT_EQ(config.metrics_listen, "");
  EXPECT_EQ(config.metrics_report_interval_seconds, 60);
  EXPECT_TRUE(apply_setting(config, "API_SERVER_METRICS_LISTEN", " 127.0.0.1:9464 "));
  EXPECT_TRUE(apply_setting(config, "API_SERVER_METRICS_REPORT_INTERVAL", "0"));
  EXPECT_EQ(config.metrics_listen, "127.0.0.1:9464");
  EXPECT_EQ(config.metrics_report_interval_seconds, 0);
  EXPECT_THROW(apply_setting(config, "API_SERVER_METRICS_REPORT_INTERVAL", "-1"), ConfigError);
  EXPECT_THROW(apply_setting(config, "API_SERVER_METRICS_REPORT_INTERVAL", "1m"), ConfigError);
}

TEST(Config, AdministratorsLogosAreInEtcAndTheBuiltInOnesInTheDataDirectory) {
  char* environment[] = {nullptr};
  Config config = load_config("", false, environment);
  EXPECT_EQ(config.logo_dir, "/etc/quality-time/logos");
  EXPECT_TRUE(config.builtin_logo_dir.ends_with("/share/quality-time-api/logos")) << config.builtin_logo_dir;
  EXPECT_TRUE(apply_setting(config, "API_SERVER_BUILTIN_LOGO_DIR", "/srv/logos"));
  EXPECT_EQ(config.builtin_logo_dir, "/srv/logos");
}

TEST(Config, EnvironmentWinsOverFile) {
  std::string path = write_temp("# comment\nDATABASE_URL = \"mongodb://file:1\"\nAPI_SERVER_THREADS=8\n");
  std::string database = "DATABASE_URL=mongodb://env:2";
  char* environment[] = {database.data(), nullptr};
  Config config = load_config(path, true, environment);
  EXPECT_EQ(config.database_url, "mongodb://env:2");
  EXPECT_EQ(config.threads, 8);
  EXPECT_EQ(config.sources["DATABASE_URL"], "environment");
  EXPECT_EQ(config.sources["API_SERVER_THREADS"], "file");
  std::remove(path.c_str());
}

TEST(Config, MissingFileIsAnErrorOnlyWhenRequired) {
  char* environment[] = {nullptr};
  EXPECT_NO_THROW(load_config("/nonexistent/api.conf", false, environment));
  EXPECT_THROW(load_config("/nonexistent/api.conf", true, environment), ConfigError);
}

TEST(Config, BadValuesNameTheKey) {
  Config config;
  try {
    apply_setting(config, "API_SERVER_WORKERS", "many");
    FAIL();
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("API_SERVER_WORKERS"), std::string::npos);
  }
  EXPECT_THROW(apply_setting(config, "API_SERVER_THREADS", "0"), ConfigError);
  EXPECT_THROW(apply_setting(config, "API_SERVER_LOG_LEVEL", "LOUD"), ConfigError);
}

TEST(Config, UnknownKeyInFileIsAnError) {
  std::string path = write_temp("NO_SUCH_SETTING=1\n");
  char* environment[] = {nullptr};
  EXPECT_THROW(load_config(path, true, environment), ConfigError);
  std::remove(path.c_str());
}

TEST(Config, BooleansAndListsParseAsQualityTimeDoes) {
  Config config;
  apply_setting(config, "FORWARD_AUTH_ENABLED", "TRUE");
  apply_setting(config, "LOAD_EXAMPLE_REPORTS", "False");
  apply_setting(config, "LDAP_URL", "ldap://a:389, ldap://b:389");
  apply_setting(config, "API_SERVER_LOG_LEVEL", "debug");
  EXPECT_TRUE(config.forward_auth_enabled);
  EXPECT_FALSE(config.load_example_reports);
  EXPECT_EQ(config.ldap_urls, (std::vector<std::string>{"ldap://a:389", "ldap://b:389"}));
  EXPECT_EQ(config.log_level, LogLevel::kDebug);
}

}  // namespace qta::base
