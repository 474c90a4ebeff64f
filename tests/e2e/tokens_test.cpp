// Access tokens through nginx: creating, listing and revoking them (API and subcommand), Bearer requests
// judged by every access rule of the route table as a session is, revocation and expiry at once on
// another host, the throttle of failed token checks, and secrets that appear nowhere but once.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <regex>

#include "auth/access_token.h"
#include "base/date_time.h"
#include "db/access_tokens.h"
#include "db/mongo_database.h"
#include "db/read_cache.h"
#include "db/reports_overviews.h"
#include "routes/route_table.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

std::string bearer(const std::string& secret) { return "Authorization: Bearer " + secret; }

// POST /api/v3/tokens as `user`; the answer, which must be 200.
json::Value create_token(const UserSession& user, const std::string& body) {
  auto response = user.post("/api/v3/tokens", body);
  if (response.status != 200) throw std::runtime_error("token not created: " + response.body);
  return response.json();
}

const std::regex kSecret("qta_[A-Za-z0-9_-]{43}");

class TokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Failed token checks are a test subject here; the throttle has a stack of its own below. DEBUG, so
    // that the log that must not hold a secret has every database command in it.
    stack_ = new Stack(StackOptions{
        .environment = {"LOGIN_THROTTLE_ADDRESS_FAILURES=100000", "API_SERVER_LOG_LEVEL=DEBUG"}});
    stack_->wait_until_initialized();
    // jadoe may edit reports, everyone may edit entities: jodoe's session gets 403 on edit_reports routes.
    auto database = database_of(*stack_);
    auto overview = *db::latest_reports_overview(database);
    overview.erase("_id");
    overview.set("timestamp", json::Value::string("2999-01-01T00:00:00+00:00"));
    overview.set("permissions", json::Value::parse(R"({"edit_reports": ["jadoe"], "edit_entities": []})"));
    database.insert_one("reports_overviews", overview);
    db::note_change(database, db::Cached::kReportsOverviews);
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  Stack& stack() { return *stack_; }
  HttpClient http() { return stack_->client(); }

  static Stack* stack_;
};

Stack* TokensTest::stack_ = nullptr;

// A path of a route table row with every placeholder filled: a random uuid, or a value the route
// takes, so that the answer depends on who asks rather than on what.
std::string sample_path(std::string_view rule) {
  static const std::map<std::string, std::string> kValues = {{"nr_changes", "3"},
                                                             {"source_type", "sonarqube"},
                                                             {"domain_object_type", "metric"},
                                                             {"version", "v3"},
                                                             {"fragment", "report"},
                                                             {"metric_attribute", "name"},
                                                             {"report_attribute", "title"},
                                                             {"source_attribute", "name"},
                                                             {"subject_attribute", "name"},
                                                             {"reports_attribute", "title"},
                                                             {"parameter_key", "url"},
                                                             {"tracker_attribute", "type"},
                                                             {"attribute", "status"},
                                                             {"query", "x"},
                                                             {"entity_key", "e1"}};
  std::string path;
  std::size_t at = 0;
  while (at < rule.size()) {
    std::size_t open = rule.find('<', at);
    if (open == std::string_view::npos) {
      path += rule.substr(at);
      break;
    }
    std::size_t close = rule.find('>', open);
    path += rule.substr(at, open - at);
    std::string name(rule.substr(open + 1, close - open - 1));
    auto known = kValues.find(name);
    path += known != kValues.end()
                ? known->second
                : "0c6a1f35-9d49-4d4b-8c64-" + std::to_string(100000000000 + rand() % 899999999999);
    at = close + 1;
  }
  return path;
}

bool is_token_route(const routes::Route& route) { return route.path.starts_with("/api/v3/tokens"); }

}  // namespace

TEST_F(TokensTest, AreCreatedListedAndRevokedByTheirOwner) {
  UserSession jane(stack(), "jadoe", "secret");
  auto created = create_token(jane, R"({"name": "nightly pipeline", "expiration_datetime": "2099-12-31"})");
  std::string secret = created.get_string("token");
  std::string id = created.get_string("id");
  EXPECT_TRUE(std::regex_match(secret, kSecret)) << secret;
  EXPECT_EQ(created.get_string("name"), "nightly pipeline");
  EXPECT_EQ(created.get_string("expiration_datetime"), "2099-12-31T00:00:00+00:00");
  EXPECT_EQ(created.get("permissions"), json::Value::parse(R"(["edit_reports", "edit_entities"])"))
      << "all of jadoe's";
  EXPECT_EQ(created.get("expired"), json::Value::boolean(false));

  auto listed = jane.get("/api/v3/tokens");
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find(secret), std::string::npos);
  EXPECT_EQ(listed.body.find("\"token\""), std::string::npos);
  EXPECT_EQ(listed.body.find("secret_hash"), std::string::npos);
  bool found = false;
  for (const auto& token : listed.json().get("tokens").elements()) {
    if (token.get_string("id") != id) continue;
    found = true;
    created.erase("token");
    EXPECT_EQ(token, created);
  }
  EXPECT_TRUE(found) << listed.body;
  UserSession john(stack(), "jodoe", "secret-jodoe");
  EXPECT_EQ(john.get("/api/v3/tokens").body.find(id), std::string::npos) << "one's own tokens only";
  EXPECT_EQ(john.remove("/api/v3/tokens/" + id).status, 404) << "nor can others revoke them";

  auto settings = http().get("/api/v3/settings", {bearer(secret)});
  EXPECT_EQ(settings.status, 200) << settings.body;
  ASSERT_EQ(jane.remove("/api/v3/tokens/" + id).status, 200);
  auto revoked = http().get("/api/v3/settings", {bearer(secret)});
  EXPECT_EQ(revoked.status, 401);
  EXPECT_EQ(revoked.json().get_string("error"),
            "Authentication required: the access token is unknown, revoked or expired.");
  EXPECT_EQ(jane.remove("/api/v3/tokens/" + id).status, 404);
  EXPECT_EQ(jane.get("/api/v3/tokens").body.find(id), std::string::npos);
}

TEST_F(TokensTest, ActAsTheirOwnerInWhatTheyChange) {
  UserSession jane(stack(), "jadoe", "secret");
  std::string secret = create_token(jane, R"({"name": "changes"})").get_string("token");
  auto made =
      http().request("POST", "/api/v3/report/new", "{}", {bearer(secret), "Content-Type: application/json"});
  ASSERT_EQ(made.status, 200) << made.body;
  std::string report = made.json().get_string("new_report_uuid");
  auto changelog = http().get("/api/v3/changelog/report/" + report + "/1").json();
  EXPECT_NE(changelog.get("changelog").at(0).get_string("delta").find("Jane Doe"), std::string::npos)
      << changelog.dump();
  EXPECT_EQ(changelog.get("changelog").at(0).get_string("email"), "jadoe@example.org");
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(secret)}).body, jane.get("/api/v3/settings").body)
      << "jadoe's settings";
}

TEST_F(TokensTest, WithNarrowerPermissionsGet403WhereTheSessionPasses) {
  UserSession jane(stack(), "jadoe", "secret");
  std::string entities_only =
      create_token(jane, R"({"name": "entities", "permissions": ["edit_entities"]})").get_string("token");
  std::string read_only = create_token(jane, R"({"name": "read", "permissions": []})").get_string("token");
  EXPECT_EQ(jane.post("/api/v3/report/new", "{}").status, 200);
  auto refused = http().request("POST", "/api/v3/report/new", "{}",
                                {bearer(entities_only), "Content-Type: application/json"});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json().get_string("error"),
            "Permission edit_reports required; the access token lacks it.");
  EXPECT_EQ(
      http()
          .request("POST", "/api/v3/report/new", "{}", {bearer(read_only), "Content-Type: application/json"})
          .status,
      403);
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(read_only)}).status, 200)
      << "a session is all that route needs";
}

TEST_F(TokensTest, CannotHaveMorePermissionsThanTheirOwnerAndLoseWhatTheOwnerLoses) {
  UserSession john(stack(), "jodoe", "secret-jodoe");
  auto refused = john.post("/api/v3/tokens", R"({"name": "x", "permissions": ["edit_reports"]})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(john.get("/api/v3/tokens").body.find("\"x\""), std::string::npos);
  auto granted = create_token(john, R"({"name": "all"})");
  EXPECT_EQ(granted.get("permissions"), json::Value::parse(R"(["edit_entities"])"));

  // A token stored with a permission its owner does not have (as one made before the owner lost it).
  auto database = database_of(stack());
  std::string secret = auth::new_token_secret();
  db::insert_access_token(database, {"lost-permission",
                                     "jodoe",
                                     "jodoe@example.org",
                                     "John Doe",
                                     "old",
                                     auth::token_secret_hash(secret),
                                     {"edit_reports", "edit_entities"},
                                     base::iso_timestamp_now(),
                                     std::nullopt});
  auto response =
      http().request("POST", "/api/v3/report/new", "{}", {bearer(secret), "Content-Type: application/json"});
  EXPECT_EQ(response.status, 403) << response.body;
  EXPECT_EQ(response.json().get_string("error"), "Permission edit_reports required.");
}

TEST_F(TokensTest, ExpiredTokensGet401AtOnce) {
  auto database = database_of(stack());
  std::string past = auth::new_token_secret(), future = auth::new_token_secret();
  std::string now = base::iso_timestamp_now();
  db::insert_access_token(database, {"expired-one",
                                     "jadoe",
                                     "jadoe@example.org",
                                     "Jane Doe",
                                     "expired",
                                     auth::token_secret_hash(past),
                                     {},
                                     now,
                                     base::minus_days(now, 1)});
  db::insert_access_token(database, {"valid-one",
                                     "jadoe",
                                     "jadoe@example.org",
                                     "Jane Doe",
                                     "valid",
                                     auth::token_secret_hash(future),
                                     {},
                                     now,
                                     "2099-01-01T00:00:00+00:00"});
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(past)}).status, 401);
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(future)}).status, 200);
  // An expiry that passes while the token is in use: nothing remembers that it was valid.
  database.update_one(
      db::kAccessTokens, json::Value::parse(R"({"token_id": "valid-one"})"),
      json::Value::parse(R"({"$set": {"expiration_datetime": "2000-01-01T00:00:00+00:00"}})"));
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(future)}).status, 401);
  UserSession jane(stack(), "jadoe", "secret");
  for (const auto& token : jane.get("/api/v3/tokens").json().get("tokens").elements()) {
    if (token.get_string("id") == "expired-one") {
      EXPECT_EQ(token.get("expired"), json::Value::boolean(true));
    }
  }
}

TEST_F(TokensTest, MalformedUnknownOrMissingTokensGet401AndABearerHeaderOverridesTheCookie) {
  UserSession jane(stack(), "jadoe", "secret");
  std::string other_scheme_secret = create_token(jane, R"({"name": "scheme"})").get_string("token");
  for (const std::string& header :
       {bearer(""), bearer("qta_short"), bearer(auth::new_token_secret()), bearer(other_scheme_secret + "x"),
        std::string("Authorization: Bearer")}) {
    EXPECT_EQ(http().get("/api/v3/settings", {header}).status, 401) << header;
    EXPECT_EQ(http().get("/api/v3/settings", {header, jane.cookie()}).status, 401)
        << header << " with a valid cookie";
  }
  EXPECT_EQ(http().get("/api/v3/settings", {"Authorization: Basic amFkb2U6c2VjcmV0", jane.cookie()}).status,
            200)
      << "other schemes leave the cookie in charge, as in v5.8.0";
  EXPECT_EQ(http().get("/api/v3/settings", {"Authorization: bearer " + other_scheme_secret}).status, 200)
      << "scheme case";
}

TEST_F(TokensTest, ManagingTokensAndLoggingOutNeedALoginSession) {
  UserSession jane(stack(), "jadoe", "secret");
  auto created = create_token(jane, R"({"name": "cannot mint"})");
  std::vector<std::string> headers = {bearer(created.get_string("token")), "Content-Type: application/json"};
  EXPECT_EQ(http().request("POST", "/api/v3/tokens", R"({"name": "minted"})", headers).status, 403);
  EXPECT_EQ(http().request("GET", "/api/v3/tokens", "", headers).status, 403);
  EXPECT_EQ(http().request("DELETE", "/api/v3/tokens/" + created.get_string("id"), "", headers).status, 403);
  auto logout = http().request("POST", "/api/v3/logout", "{}", headers);
  EXPECT_EQ(logout.status, 400) << logout.body;
  EXPECT_EQ(jane.get("/api/v3/settings").status, 200) << "jadoe's session is untouched";
  EXPECT_EQ(http().request("GET", "/api/v3/tokens", "", headers).status, 403) << "and so is the token";
}

TEST_F(TokensTest, BadRequestsGet400AndStoreNothing) {
  UserSession jane(stack(), "jadoe", "secret");
  auto before = jane.get("/api/v3/tokens").body;
  std::vector<std::string> bodies = {"[]",
                                     "{}",
                                     R"({"name": ""})",
                                     R"({"name": "x", "scope": "all"})",
                                     R"({"name": "x", "expiration_datetime": "2020-01-01"})",
                                     R"({"name": "x", "expiration_datetime": "soon"})",
                                     R"({"name": "x", "permissions": ["root"]})",
                                     R"({"name": ")" + std::string(101, 'n') + "\"}",
                                     R"({"name": "x", "permissions": "edit_reports"})"};
  for (const std::string& body : bodies) {
    auto response = jane.post("/api/v3/tokens", body);
    EXPECT_EQ(response.status, 400) << body << ": " << response.body;
    EXPECT_EQ(response.header("content-type"), "application/json") << body;
  }
  auto not_json = http().request("POST", "/api/v3/tokens", "name=x",
                                 {jane.cookie(), "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(jane.get("/api/v3/tokens").body, before);
}

TEST_F(TokensTest, AUserHasAtMostTwentyFiveAndTheSubcommandRevokesThemAll) {
  ASSERT_EQ(stack().run_server_command({"token", "revoke", "jodoe", "--all"}).exit_code, 0);
  UserSession john(stack(), "jodoe", "secret-jodoe");
  for (std::size_t i = 0; i < auth::kMaxTokensPerUser; ++i)
    create_token(john, R"({"name": "t)" + std::to_string(i) + "\"}");
  auto refused = john.post("/api/v3/tokens", R"({"name": "one too many"})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.json().get_string("error").find("at most 25"), std::string::npos);
  auto revoked = stack().run_server_command({"token", "revoke", "jodoe", "--all"});
  EXPECT_EQ(revoked.exit_code, 0);
  EXPECT_NE(revoked.output.find("revoked 25 access tokens"), std::string::npos) << revoked.output;
  EXPECT_EQ(john.get("/api/v3/tokens").json().get("tokens").size(), 0u);
}

TEST_F(TokensTest, AdministratorsManageTokensWithTheSubcommand) {
  UserSession jane(stack(), "jadoe", "secret");  // the users document names her
  auto created = stack().run_server_command({"token", "create", "jadoe", "--name", "deploy", "--permissions",
                                             "edit_entities", "--expires", "2099-06-30"});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(created.output, match, kSecret)) << created.output;
  std::string secret = match.str();
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(secret)}).status, 200);
  EXPECT_EQ(
      http()
          .request("POST", "/api/v3/report/new", "{}", {bearer(secret), "Content-Type: application/json"})
          .status,
      403);

  auto listed = stack().run_server_command({"token", "list", "jadoe"});
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_EQ(listed.output.find(secret), std::string::npos);
  std::smatch line;
  ASSERT_TRUE(std::regex_search(
      listed.output, line,
      std::regex(R"(([0-9a-f-]{36})\tdeploy\tedit_entities\t\S+\t2099-06-30T00:00:00\+00:00\n)")))
      << listed.output;
  std::string id = line[1].str();
  auto revoked = stack().run_server_command({"token", "revoke", "jadoe", id});
  EXPECT_EQ(revoked.exit_code, 0) << revoked.output;
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(secret)}).status, 401);
  EXPECT_EQ(stack().run_server_command({"token", "revoke", "jadoe", id}).exit_code, 1);

  auto unknown_user = stack().run_server_command({"token", "create", "nobody", "--name", "x"});
  EXPECT_EQ(unknown_user.exit_code, 1) << unknown_user.output;
  auto too_much = stack().run_server_command(
      {"token", "create", "jodoe", "--name", "x", "--permissions", "edit_reports"});
  EXPECT_EQ(too_much.exit_code, 1) << too_much.output;
  EXPECT_FALSE(std::regex_search(too_much.output, kSecret));
  EXPECT_EQ(stack().run_server_command({"token", "create", "jadoe"}).exit_code, 1) << "a name is required";
  EXPECT_EQ(stack().run_server_command({"token", "frobnicate", "jadoe"}).exit_code, 2);
  EXPECT_EQ(stack().run_server_command({"token", "revoke", "jadoe"}).exit_code, 2);
  EXPECT_EQ(stack().run_server_command({"token", "create", "jadoe", "--name"}).exit_code, 2);
}

TEST_F(TokensTest, RemovingALocalUserRevokesItsTokens) {
  ASSERT_EQ(
      stack()
          .run_server_command({"user", "add", "pipeline", "--email", "ci@example.org"}, "pipeline-password\n")
          .exit_code,
      0);
  auto created = stack().run_server_command({"token", "create", "pipeline", "--name", "ci"});
  std::smatch match;
  ASSERT_TRUE(std::regex_search(created.output, match, kSecret)) << created.output;
  std::string secret = match.str();
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(secret)}).status, 200);
  auto removed = stack().run_server_command({"user", "remove", "pipeline"});
  EXPECT_NE(removed.output.find("revoked 1 access tokens"), std::string::npos) << removed.output;
  EXPECT_EQ(http().get("/api/v3/settings", {bearer(secret)}).status, 401);
}

// The table-driven check: on every row of the route table, a token gets what its owner's session
// gets (401 without one, 403 without a permission, through otherwise), and 403 where the token lacks a
// permission the session has. The answers past the access check (200, 400, 404, ...) do not matter.
TEST_F(TokensTest, EveryRouteOfTheRouteTableJudgesATokenAsItJudgesItsOwnersSession) {
  std::optional<UserSession> jane(std::in_place, stack(), "jadoe", "secret");
  std::optional<UserSession> john(std::in_place, stack(), "jodoe", "secret-jodoe");
  std::string jane_full = create_token(*jane, R"({"name": "full"})").get_string("token");
  std::string jane_entities =
      create_token(*jane, R"({"name": "entities", "permissions": ["edit_entities"]})").get_string("token");
  std::string jane_none = create_token(*jane, R"({"name": "none", "permissions": []})").get_string("token");
  std::string john_full = create_token(*john, R"({"name": "full"})").get_string("token");
  auto judged = [](long status) { return status == 401 ? "401" : status == 403 ? "403" : "through"; };
  int rows = 0;
  for (const auto& route : routes::route_table()) {
    if (route.path == "/api/v3/nr_measurements") continue;  // a stream without end; open, as the rows above
    std::string path = sample_path(route.path);
    std::string method(route.method);
    SCOPED_TRACE(method + " " + path);
    auto call = [&](const std::vector<std::string>& credentials) {
      std::vector<std::string> headers = credentials;
      headers.push_back("Content-Type: application/json");
      return http().request(method, path, method == "GET" || method == "DELETE" ? "" : "{}", headers).status;
    };
    ++rows;
    if (route.access == routes::Access::kOpen) {
      EXPECT_STREQ(judged(call({bearer(jane_none)})), "through");
      EXPECT_STREQ(judged(call({bearer(auth::new_token_secret())})), judged(call({})))
          << "open routes ignore tokens";
      continue;
    }
    EXPECT_EQ(call({}), 401);
    EXPECT_EQ(call({bearer(auth::new_token_secret())}), 401);
    if (is_token_route(route)) {
      EXPECT_EQ(call({bearer(jane_full)}), 403) << "tokens are managed with a login session";
      EXPECT_STREQ(judged(call({jane->cookie()})), "through");
      continue;
    }
    bool logout = route.path == "/api/v3/logout";
    // A session's logout ends it: each session comparison of that row logs in anew.
    auto session_of = [&](std::optional<UserSession>& user, const char* username, const char* password) {
      if (logout) user.emplace(stack(), username, password);
      return user->cookie();
    };
    const char* jane_session = judged(call({session_of(jane, "jadoe", "secret")}));
    const char* john_session = judged(call({session_of(john, "jodoe", "secret-jodoe")}));
    EXPECT_STREQ(jane_session, "through");
    EXPECT_STREQ(john_session, route.access == routes::Access::kEditReports ? "403" : "through");
    EXPECT_STREQ(judged(call({bearer(jane_full)})), jane_session);
    EXPECT_STREQ(judged(call({bearer(john_full)})), john_session);
    EXPECT_STREQ(judged(call({bearer(jane_entities)})),
                 route.access == routes::Access::kEditReports ? "403" : jane_session);
    EXPECT_STREQ(judged(call({bearer(jane_none)})),
                 route.access == routes::Access::kAuthenticated ? jane_session : "403");
    if (logout) {
      jane.emplace(stack(), "jadoe", "secret");
      john.emplace(stack(), "jodoe", "secret-jodoe");
    }
  }
  EXPECT_GE(rows, 60);
}

TEST_F(TokensTest, SecretsAppearInNoLogAndInNoAnswerButTheCreation) {
  UserSession jane(stack(), "jadoe", "secret");
  auto created =
      jane.post("/api/v3/tokens", R"({"name": "secret keeper", "permissions": ["edit_entities"]})");
  std::string secret = created.json().get_string("token");
  std::vector<HttpResponse> answers;
  answers.push_back(jane.get("/api/v3/tokens"));
  answers.push_back(http().get("/api/v3/settings", {bearer(secret)}));
  answers.push_back(
      http().request("POST", "/api/v3/report/new", "{}", {bearer(secret), "Content-Type: application/json"}));
  answers.push_back(http().get("/api/v3/settings", {bearer(secret + "x")}));
  answers.push_back(http().get("/api/v3/tokens", {bearer(secret)}));
  answers.push_back(http().get("/api/v3/settings", {bearer(secret.substr(0, 20))}));
  for (const auto& answer : answers) {
    EXPECT_EQ(answer.body.find(secret.substr(4)), std::string::npos) << answer.body;
    for (const auto& [name, value] : answer.headers)
      EXPECT_EQ(value.find(secret.substr(4)), std::string::npos) << name;
  }
  auto database = database_of(stack());
  for (const auto& document : database.find(db::kAccessTokens, json::Value::object())) {
    EXPECT_EQ(document.dump().find(secret.substr(4)), std::string::npos) << "stored as its hash only";
  }
  std::string log = stack().server_log();
  EXPECT_NE(log.find("access token"), std::string::npos) << "the log speaks of tokens";
  EXPECT_EQ(log.find(secret.substr(4)), std::string::npos) << "the server log (DEBUG) holds the secret";
  EXPECT_EQ(log.find(secret.substr(4, 20)), std::string::npos) << "the server log holds part of the secret";
  EXPECT_EQ(stack().nginx_access_log().find(secret.substr(4, 20)), std::string::npos)
      << "nginx's access log holds it";
}

TEST(TokenRevocation, HoldsAtOnceOnAnotherHostOfTheSameDatabase) {
  Stack first(StackOptions{.workers = 2, .environment = {}});
  first.wait_until_initialized();
  Stack second(
      StackOptions{.workers = 2, .ldap = false, .environment = {}, .database_url = first.database_url()});
  second.wait_until_ready();
  UserSession jane(first, "jadoe", "secret");
  auto created = create_token(jane, R"({"name": "two hosts"})");
  std::string secret = created.get_string("token");
  // Several requests, so that both workers of the second host have served the token.
  for (int i = 0; i < 6; ++i)
    ASSERT_EQ(second.client().get("/api/v3/settings", {bearer(secret)}).status, 200);
  ASSERT_EQ(jane.remove("/api/v3/tokens/" + created.get_string("id")).status, 200);
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(second.client().get("/api/v3/settings", {bearer(secret)}).status, 401);
}

TEST(TokenThrottle, FailedTokenChecksCountPerAddressAndAre429AfterTheLimit) {
  Stack stack(
      StackOptions{.workers = 1,
                   .environment = {"LOGIN_THROTTLE_ADDRESS_FAILURES=4", "LOGIN_THROTTLE_USER_FAILURES=3",
                                   "LOGIN_THROTTLE_WINDOW_SECONDS=600"}});
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  std::string secret = create_token(jane, R"({"name": "throttled"})").get_string("token");
  auto http = stack.client();
  ASSERT_EQ(http.get("/api/v3/settings", {bearer(secret)}).status, 200);
  for (const std::string& guess :
       {auth::new_token_secret(), std::string("qta_nonsense"), std::string(), auth::new_token_secret()}) {
    EXPECT_EQ(http.get("/api/v3/settings", {bearer(guess)}).status, 401) << guess;
  }
  auto refused = http.get("/api/v3/settings", {bearer(secret)});
  EXPECT_EQ(refused.status, 429) << "even the right token is refused during the window";
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_EQ(http.request("POST", "/api/v3/report/new", "{}",
                         {bearer(auth::new_token_secret()), "Content-Type: application/json"})
                .status,
            429);
  EXPECT_EQ(jane.get("/api/v3/settings").status, 200) << "sessions are not affected";
  EXPECT_EQ(UserSession(stack, "jodoe", "secret-jodoe").get("/api/v3/settings").status, 200)
      << "nor are logins";
}

}  // namespace qta::e2e
