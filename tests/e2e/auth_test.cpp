// Login, sessions, logout, settings, local users, forwarded authentication and the login throttle,
// through nginx against a real slapd and FerretDB.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "auth/session.h"
#include "db/bson.h"
#include "db/mongo_database.h"
#include "db/read_cache.h"
#include "db/reports_overviews.h"
#include "db/sessions.h"
#include "http/error.h"
#include "routes/route_table.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

HttpResponse login(const HttpClient& http, const std::string& username, const std::string& password,
                   const std::vector<std::string>& headers = {}) {
  auto body = json::Value::object();
  body.set("username", json::Value::string(username));
  body.set("password", json::Value::string(password));
  std::vector<std::string> all = {"Content-Type: application/json"};
  all.insert(all.end(), headers.begin(), headers.end());
  return http.request("POST", "/api/v3/login", body.dump(), all);
}

// "session_id=<id>" from a Set-Cookie header, for sending back as a Cookie header.
std::string cookie_of(const HttpResponse& response) {
  std::string set_cookie = response.header("set-cookie");
  return "Cookie: " + set_cookie.substr(0, set_cookie.find(';'));
}

std::string session_id_of(const HttpResponse& response) {
  std::string cookie = cookie_of(response);
  return cookie.substr(cookie.find('=') + 1);
}

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

}  // namespace

TEST(Login, UserWithSshaPasswordLogsInAndGetsASessionCookie) {
  auto http = Stack::shared().client();
  auto response = login(http, "jadoe", "secret");
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = response.json();
  EXPECT_EQ(body.get("ok"), json::Value::boolean(true));
  EXPECT_EQ(body.get_string("email"), "jadoe@example.org");
  EXPECT_TRUE(std::regex_match(body.get_string("session_expiration_datetime"),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00)")));
  std::string cookie = response.header("set-cookie");
  EXPECT_TRUE(std::regex_search(
      cookie,
      std::regex("^session_id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}; ")))
      << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; expires="), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP gets no Secure flag";

  auto database = database_of(Stack::shared());
  auto user = db::find_user(database, "jadoe");
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->get_string("common_name"), "Jane Doe");
  EXPECT_EQ(user->get_string("email"), "jadoe@example.org");
  auto session = db::find_session(database, session_id_of(response));
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->username, "jadoe");
  auto hours = (session->expiration_ms - auth::now_ms()) / 3600000.0;
  EXPECT_NEAR(hours, 24, 0.1);
}

TEST(Login, UserWhosePasswordTheLookupCannotReadLogsInByBinding) {
  auto response = login(Stack::shared().client(), "jodoe", "secret-jodoe");
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(true)) << response.body;
  EXPECT_EQ(response.json().get_string("email"), "jodoe@example.org");
}

TEST(Login, WrongPasswordOrUnknownUserFailsWithoutCookie) {
  for (auto [username, password] : {std::pair{"jadoe", "wrong"}, {"jodoe", "wrong"}, {"nobody", "secret"}}) {
    auto response = login(Stack::shared().client(), username, password);
    ASSERT_EQ(response.status, 200) << username;
    EXPECT_EQ(response.body,
              R"({"ok":false,"email":"","session_expiration_datetime":"0001-01-01T00:00:00+00:00"})");
    EXPECT_TRUE(response.header("set-cookie").empty());
  }
}

TEST(Login, UnsafeCharactersAreRemovedFromTheUsername) {
  auto response = login(Stack::shared().client(), "ja(doe)*", "secret");
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(true));
}

TEST(Login, BodyThatIsNotAnObjectIs400) {
  auto response =
      Stack::shared().client().request("POST", "/api/v3/login", "[1]", {"Content-Type: application/json"});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(false));
}

TEST(Session, ANewLoginReplacesTheUsersOlderSession) {
  auto http = Stack::shared().client();
  auto first = login(http, "jodoe", "secret-jodoe");
  auto second = login(http, "jodoe", "secret-jodoe");
  EXPECT_NE(session_id_of(first), session_id_of(second));
  EXPECT_EQ(http.get("/api/v3/settings", {cookie_of(first)}).status, 401);
  EXPECT_EQ(http.get("/api/v3/settings", {cookie_of(second)}).status, 200);
}

TEST(Session, ExpiredSessionIs401) {
  auto database = database_of(Stack::shared());
  db::upsert_session(database,
                     {"expired-user", "", "", "11111111-2222-4333-8444-555555555555", auth::now_ms() - 1000});
  auto response = Stack::shared().client().get("/api/v3/settings",
                                               {"Cookie: session_id=11111111-2222-4333-8444-555555555555"});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.json().get_string("error"), "Authentication required: log in first.");
}

TEST(Session, NoOrUnknownCookieIs401) {
  auto http = Stack::shared().client();
  EXPECT_EQ(http.get("/api/v3/settings").status, 401);
  EXPECT_EQ(http.get("/api/v3/settings", {"Cookie: session_id=not-a-session"}).status, 401);
  EXPECT_EQ(http.request("POST", "/api/v3/logout").status, 401);
}

TEST(Logout, EndsTheSessionAndClearsTheCookie) {
  auto http = Stack::shared().client();
  auto session = login(http, "jadoe", "secret");
  auto response = http.request("POST", "/api/v3/logout", "", {cookie_of(session)});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"ok":true})");
  EXPECT_NE(response.header("set-cookie").find("expires=Thu, 01 Jan 1970"), std::string::npos);
  EXPECT_EQ(http.get("/api/v3/settings", {cookie_of(session)}).status, 401);
}

TEST(Settings, AreKeptPerUser) {
  auto http = Stack::shared().client();
  auto session = login(http, "jodoe", "secret-jodoe");
  auto cookie = cookie_of(session);
  auto put = http.request("PUT", "/api/v3/settings", R"({"hidden_columns": ["trend"], "nr_dates": 3})",
                          {cookie, "Content-Type: application/json"});
  ASSERT_EQ(put.status, 200);
  EXPECT_EQ(put.body, R"({"ok":true})");
  auto get = http.get("/api/v3/settings", {cookie});
  EXPECT_EQ(get.body, R"({"settings":{"hidden_columns":["trend"],"nr_dates":3}})");
  // Logging in again keeps the settings.
  auto again = login(http, "jodoe", "secret-jodoe");
  EXPECT_EQ(http.get("/api/v3/settings", {cookie_of(again)}).json().get("settings").get("nr_dates"),
            json::Value::integer(3));
  auto bad =
      http.request("PUT", "/api/v3/settings", "[]", {cookie_of(again), "Content-Type: application/json"});
  EXPECT_EQ(bad.status, 400);
}

TEST(LocalUsers, AreManagedBySubcommandsAndLogInWhenLdapDoesNotKnowThem) {
  auto& stack = Stack::shared();
  auto http = stack.client();
  auto added = stack.run_server_command(
      {"user", "add", "localadmin", "--email", "admin@example.org", "--name", "Local Admin"},
      "first-password\n");
  ASSERT_EQ(added.exit_code, 0) << added.output;
  EXPECT_EQ(stack.run_server_command({"user", "add", "localadmin"}, "another-password\n").exit_code, 1);
  EXPECT_EQ(stack.run_server_command({"user", "add", "shorty"}, "short\n").exit_code, 2);
  auto listed = stack.run_server_command({"user", "list"});
  EXPECT_NE(listed.output.find("localadmin\tadmin@example.org\tLocal Admin"), std::string::npos)
      << listed.output;

  auto response = login(http, "localadmin", "first-password");
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(true)) << response.body;
  EXPECT_EQ(response.json().get_string("email"), "admin@example.org");

  ASSERT_EQ(stack.run_server_command({"user", "passwd", "localadmin"}, "second-password\n").exit_code, 0);
  EXPECT_EQ(login(http, "localadmin", "first-password").json().get("ok"), json::Value::boolean(false));
  EXPECT_EQ(login(http, "localadmin", "second-password").json().get("ok"), json::Value::boolean(true));

  ASSERT_EQ(stack.run_server_command({"user", "remove", "localadmin"}).exit_code, 0);
  EXPECT_EQ(login(http, "localadmin", "second-password").json().get("ok"), json::Value::boolean(false));
  EXPECT_EQ(stack.run_server_command({"user", "remove", "localadmin"}).exit_code, 1);
  EXPECT_EQ(stack.run_server_command({"user", "frobnicate"}).exit_code, 2);
}

TEST(LocalUsers, CannotShadowAnLdapUser) {
  auto& stack = Stack::shared();
  ASSERT_EQ(stack.run_server_command({"user", "add", "jadoe"}, "local-password\n").exit_code, 0);
  EXPECT_EQ(login(stack.client(), "jadoe", "local-password").json().get("ok"), json::Value::boolean(false));
  stack.run_server_command({"user", "remove", "jadoe"});
}

TEST(LocalUsers, LogInWithoutLdap) {
  Stack stack(StackOptions{.ldap = false, .environment = {}});
  ASSERT_EQ(stack.run_server_command({"user", "add", "demo"}, "demo-password\n").exit_code, 0);
  EXPECT_EQ(login(stack.client(), "demo", "demo-password").json().get("ok"), json::Value::boolean(true));
  EXPECT_EQ(login(stack.client(), "demo", "wrong-password").json().get("ok"), json::Value::boolean(false));
}

TEST(Ldap, UnreachableDirectoryFailsTheLoginQuicklyAndSaysWhy) {
  Stack stack;
  stack.stop_ldap();
  auto started = std::chrono::steady_clock::now();
  auto response = login(stack.client(), "jadoe", "secret");
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(false));
  EXPECT_LT(seconds, 15) << "bounded by the LDAP timeout";
  EXPECT_NE(stack.server_log().find("unreachable"), std::string::npos);
}

TEST(ForwardedAuth, TakesTheUserFromTheHeader) {
  Stack stack(StackOptions{.ldap = false, .environment = {"FORWARD_AUTH_ENABLED=True"}});
  auto http = stack.client();
  auto response = login(http, "", "", {"X-Forwarded-User: jadoe@example.org"});
  EXPECT_EQ(response.json().get("ok"), json::Value::boolean(true));
  EXPECT_EQ(response.json().get_string("email"), "jadoe@example.org");
  EXPECT_EQ(http.get("/api/v3/settings", {cookie_of(response)}).body, R"({"settings":{}})");
  auto without = login(http, "jadoe", "secret");
  EXPECT_EQ(without.json().get("ok"), json::Value::boolean(false));
}

TEST(LoginThrottle, RefusesAfterRepeatedFailuresUntilTheWindowEnds) {
  Stack stack(
      StackOptions{.environment = {"LOGIN_THROTTLE_USER_FAILURES=3", "LOGIN_THROTTLE_ADDRESS_FAILURES=6",
                                   "LOGIN_THROTTLE_WINDOW_SECONDS=3"}});
  auto http = stack.client();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login(http, "jadoe", "guess").status, 200);
  auto refused = login(http, "jadoe", "secret");
  EXPECT_EQ(refused.status, 429) << "even the right password is refused during the window";
  EXPECT_FALSE(refused.header("retry-after").empty());
  EXPECT_EQ(login(http, "jodoe", "secret-jodoe").json().get("ok"), json::Value::boolean(true))
      << "other users are not affected";
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  EXPECT_EQ(login(http, "jadoe", "secret").json().get("ok"), json::Value::boolean(true))
      << "the lock-out ends";
}

TEST(LoginThrottle, FailuresFromOneAddressAddUpOverUsernames) {
  Stack stack(StackOptions{
      .environment = {"LOGIN_THROTTLE_ADDRESS_FAILURES=6", "LOGIN_THROTTLE_WINDOW_SECONDS=600"}});
  auto http = stack.client();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login(http, "someone" + std::to_string(i), "guess").status, 200);
  // The frontend's empty login on page load is refused without a hash, but still counts.
  for (int i = 0; i < 3; ++i) {
    auto empty = login(http, "", "");
    EXPECT_EQ(empty.status, 200);
    EXPECT_EQ(empty.json().get("ok"), json::Value::boolean(false));
  }
  EXPECT_EQ(login(http, "jodoe", "secret-jodoe").status, 429);
}

TEST(Authorization, PermissionsComeFromTheLatestReportsOverview) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  auto database = database_of(stack);
  auto overview = *db::latest_reports_overview(database);
  overview.erase("_id");
  overview.set("timestamp", json::Value::string("2999-01-01T00:00:00+00:00"));  // newest, whatever the clock
  overview.set("permissions", json::Value::parse(R"({"edit_reports": ["jadoe"], "edit_entities": []})"));
  database.insert_one("reports_overviews", overview);
  db::note_change(database, db::Cached::kReportsOverviews);

  auto request_with = [&](const HttpResponse& session) {
    http::Request request("POST", "/api/v3/report/new");
    request.set_header("Cookie", cookie_of(session).substr(8));
    return request;
  };
  auto http = stack.client();
  auto jadoe = request_with(login(http, "jadoe", "secret"));
  auto jodoe = request_with(login(http, "jodoe", "secret-jodoe"));
  EXPECT_NO_THROW(auth::authorize(database, jadoe, {auth::Permission::kEditReports}, {}));
  EXPECT_NO_THROW(auth::authorize(database, jodoe, {auth::Permission::kEditEntities}, {}))
      << "empty list: everyone";
  try {
    auth::authorize(database, jodoe, {auth::Permission::kEditReports}, {});
    FAIL() << "jodoe may not edit reports";
  } catch (const http::Error& error) {
    EXPECT_EQ(error.code(), http::ErrorCode::kForbidden);
  }
  database.delete_one("reports_overviews",
                      json::Value::parse(R"({"timestamp": "2999-01-01T00:00:00+00:00"})"));
  db::note_change(database, db::Cached::kReportsOverviews);
}

TEST(Login, CookieIsSecureOverHttps) {
  auto& stack = Stack::shared();
  auto database = database_of(stack);
  base::Config config;
  config.ldap_configured = true;
  config.ldap_urls = {"ldap://127.0.0.1:" + std::to_string(stack.ldap_port())};
  config.ldap_lookup_user_dn = "cn=lookup,dc=example,dc=org";
  config.ldap_lookup_user_password = "lookup-password";
  http::Request request("POST", "/api/v3/login");
  request.set_header("Content-Type", "application/json");
  request.set_body(R"({"username": "jadoe", "password": "secret"})");
  request.set_https(true);
  auto response = routes::Dispatcher(config, database).dispatch(request);
  EXPECT_NE(response.header("Set-Cookie").find("; Secure"), std::string::npos) << response.body();
}

}  // namespace qta::e2e
