// Our deliberate differences from v5.8.0 that keep credentials secret (source search by a credential,
// export with a foreign public key), nginx's security headers, and a server removing only its own socket.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "crypto/rsa_keys.h"
#include "db/mongo_database.h"
#include "db/read_cache.h"
#include "db/reports_overviews.h"
#include "http/url.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

struct Built {
  std::string report_uuid, source_uuid;
};

// A report with one Jira source that has a password and a URL.
Built build_report(const UserSession& user, const std::string& password, const std::string& url) {
  auto new_uuid = [&](const std::string& path, const char* type, const char* key) {
    auto response = user.post(path, attribute("type", json::Value::string(type)));
    if (response.status != 200) throw std::runtime_error(path + ": " + response.body);
    return response.json().get_string(key);
  };
  Built built;
  built.report_uuid =
      user.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  std::string subject = new_uuid("/api/v3/subject/new/" + built.report_uuid, "software", "new_subject_uuid");
  std::string metric = new_uuid("/api/v3/metric/new/" + subject, "issues", "new_metric_uuid");
  built.source_uuid = new_uuid("/api/v3/source/new/" + metric, "jira", "new_source_uuid");
  user.post("/api/v3/source/" + built.source_uuid + "/parameter/password",
            attribute("password", json::Value::string(password)));
  user.post("/api/v3/source/" + built.source_uuid + "/parameter/url",
            attribute("url", json::Value::string(url)));
  return built;
}

HttpResponse search_sources(const HttpClient& http, const std::string& body,
                            const std::vector<std::string>& headers = {}) {
  std::vector<std::string> all = {"Content-Type: application/json"};
  all.insert(all.end(), headers.begin(), headers.end());
  return http.request("POST", "/api/v3/source/search", body, all);
}

bool found(const HttpResponse& response, const std::string& uuid) {
  for (const auto& element : response.json().get("uuids").elements()) {
    if (element.as_string() == uuid) return true;
  }
  return false;
}

// A newest reports overview that grants edit_reports to jadoe only; the previous one is back afterwards.
class OnlyJadoeEditsReports {
 public:
  explicit OnlyJadoeEditsReports(const Stack& stack) : database_(database_of(stack)) {
    auto overview = *db::latest_reports_overview(database_);
    overview.erase("_id");
    overview.set("timestamp", json::Value::string(kTimestamp));  // newest, whatever the clock
    overview.set("permissions", json::Value::parse(R"({"edit_reports": ["jadoe"], "edit_entities": []})"));
    database_.insert_one("reports_overviews", overview);
    db::note_change(database_, db::Cached::kReportsOverviews);
  }
  ~OnlyJadoeEditsReports() {
    database_.delete_one("reports_overviews",
                         json::Value::parse(R"({"timestamp": "2999-01-01T00:00:00+00:00"})"));
    db::note_change(database_, db::Cached::kReportsOverviews);
  }
  OnlyJadoeEditsReports(const OnlyJadoeEditsReports&) = delete;
  OnlyJadoeEditsReports& operator=(const OnlyJadoeEditsReports&) = delete;

 private:
  static constexpr const char* kTimestamp = "2999-01-01T00:00:00+00:00";
  db::MongoDatabase database_;
};

void expect_security_headers(const HttpResponse& response, const std::string& what) {
  SCOPED_TRACE(what + " (" + std::to_string(response.status) + ")");
  EXPECT_EQ(response.header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
  EXPECT_EQ(response.header("x-frame-options"), "DENY");
  EXPECT_EQ(response.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(response.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(response.header("server"), "nginx") << "no version";
  EXPECT_EQ(response.header("strict-transport-security"), "") << "plain HTTP";
}

// Whether a process runs (a zombie, whose parent has gone and which nobody reaps here, does not).
bool runs(pid_t pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  std::size_t end = stat.rfind(')');
  return end != std::string::npos && end + 2 < stat.size() && stat[end + 2] != 'Z' && stat[end + 2] != 'X';
}

}  // namespace

TEST(SecretSearch, SearchingSourcesByACredentialNeedsASession) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  auto built = build_report(jane, "guess-me-3141", "https://jira-3141.example.org");
  auto http = stack.client();

  for (const std::string& body :
       {std::string(R"({"password": "guess-me-3141"})"), std::string(R"({"private_token": "x"})"),
        std::string(R"({"no_such_parameter": "x"})")}) {
    auto refused = search_sources(http, body);
    EXPECT_EQ(refused.status, 401) << body;
    EXPECT_EQ(refused.json().get("ok"), json::Value::boolean(false)) << body;
    EXPECT_EQ(refused.body.find("uuids"), std::string::npos);
  }
  auto answered = search_sources(http, R"({"password": "guess-me-3141"})", {jane.cookie()});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_TRUE(found(answered, built.source_uuid)) << answered.body;
}

TEST(SecretSearch, SearchingByOtherAttributesStaysOpenAsInV580) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  auto built = build_report(jane, "another-secret", "https://jira-2718.example.org");
  auto http = stack.client();
  auto by_url = search_sources(http, R"({"url": "https://jira-2718.example.org"})");
  ASSERT_EQ(by_url.status, 200) << by_url.body;
  EXPECT_TRUE(found(by_url, built.source_uuid)) << by_url.body;
  EXPECT_EQ(by_url.json().get_string("domain_object_type"), "source");
  auto by_type = search_sources(http, R"({"type": "jira"})");
  ASSERT_EQ(by_type.status, 200) << by_type.body;
  EXPECT_TRUE(found(by_type, built.source_uuid));
  auto report =
      http.request("POST", "/api/v3/report/search", R"({"report_uuid": ")" + built.report_uuid + "\"}",
                   {"Content-Type: application/json"});
  EXPECT_EQ(report.status, 200);
  EXPECT_TRUE(found(report, built.report_uuid));
  // v5.8.0's answer to a malformed search stays: 200 with "ok": false, no session needed.
  auto malformed = search_sources(http, R"({"password": ["a"]})");
  EXPECT_EQ(malformed.status, 200);
  EXPECT_EQ(malformed.json().get("ok"), json::Value::boolean(false));
}

TEST(SecretSearch, SearchesByACredentialAreThrottledPerUserApartFromLogins) {
  Stack stack(
      StackOptions{.environment = {"LOGIN_THROTTLE_USER_FAILURES=3", "LOGIN_THROTTLE_ADDRESS_FAILURES=100",
                                   "LOGIN_THROTTLE_WINDOW_SECONDS=600"}});
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  auto built = build_report(jane, "the-real-one", "https://jira.example.org");
  auto http = stack.client();
  for (int guess = 0; guess < 3; ++guess) {
    auto answered =
        search_sources(http, R"({"password": "guess-)" + std::to_string(guess) + "\"}", {jane.cookie()});
    EXPECT_EQ(answered.status, 200) << answered.body;
    EXPECT_FALSE(found(answered, built.source_uuid));
  }
  auto refused = search_sources(http, R"({"password": "the-real-one"})", {jane.cookie()});
  EXPECT_EQ(refused.status, 429) << "even the right guess is refused during the window";
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_EQ(refused.body.find(built.source_uuid), std::string::npos);
  EXPECT_EQ(search_sources(http, R"({"url": "https://jira.example.org"})", {jane.cookie()}).status, 200)
      << "searches by other attributes are not counted";
  UserSession john(stack, "jodoe", "secret-jodoe");  // searching locks nobody out of logging in
  auto other_user = search_sources(http, R"({"password": "the-real-one"})", {john.cookie()});
  EXPECT_EQ(other_user.status, 200);
  EXPECT_TRUE(found(other_user, built.source_uuid));
}

TEST(ExportWithForeignKey, NeedsTheEditReportsPermission) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  UserSession john(stack, "jodoe", "secret-jodoe");
  auto built = build_report(jane, "exported-secret", "https://jira.example.org");
  std::string path = "/api/v3/report/" + built.report_uuid + "/json";
  auto foreign = crypto::generate_rsa_key_pair(2048);
  std::string own_key = stack.client().get("/api/v3/public_key").json().get_string("public_key");
  std::string own_key_crlf;
  for (char c : own_key) own_key_crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);

  OnlyJadoeEditsReports permissions(stack);
  auto refused = john.get(path + "?public_key=" + http::quote_plus(foreign.public_key_pem));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.body.find("exported-secret"), std::string::npos);
  EXPECT_EQ(refused.body.find("subjects"), std::string::npos);
  EXPECT_EQ(john.get(path + "?public_key=not-a-key").status, 403) << "anything but our key is foreign";
  EXPECT_EQ(john.get(path).status, 200) << "without a key: v5.8.0's rule (logged in)";
  EXPECT_EQ(john.get(path + "?public_key=" + http::quote_plus(own_key)).status, 200)
      << "our own key: v5.8.0's rule";
  EXPECT_EQ(john.get(path + "?public_key=" + http::quote_plus(own_key_crlf)).status, 200)
      << "our key, other line ends";
  EXPECT_EQ(stack.client().get(path + "?public_key=" + http::quote_plus(foreign.public_key_pem)).status, 401);

  auto exported = jane.get(path + "?public_key=" + http::quote_plus(foreign.public_key_pem));
  ASSERT_EQ(exported.status, 200) << exported.body;
  auto source = exported.json()
                    .get("subjects")
                    .items()
                    .front()
                    .second.get("metrics")
                    .items()
                    .front()
                    .second.get("sources")
                    .items()
                    .front()
                    .second;
  auto encrypted = source.get("parameters").get("password");
  ASSERT_TRUE(encrypted.is_array()) << exported.body.substr(0, 500);
  EXPECT_EQ(crypto::asymmetric_decrypt(foreign.private_key_pem,
                                       {*encrypted.at(0).as_string(), *encrypted.at(1).as_string()}),
            "exported-secret");
}

TEST(SecurityHeaders, AreOnEveryApiAnswerErrorsIncluded) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  auto http = stack.client();
  auto ok = http.get("/api/v3/server");
  ASSERT_EQ(ok.status, 200);
  auto missing = http.get("/api/v3/no/such/route");
  ASSERT_EQ(missing.status, 404);
  auto unauthorised = http.get("/api/v3/settings");
  ASSERT_EQ(unauthorised.status, 401);
  auto too_large = http.request("POST", "/api/v3/report/import", std::string(3 * 1024 * 1024, 'x'),
                                {"Content-Type: application/json"});
  ASSERT_EQ(too_large.status, 413) << "nginx's own answer";
  for (const auto& [response, what] :
       {std::pair{ok, "server"}, std::pair{missing, "unknown route"}, std::pair{unauthorised, "no session"},
        std::pair{too_large, "nginx's 413"}}) {
    expect_security_headers(response, what);
    EXPECT_EQ(response.header("cache-control"), "no-store") << what;
  }
}

TEST(SecurityHeaders, DataModelAndLogosKeepTheirCaching) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  auto http = stack.client();
  auto datamodel = http.get("/api/v3/datamodel");
  ASSERT_EQ(datamodel.status, 200);
  expect_security_headers(datamodel, "data model");
  EXPECT_EQ(datamodel.header("cache-control"), "no-cache") << "kept, but revalidated with the ETag";
  auto unchanged = http.get("/api/v3/datamodel", {"If-None-Match: " + datamodel.header("etag")});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_EQ(unchanged.header("cache-control"), "no-cache");

  std::string png("\x89PNG\r\n\x1a\n-cached-logo", 20);
  std::ofstream(stack.logo_dir() + "/gitlab.png", std::ios::binary) << png;
  auto logo = http.get("/api/v3/logo/gitlab");
  ASSERT_EQ(logo.status, 200);
  expect_security_headers(logo, "logo");
  EXPECT_EQ(logo.header("cache-control"), "public, max-age=86400");
  auto revalidated = http.get("/api/v3/logo/gitlab", {"If-Modified-Since: " + logo.header("last-modified")});
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_EQ(revalidated.header("cache-control"), "public, max-age=86400")
      << "a 304 must not make the copy no-store";
}

TEST(ServerSocket, AnEarlierServerExitingLeavesTheNextServersSocket) {
  Stack stack(StackOptions{.ldap = false, .environment = {}});
  std::string socket = stack.dir() + "/api.sock";
  // The first server keeps running while its socket file is removed and a second server binds a new
  // one at the same path (as after a restart that did not wait for the old server to end).
  Process first = std::move(stack.server());
  stack.start_server();
  ASSERT_TRUE(first.running());
  int status = first.stop();
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(std::filesystem::is_socket(socket)) << "the first server removed the second one's socket";
  stack.wait_until_ready();  // the second server's start-up initialisation
  EXPECT_EQ(stack.client().get("/api/v3/server").status, 200);

  status = stack.server().stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(std::filesystem::exists(socket)) << "a server removes its own socket";
  auto bad_gateway = stack.client().get("/api/v3/server");
  EXPECT_EQ(bad_gateway.status, 502);
  expect_security_headers(bad_gateway, "nginx's 502");
  EXPECT_EQ(bad_gateway.header("cache-control"), "no-store");
}

TEST(ServerSocket, WorkersLeaveWhenTheMasterIsKilled) {
  Stack stack(StackOptions{.ldap = false, .environment = {}});
  stack.wait_until_initialized();
  std::vector<pid_t> workers;
  for (int i = 0; i < 500 && workers.size() != 2; ++i) {
    workers = child_pids(stack.server().pid());  // the initialisation child leaves once it is done
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(workers.size(), 2u);
  stack.server().signal(SIGKILL);
  stack.server().wait(10);
  for (pid_t worker : workers) {
    for (int i = 0; i < 500 && runs(worker); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_FALSE(runs(worker)) << "worker " << worker << " still serves without its master";
  }
}

}  // namespace qta::e2e
