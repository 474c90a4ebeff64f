// Starting and stopping FerretDB, the worker pool and nginx for the end-to-end tests.
#include "support/stack.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <thread>

namespace qta::e2e {

namespace {

std::string tool(const char* variable, const char* fallback) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0' ? value : fallback;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::unique_ptr<Stack>& shared_instance() {
  static std::unique_ptr<Stack> instance;
  return instance;
}

// FerretDB's PostgreSQL handler needs a cluster: one per test process, started on first use, shared by
// the stacks, each with a database of its own (an initdb per stack would cost about a second each). The
// data is thrown away, so durability is off. PostgreSQL refuses to run as root: root runs it as Debian's
// "postgres" user. Peer authentication over the Unix socket: the only role is the test's own user.
class PostgresCluster {
 public:
  static PostgresCluster& instance() {
    static PostgresCluster cluster;
    return cluster;
  }
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  // A new empty database; returns FerretDB's --postgresql-url for it.
  std::string create_database(const std::string& name) {
    auto created = run_command({bin_ + "/createdb", "-h", dir_, name}, {});
    if (created.exit_code != 0) throw std::runtime_error("createdb failed: " + created.output);
    return "postgres://" + role_ + "@/" + name + "?host=" + dir_;
  }
  void drop_database(const std::string& name) { run_command({bin_ + "/dropdb", "-h", dir_, name}, {}); }

 private:
  PostgresCluster() {
    bin_ = tool("QTA_POSTGRESQL_BIN", "");
    if (bin_.empty()) {  // the newest installed version (Debian keeps them out of PATH)
      int newest = 0;
      for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql")) {
        std::string version = entry.path().filename().string();
        if (!std::regex_match(version, std::regex(R"(\d{1,4})")) || std::stoi(version) <= newest) continue;
        newest = std::stoi(version);
        bin_ = entry.path().string() + "/bin";
      }
    }
    if (bin_.empty()) throw std::runtime_error("no PostgreSQL in /usr/lib/postgresql; run scripts/setup");
    const passwd* user = getpwuid(geteuid());
    if (user == nullptr) throw std::runtime_error("the test's user has no name");
    role_ = user->pw_name;
    char pattern[] = "/tmp/qta-e2e-postgresql-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    std::vector<std::string> as_owner;
    if (geteuid() == 0) {
      const passwd* owner = getpwnam("postgres");
      if (owner == nullptr) throw std::runtime_error("no user postgres to run PostgreSQL as");
      if (chown(dir_.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
        throw std::runtime_error("cannot chown " + dir_);
      }
      as_owner = {"/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"};
    }
    auto owned = [&](std::vector<std::string> argv) {
      argv.insert(argv.begin(), as_owner.begin(), as_owner.end());
      return argv;
    };
    auto initialized =
        run_command(owned({bin_ + "/initdb", "-D", dir_ + "/data", "--username=" + role_, "--auth-local=peer",
                           "--auth-host=reject", "-E", "UTF8", "--locale=C", "--no-sync"}),
                    {});
    if (initialized.exit_code != 0) throw std::runtime_error("initdb failed: " + initialized.output);
    postgres_ = Process(owned({bin_ + "/postgres", "-D", dir_ + "/data", "-k", dir_, "-c",
                               "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                               "full_page_writes=off", "-c", "max_connections=300"}),
                        {}, dir_ + "/postgresql.log");
    for (int attempt = 0; attempt < 300; ++attempt) {
      if (run_command({bin_ + "/pg_isready", "-q", "-h", dir_, "-d", "postgres"}, {}).exit_code == 0) return;
      if (!postgres_.running()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("PostgreSQL did not start; see " + dir_ + "/postgresql.log");
  }
  ~PostgresCluster() {
    postgres_.stop();
    if (std::getenv("QTA_KEEP_TEST_DIRS") == nullptr) {
      std::error_code ignored;
      std::filesystem::remove_all(dir_, ignored);
    }
  }

  std::string bin_;
  std::string role_;
  std::string dir_;
  Process postgres_;
};

int next_database_number() {
  static int number = 0;
  return ++number;
}

class SharedStackEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { Stack::stop_shared(); }
};
const auto* const kRegistered = ::testing::AddGlobalTestEnvironment(new SharedStackEnvironment);

}  // namespace

Stack& Stack::shared() {
  auto& instance = shared_instance();
  if (!instance) instance = std::make_unique<Stack>();
  return *instance;
}

void Stack::stop_shared() { shared_instance().reset(); }

Stack::Stack(const StackOptions& options) : options_(options) {
  char pattern[] = "/tmp/qta-e2e-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  std::filesystem::create_directories(dir_ + "/db");
  std::filesystem::create_directories(dir_ + "/nginx");
  std::filesystem::create_directories(logo_dir());
  http_port_ = free_port();
  if (options_.metrics) {
    metrics_port_ = free_port();
    nginx_metrics_port_ = free_port();
  }
  if (options_.ldap) start_ldap();
  if (options_.database_url.empty()) {
    database_port_ = free_port();
    database_handler_ = tool("QTA_DATABASE_HANDLER", "sqlite");
    if (database_handler_ == "postgresql") {
      postgresql_database_ = "stack_" + std::to_string(next_database_number());
      postgresql_url_ = PostgresCluster::instance().create_database(postgresql_database_);
    } else if (database_handler_ != "sqlite") {
      throw std::runtime_error("QTA_DATABASE_HANDLER must be sqlite or postgresql, not " + database_handler_);
    }
    start_database();
  }
  start_server();
  start_nginx();
  wait_until_ready();
}

Stack::~Stack() {
  nginx_.stop();
  server_.stop();
  database_.stop();
  ldap_.stop();
  if (!postgresql_database_.empty()) PostgresCluster::instance().drop_database(postgresql_database_);
  // A sanitizer report in a worker does not fail any request by itself (the master starts a new
  // worker), so the log is where it shows: any report fails the test run.
  std::string log = server_log();
  for (const char* marker :
       {"AddressSanitizer", "LeakSanitizer", "runtime error:", "UndefinedBehaviorSanitizer"}) {
    std::size_t at = log.find(marker);
    if (at != std::string::npos) {
      ADD_FAILURE() << "sanitizer report in the server log (" << dir_ << "):\n"
                    << log.substr(at > 2000 ? at - 2000 : 0, 6000);
      break;
    }
  }
  if (std::getenv("QTA_KEEP_TEST_DIRS") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

void Stack::start_database() {
  std::string db = dir_ + "/db";
  std::vector<std::string> backend = {"--handler=sqlite", "--sqlite-url=file:" + db + "/"};
  if (database_handler_ == "postgresql") {
    backend = {"--handler=postgresql", "--postgresql-url=" + postgresql_url_};
  }
  database_ = Process({tool("QTA_FERRETDB", "ferretdb"), backend[0], backend[1], "--state-dir=" + db,
                       "--listen-addr=127.0.0.1:" + std::to_string(database_port_), "--debug-addr=-",
                       "--telemetry=disable", "--log-level=error"},
                      {}, dir_ + "/ferretdb.log");
  if (!wait_for_port(database_port_, 30)) throw std::runtime_error("FerretDB did not start; see " + dir_);
}

void Stack::stop_database() { database_.stop(); }
void Stack::pause_database() {
  database_.signal(SIGSTOP);
  // The stop takes effect asynchronously: wait until every thread of the process is stopped ('T').
  std::string tasks = "/proc/" + std::to_string(database_.pid()) + "/task";
  for (int attempt = 0; attempt < 500; ++attempt) {
    bool stopped = true;
    for (const auto& task : std::filesystem::directory_iterator(tasks)) {
      std::string stat = read_file(task.path().string() + "/stat");
      std::size_t state = stat.rfind(") ");
      stopped &= state != std::string::npos && stat.size() > state + 2 && stat[state + 2] == 'T';
    }
    if (stopped) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("the database did not stop");
}
void Stack::resume_database() { database_.signal(SIGCONT); }
std::string Stack::nginx_access_log() const { return read_file(dir_ + "/nginx/nginx-access.log"); }

void Stack::start_ldap() {
  std::string ldap_dir = dir_ + "/ldap";
  std::filesystem::create_directories(ldap_dir + "/data");
  std::string config = replace_all(read_file(std::string(QTA_SOURCE_DIR) + "/tests/e2e/ldap/slapd.conf.in"),
                                   "@DIR@", ldap_dir);
  std::ofstream(ldap_dir + "/slapd.conf") << config;
  auto loaded = run_command({tool("QTA_SLAPADD", "/usr/sbin/slapadd"), "-f", ldap_dir + "/slapd.conf", "-l",
                             std::string(QTA_SOURCE_DIR) + "/tests/e2e/ldap/directory.ldif"},
                            {});
  if (loaded.exit_code != 0) throw std::runtime_error("slapadd failed: " + loaded.output);
  ldap_port_ = free_port();
  ldap_ = Process({tool("QTA_SLAPD", "/usr/sbin/slapd"), "-d", "0", "-f", ldap_dir + "/slapd.conf", "-h",
                   "ldap://127.0.0.1:" + std::to_string(ldap_port_) + "/"},
                  {}, ldap_dir + "/slapd.log");
  if (!wait_for_port(ldap_port_, 30)) throw std::runtime_error("slapd did not start; see " + ldap_dir);
}

std::vector<std::string> Stack::server_environment() const {
  std::vector<std::string> environment = {
      "QUALITY_TIME_API_CONFIG=/dev/null",
      "DATABASE_URL=" + database_url(),
      "DATABASE_TIMEOUT_MS=1000",
      "API_SERVER_DATA_MODEL=" + std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json",
      "API_SERVER_EXAMPLE_REPORTS=" + std::string(QTA_SOURCE_DIR) + "/lib/app/example-reports",
  };
  if (options_.ldap) {
    environment.push_back("LDAP_URL=ldap://127.0.0.1:" + std::to_string(ldap_port_));
    environment.push_back("LDAP_ROOT_DN=dc=example,dc=org");
    environment.push_back("LDAP_LOOKUP_USER_DN=cn=lookup,dc=example,dc=org");
    environment.push_back("LDAP_LOOKUP_USER_PASSWORD=lookup-password");
  }
  return environment;
}

CommandResult Stack::run_server_command(const std::vector<std::string>& arguments,
                                        const std::string& input) const {
  std::vector<std::string> argv = {QTA_SERVER_BINARY};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return run_command(argv, server_environment(), input);
}

void Stack::start_server(std::vector<std::string> extra) {
  std::vector<std::string> environment = server_environment();
  std::vector<std::string> process_settings = {
      "API_SERVER_SOCKET=" + dir_ + "/api.sock",
      "API_SERVER_WORKERS=" + std::to_string(options_.workers),
      "API_SERVER_THREADS=" + std::to_string(options_.threads),
      "API_SERVER_LOG_LEVEL=INFO",
      "API_SERVER_LOGO_DIR=" + logo_dir(),
      "API_SERVER_BUILTIN_LOGO_DIR=" QTA_BUILT_LOGO_DIR,
      "API_SERVER_SHUTDOWN_TIMEOUT=5",
  };
  environment.insert(environment.end(), process_settings.begin(), process_settings.end());
  if (options_.metrics)
    environment.push_back("API_SERVER_METRICS_LISTEN=127.0.0.1:" + std::to_string(metrics_port_));
  environment.insert(environment.end(), options_.environment.begin(), options_.environment.end());
  environment.insert(environment.end(), extra.begin(), extra.end());
  std::filesystem::remove(dir_ + "/api.sock");
  server_ = Process({QTA_SERVER_BINARY}, environment, dir_ + "/server.log");
  for (int i = 0; i < 500 && !std::filesystem::exists(dir_ + "/api.sock"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!std::filesystem::exists(dir_ + "/api.sock"))
    throw std::runtime_error("server did not start; see " + dir_);
  if (options_.metrics && !wait_for_port(metrics_port_, 10)) {
    throw std::runtime_error("the metrics listener did not start; see " + dir_);
  }
}

void Stack::start_nginx() {
  std::string config = read_file(std::string(QTA_SOURCE_DIR) + "/nginx/local.conf.in");
  config = replace_all(config, "@USER_DIRECTIVE@", geteuid() == 0 ? "user root root;" : "");
  config = replace_all(config, "@VAR@", dir_ + "/nginx");
  config = replace_all(config, "@PORT@", std::to_string(http_port_));
  config = replace_all(config, "@SOCKET@", dir_ + "/api.sock");
  std::string nginx_dir = std::string(QTA_SOURCE_DIR) + "/nginx";
  if (!options_.request_start.empty()) {
    std::string locations = read_file(nginx_dir + "/api-locations.conf");
    const std::string production = "fastcgi_param REQUEST_START $msec;";
    if (locations.find(production) == std::string::npos)
      throw std::runtime_error("api-locations.conf lacks " + production);
    std::string source_dir = nginx_dir;
    nginx_dir = dir_ + "/nginx-conf";
    std::filesystem::create_directories(nginx_dir);
    // The other included files as they are.
    for (const auto& entry : std::filesystem::directory_iterator(source_dir)) {
      if (entry.path().extension() == ".conf" && entry.path().filename() != "api-locations.conf") {
        std::filesystem::copy_file(entry.path(), nginx_dir + "/" + entry.path().filename().string());
      }
    }
    std::ofstream(nginx_dir + "/api-locations.conf")
        << replace_all(locations, production, "fastcgi_param REQUEST_START " + options_.request_start + ";");
  }
  config = replace_all(config, "@NGINX_DIR@", nginx_dir);
  config = replace_all(config, "@BASELINE_BODY@", "{}");
  if (options_.metrics) {
    // nginx/metrics.conf as an operator enables it: our ports, and this host as the monitoring host.
    std::string snippet = read_file(std::string(QTA_SOURCE_DIR) + "/nginx/metrics.conf");
    for (const auto& [production, test] : std::vector<std::pair<std::string, std::string>>{
             {"listen 9465;", "listen 127.0.0.1:" + std::to_string(nginx_metrics_port_) + ";"},
             {"listen [::]:9465;", ""},
             {"allow 192.0.2.10;", "allow 127.0.0.1;"},
             {"http://127.0.0.1:9464;", "http://127.0.0.1:" + std::to_string(metrics_port_) + ";"}}) {
      if (snippet.find(production) == std::string::npos)
        throw std::runtime_error("metrics.conf lacks " + production);
      snippet = replace_all(snippet, production, test);
    }
    std::ofstream(dir_ + "/nginx/metrics.conf") << snippet;
    std::size_t end_of_http = config.rfind('}');
    config.insert(end_of_http, "  include " + dir_ + "/nginx/metrics.conf;\n");
  }
  std::string path = dir_ + "/nginx/nginx.conf";
  std::ofstream(path) << config;
  nginx_ = Process({tool("QTA_NGINX", "/usr/sbin/nginx"), "-p", dir_ + "/nginx", "-c", path, "-e",
                    dir_ + "/nginx/nginx-error.log"},
                   {}, dir_ + "/nginx/stdout.log");
  if (!wait_for_port(http_port_, 30)) throw std::runtime_error("nginx did not start; see " + dir_);
}

std::string Stack::server_log() const { return read_file(dir_ + "/server.log"); }

void Stack::wait_until_ready(double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  auto http = client();
  while (http.get("/api/v3/health").status != 200) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("the server did not become ready in time; see " + dir_);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int Stack::worker_restarts() const {
  std::string log = server_log();
  int count = 0;
  for (std::size_t at = log.find("; starting a new one"); at != std::string::npos;
       at = log.find("; starting a new one", at + 1)) {
    ++count;
  }
  return count;
}

void Stack::wait_until_initialized(double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  auto http = client();
  while (std::chrono::steady_clock::now() < deadline) {
    auto response = http.get("/api/v3/reports_overview");
    if (response.status == 200 && response.body.find("\"title\"") != std::string::npos) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  throw std::runtime_error("the server did not initialise the database in time; see " + dir_);
}

}  // namespace qta::e2e
