// Overload degrades instead of piling up: requests that waited too long or whose client has gone are not
// started, expensive routes cannot take every thread, a stalled database costs a request a bounded wait.
// Each test holds a worker's threads deterministically with a login against an LDAP server that accepts
// connections and never answers.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include "crypto/random.h"
#include "db/mongo_database.h"
#include "db/sessions.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

// Accepts TCP connections and never answers: a login against it holds its accept thread until the test
// hangs up (or libldap's own 5-second timeout passes).
class SilentServer {
 public:
  SilentServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listener_, 16) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("cannot open the silent server");
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentServer() {
    hang_up();
    close(listener_);
  }
  SilentServer(const SilentServer&) = delete;
  SilentServer& operator=(const SilentServer&) = delete;

  std::string url() const { return "ldap://127.0.0.1:" + std::to_string(port_); }
  // True once a client has connected (within `seconds`).
  bool wait_for_connection(double seconds) {
    pollfd descriptor{listener_, POLLIN, 0};
    if (poll(&descriptor, 1, static_cast<int>(seconds * 1000)) != 1) return false;
    int connection = accept(listener_, nullptr, nullptr);
    if (connection < 0) return false;
    connections_.push_back(connection);
    return true;
  }
  // Closes the accepted connections: the waiting login fails at once.
  void hang_up() {
    for (int connection : connections_) close(connection);
    connections_.clear();
  }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> connections_;
};

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

// A session stored directly, for stacks whose LDAP server never answers a login.
std::string session_cookie(const Stack& stack) {
  auto database = database_of(stack);
  std::string session_id = crypto::uuid4();
  auto expiration = std::chrono::duration_cast<std::chrono::milliseconds>(
                        (std::chrono::system_clock::now() + std::chrono::hours(1)).time_since_epoch())
                        .count();
  db::upsert_session(database, {"jadoe", "jadoe@example.org", "Jane Doe", session_id, expiration});
  return "Cookie: session_id=" + session_id;
}

// Starts a login that waits on the silent LDAP server; returns once it holds its accept thread.
std::future<HttpResponse> hold_a_thread(const Stack& stack, SilentServer& ldap) {
  auto http = stack.client();
  auto login = std::async(std::launch::async, [http] {
    return http.request("POST", "/api/v3/login", R"({"username": "jadoe", "password": "secret"})",
                        {"Content-Type: application/json"});
  });
  if (!ldap.wait_for_connection(30)) throw std::runtime_error("the login did not reach the LDAP server");
  return login;
}

long versions_of(const Stack& stack, const std::string& report_uuid) {
  auto database = database_of(stack);
  auto filter = json::Value::object();
  filter.set("report_uuid", json::Value::string(report_uuid));
  return static_cast<long>(database.count("reports", filter));
}

// Polls `read` until `text` occurs in what it returns, for at most `seconds`.
template <typename Read>
bool wait_for_text(Read read, const std::string& text, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (read().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

std::string millis_since_epoch(std::chrono::system_clock::time_point time) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  return std::to_string(millis / 1000) + "." + std::to_string(1000 + millis % 1000).substr(1);
}

}  // namespace

// nginx stamps REQUEST_START; this stack lets the test choose the stamp (X-Request-Start) so that a
// request can arrive "a minute ago" without a minute of waiting.
TEST(QueueTimeout, ARequestThatWaitedTooLongIsAnswered503AndNotStored) {
  StackOptions options;
  options.request_start = "$http_x_request_start";
  Stack stack(options);
  stack.wait_until_initialized();
  UserSession jane{stack, "jadoe", "secret"};
  std::string report_uuid =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  long versions = versions_of(stack, report_uuid);
  auto http = stack.client();
  std::string path = "/api/v3/report/" + report_uuid + "/attribute/title";
  std::string body = R"({"title": "Edited"})";
  auto now = std::chrono::system_clock::now();

  auto stale = http.request("POST", path, body,
                            {jane.cookie(), "Content-Type: application/json",
                             "X-Request-Start: " + millis_since_epoch(now - std::chrono::seconds(60))});
  EXPECT_EQ(stale.status, 503);
  EXPECT_EQ(stale.header("retry-after"), "5");
  EXPECT_EQ(stale.json().get_string("error"),
            "The server is too busy to answer in time, please try again later.");
  EXPECT_EQ(versions_of(stack, report_uuid), versions) << "a refused edit stores nothing";
  EXPECT_EQ(jane.get("/api/v3/report/" + report_uuid).json().get("reports").at(0).get_string("title"),
            "New report");
  EXPECT_NE(stack.server_log().find("not started: waited"), std::string::npos);

  auto fresh = http.request(
      "POST", path, body,
      {jane.cookie(), "Content-Type: application/json", "X-Request-Start: " + millis_since_epoch(now)});
  EXPECT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(versions_of(stack, report_uuid), versions + 1);
}

TEST(QueueTimeout, ARequestWhoseClientHasGoneIsNotStarted) {
  SilentServer ldap;
  StackOptions options;
  options.workers = 1;
  options.threads = 1;
  options.ldap = false;
  options.environment = {"LDAP_URL=" + ldap.url()};
  Stack stack(options);
  stack.wait_until_initialized();
  std::string cookie = session_cookie(stack);
  auto http = stack.client();
  auto created = http.request("POST", "/api/v3/report/new", "{}", {cookie, "Content-Type: application/json"});
  ASSERT_EQ(created.status, 200) << created.body;
  std::string report_uuid = created.json().get_string("new_report_uuid");
  long versions = versions_of(stack, report_uuid);

  auto login = hold_a_thread(stack, ldap);  // the worker's only thread
  std::string path = "/api/v3/report/" + report_uuid + "/attribute/title";
  auto abandoned = http.request("POST", path, R"({"title": "Abandoned"})",
                                {cookie, "Content-Type: application/json"}, 0.5);
  EXPECT_EQ(abandoned.status, 0) << "the edit cannot be answered while the only thread is held";
  ASSERT_TRUE(wait_for_text([&] { return stack.nginx_access_log(); }, "POST " + path + " HTTP/1.1\" 499", 10))
      << "nginx noticed that the client left";
  ldap.hang_up();
  login.get();
  // The worker's next request is the abandoned edit: skipped, or (without the check) executed.
  ASSERT_TRUE(wait_for_text([&] { return stack.server_log(); }, "POST " + path + " ", 10));
  EXPECT_EQ(versions_of(stack, report_uuid), versions) << "the abandoned edit was executed";
  EXPECT_NE(stack.server_log().find("POST " + path + " not started: the client has gone"), std::string::npos);
  EXPECT_EQ(http.get("/api/v3/server").status, 200);
}

TEST(ExpensiveSlots, CheapRoutesAreAnsweredWhileEveryExpensiveSlotIsBusy) {
  SilentServer ldap;
  StackOptions options;
  options.workers = 1;
  options.threads = 2;  // one expensive slot, no waiting room, one thread that only cheap routes can have
  options.ldap = false;
  options.environment = {"LDAP_URL=" + ldap.url(), "API_SERVER_EXPENSIVE_THREADS=1"};
  Stack stack(options);
  stack.wait_until_initialized();
  auto http = stack.client();

  auto login = hold_a_thread(stack, ldap);  // a login is expensive: it holds the only slot
  for (int i = 0; i < 5; ++i) EXPECT_EQ(http.get("/api/v3/server").status, 200);
  EXPECT_EQ(http.get("/api/v3/datamodel").status, 200);
  EXPECT_EQ(http.get("/api/v3/reports_overview").status, 200);
  auto report = http.get("/api/v3/report");
  EXPECT_EQ(report.status, 503);
  EXPECT_EQ(report.json().get_string("error"), "The server is busy, please try again later.");
  EXPECT_FALSE(report.header("retry-after").empty());
  EXPECT_EQ(login.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
      << "the slot was held throughout (else this test proves nothing)";

  ldap.hang_up();
  login.get();
  EXPECT_EQ(http.get("/api/v3/report").status, 200) << "the slot is free again";
}

TEST(DatabaseDeadline, AStalledDatabaseCostsARequestABoundedWaitNotItsThread) {
  StackOptions options;
  options.environment = {"DATABASE_REQUEST_TIMEOUT_MS=1000"};
  Stack stack(options);
  stack.wait_until_initialized();
  auto http = stack.client();
  ASSERT_EQ(http.get("/api/v3/reports_overview").status, 200);

  stack.pause_database();  // connections stay open, nothing answers
  auto stalled = http.request("GET", "/api/v3/reports_overview", "", {}, 60);
  stack.resume_database();
  EXPECT_EQ(stalled.status, 503) << stalled.error << stalled.body;
  EXPECT_EQ(stalled.header("content-type"), "application/json");
  long status = 0;
  for (int attempt = 0; attempt < 100 && status != 200; ++attempt) {
    status = http.get("/api/v3/reports_overview").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200) << "the server recovers once the database answers again";
}

}  // namespace qta::e2e
