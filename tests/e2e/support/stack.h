#pragma once
// The whole product on loopback for black-box tests: FerretDB, the quality-time-api worker pool and
// nginx, each on free ports in a fresh temporary directory. FerretDB stores its data with the handler
// QTA_DATABASE_HANDLER names: "sqlite" (default) or "postgresql" (a database of its own in a cluster per
// test process).

#include <memory>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

namespace qta::e2e {

struct StackOptions {
  int workers = 2;
  int threads = 4;
  bool ldap = true;                      // start slapd with the test directory and point LDAP_URL at it
  std::vector<std::string> environment;  // extra KEY=VALUE settings for the server
  // What nginx passes as REQUEST_START instead of $msec, e.g. "$http_x_request_start" for a test that
  // sets the arrival time itself; empty for nginx/api-locations.conf as it is.
  std::string request_start = "";
  // Another stack's database_url(): this stack starts no database and serves that one, as a second
  // installation on one database does.
  std::string database_url = "";
  // Serve the Prometheus metrics (API_SERVER_METRICS_LISTEN) on a loopback port, and nginx's
  // nginx/metrics.conf on another, allowing 127.0.0.1.
  bool metrics = false;
};

class Stack {
 public:
  explicit Stack(const StackOptions& options = {});
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  // The stack shared by the tests that leave it as they found it; started on first use.
  static Stack& shared();
  static void stop_shared();

  HttpClient client() const { return HttpClient("http://127.0.0.1:" + std::to_string(http_port_)); }
  std::string database_url() const {
    return options_.database_url.empty() ? "mongodb://127.0.0.1:" + std::to_string(database_port_) + "/"
                                         : options_.database_url;
  }
  int ldap_port() const { return ldap_port_; }
  // With StackOptions::metrics: the metrics listener itself, and nginx's server of nginx/metrics.conf.
  int metrics_port() const { return metrics_port_; }
  HttpClient nginx_metrics_client() const {
    return HttpClient("http://127.0.0.1:" + std::to_string(nginx_metrics_port_));
  }
  // Runs `quality-time-api ARGS...` (a subcommand) against this stack's database.
  CommandResult run_server_command(const std::vector<std::string>& arguments,
                                   const std::string& input = "") const;
  void stop_ldap() { ldap_.stop(); }
  Process& server() { return server_; }
  const std::string& dir() const { return dir_; }
  // The administrator's logo directory (API_SERVER_LOGO_DIR); the built-in logos are the build's.
  std::string logo_dir() const { return dir_ + "/logos"; }
  std::string server_log() const;
  // How often the master has replaced a worker that died (killed by a signal or exited on its own),
  // as its log says: a test that must not kill workers compares this before and after.
  int worker_restarts() const;

  // Blocks until the server answers requests (it answers 503 until its start-up initialisation is done).
  void wait_until_ready(double seconds = 30);
  // Blocks until the start-up initialisation has created the reports overview.
  void wait_until_initialized(double seconds = 30);
  void stop_database();
  void start_database();
  // SIGSTOP / SIGCONT: a database that accepts connections and answers nothing.
  void pause_database();
  void resume_database();
  std::string nginx_access_log() const;
  // Starts the worker pool; `environment` adds to (and overrides) the stack's settings.
  void start_server(std::vector<std::string> environment = {});

 private:
  void start_nginx();
  void start_ldap();
  std::vector<std::string> server_environment() const;
  StackOptions options_;
  std::string dir_;
  int http_port_ = 0;
  int database_port_ = 0;
  int ldap_port_ = 0;
  int metrics_port_ = 0;
  int nginx_metrics_port_ = 0;
  std::string database_handler_;
  std::string postgresql_database_;  // on the PostgreSQL handler: this stack's database in the cluster
  std::string postgresql_url_;
  Process ldap_;
  Process database_;
  Process server_;
  Process nginx_;
};

}  // namespace qta::e2e
