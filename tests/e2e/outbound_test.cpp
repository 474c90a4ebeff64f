// Outbound HTTP: the libcurl client, the Jira issue tracker and the URL availability check, against a fake
// Jira (support/fake_jira.py) on a free loopback port. Expected texts are those of v5.8.0 (requests 2.31).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "json/json.h"
#include "model/issue_tracker.h"
#include "model/url_check.h"
#include "net/http_client.h"
#include "support/process.h"

namespace qta::e2e {
namespace {

using json::Value;
using namespace std::chrono_literals;

class FakeJira {
 public:
  static FakeJira& shared() {
    static FakeJira jira;
    return jira;
  }

  int port() const { return port_; }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Each test uses its own scenario prefix, so recorded requests and configured answers stay its own.
  std::string url(const std::string& scenario) const { return origin() + "/" + scenario; }

  Value requests(const std::string& scenario) const {
    net::HttpRequest request;
    request.url = origin() + "/__requests/" + scenario;
    auto result = net::fetch(request);
    if (!result.responded()) throw std::runtime_error(result.error);
    return Value::parse(result.body);
  }

  // Forgets what earlier tests (or earlier rounds of --gtest_repeat) recorded and configured.
  void reset() const {
    net::HttpRequest request;
    request.method = "POST";
    request.url = origin() + "/__reset";
    auto result = net::fetch(request);
    if (result.status_code != 200)
      throw std::runtime_error("resetting the fake Jira failed: " + result.error);
  }

  void answer(const std::string& scenario, const std::string& answers_json) const {
    net::HttpRequest request;
    request.method = "POST";
    request.url = origin() + "/__answers/" + scenario;
    request.json = Value::parse(answers_json);
    auto result = net::fetch(request);
    if (result.status_code != 200) {
      throw std::runtime_error("configuring the fake Jira failed: " + result.error);
    }
  }

 private:
  FakeJira() : port_(free_port()) {
    std::string script = std::string(QTA_SOURCE_DIR) + "/tests/e2e/support/fake_jira.py";
    std::string log = "/tmp/qta-fake-jira-" + std::to_string(port_) + ".log";
    process_ = Process({"/usr/bin/python3", script, std::to_string(port_)}, {}, log);
    if (!wait_for_port(port_, 20)) throw std::runtime_error("the fake Jira did not start; see " + log);
  }

  int port_;
  Process process_;
};

std::string header_of(const Value& recorded, const std::string& name) {
  for (const auto& header : recorded.get("headers").elements()) {
    std::string candidate = header.at(0).as_string().value_or("");
    if (candidate.size() == name.size() &&
        std::equal(candidate.begin(), candidate.end(), name.begin(),
                   [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
      return header.at(1).as_string().value_or("");
    }
  }
  return "<absent>";
}

std::vector<std::string> targets(const Value& recorded) {
  std::vector<std::string> result;
  for (const auto& request : recorded.elements()) {
    result.push_back(request.get_string("method") + " " + request.get_string("target"));
  }
  return result;
}

std::string pool(int port) {
  return "HTTPConnectionPool(host='127.0.0.1', port=" + std::to_string(port) + ")";
}

// The port of a socket nobody listens on.
int refused_port() { return free_port(); }

class WithFakeJira : public ::testing::Test {
 protected:
  void SetUp() override { FakeJira::shared().reset(); }
};
class HttpClientTest : public WithFakeJira {};
class IssueTrackerTest : public WithFakeJira {};
class UrlCheckTest : public WithFakeJira {};

// ----------------------------------------------------------------------------------------------------------
// The client.

TEST_F(HttpClientTest, ReturnsStatusReasonAndBody) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.url = jira.url("client-status") + "/status/404";
  auto result = net::fetch(request);
  ASSERT_TRUE(result.responded()) << result.error;
  EXPECT_EQ(result.status_code, 404);
  EXPECT_EQ(result.reason, "Not Found");
  EXPECT_EQ(result.body, R"({"status": 404})");
  EXPECT_EQ(result.url, request.url);
}

TEST_F(HttpClientTest, KeepsTheReasonPhraseOfTheStatusLine) {
  auto& jira = FakeJira::shared();
  jira.answer("client-reason", R"([{"path": "/x", "status": 299, "reason": "Fine, Thanks"}])");
  net::HttpRequest request;
  request.url = jira.url("client-reason") + "/x";
  auto result = net::fetch(request);
  EXPECT_EQ(result.status_code, 299);
  EXPECT_EQ(result.reason, "Fine, Thanks");
}

TEST_F(HttpClientTest, SendsJsonBodiesAsRequestsDoes) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.method = "POST";
  request.url = jira.url("client-json") + "/rest/api/2/issue";
  request.json = Value::parse(R"({"fields": {"summary": "caf\u00e9", "labels": ["a", "b"]}})");
  auto result = net::fetch(request);
  EXPECT_EQ(result.status_code, 201);
  auto recorded = jira.requests("client-json").at(0);
  EXPECT_EQ(recorded.get_string("method"), "POST");
  EXPECT_EQ(recorded.get_string("body"), R"({"fields": {"summary": "caf\u00e9", "labels": ["a", "b"]}})");
  EXPECT_EQ(header_of(recorded, "Content-Type"), "application/json");
  EXPECT_EQ(header_of(recorded, "Expect"), "<absent>");
  EXPECT_EQ(header_of(recorded, "Accept-Encoding"), "gzip, deflate");
}

TEST_F(HttpClientTest, BasicAuthenticationReplacesAnAuthorizationHeader) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.url = jira.url("client-auth") + "/status/200";
  request.headers = {{"Authorization", "Bearer token"}, {"Private-Token", "token"}, {"X-Empty", ""}};
  request.basic_auth = net::BasicAuth{"j\xC3\xB6rg", "secret"};  // latin-1 on the wire, as requests sends it
  net::fetch(request);
  auto recorded = jira.requests("client-auth").at(0);
  EXPECT_EQ(header_of(recorded, "Authorization"), "Basic avZyZzpzZWNyZXQ=");  // base64("j\xF6rg:secret")
  EXPECT_EQ(header_of(recorded, "Private-Token"), "token");
  EXPECT_EQ(header_of(recorded, "X-Empty"), "");
}

TEST_F(HttpClientTest, RefusesWhatRequestsRefuses) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.url = jira.url("client-refused") + "/status/200";
  request.basic_auth = net::BasicAuth{"\xE2\x82\xAC\xE2\x82\xAC", ""};
  auto result = net::fetch(request);
  EXPECT_EQ(result.error_type, "UnicodeEncodeError");
  EXPECT_EQ(result.error,
            "'latin-1' codec can't encode characters in position 0-1: ordinal not in range(256)");
  request.basic_auth.reset();
  request.headers = {{"Private-Token", " token"}};
  result = net::fetch(request);
  EXPECT_EQ(result.error_type, "InvalidHeader");
  EXPECT_EQ(
      result.error,
      "Invalid leading whitespace, reserved character(s), or returncharacter(s) in header value: ' token'");
  request.headers = {{"Private-Token", "token\n"}};
  EXPECT_EQ(net::fetch(request).error, "Invalid header value b'token\\n'");
  EXPECT_EQ(jira.requests("client-refused").size(), 0u);
}

TEST_F(HttpClientTest, FollowsRedirects) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.url = jira.url("client-redirect") + "/redirect/3";
  auto result = net::fetch(request);
  EXPECT_EQ(result.status_code, 200);
  EXPECT_EQ(result.url, jira.url("client-redirect") + "/status/200");
  request.url = jira.url("client-redirect") + "/redirect/31";
  result = net::fetch(request);
  EXPECT_EQ(result.error_type, "TooManyRedirects");
  EXPECT_EQ(result.error, "Exceeded 30 redirects.");
}

TEST_F(HttpClientTest, DescribesARefusedConnectionAsRequestsDoes) {
  int port = refused_port();
  net::HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/a b?c=d e";
  auto result = net::fetch(request);
  EXPECT_EQ(result.status_code, 0);
  EXPECT_EQ(result.error_type, "ConnectionError");
  EXPECT_EQ(result.error,
            pool(port) +
                ": Max retries exceeded with url: /a%20b?c=d%20e (Caused by NewConnectionError('Failed "
                "to establish a new connection: [Errno 111] Connection refused'))");
}

TEST_F(HttpClientTest, DescribesAnUnknownHostAsRequestsDoes) {
  net::HttpRequest request;
  request.url = "https://nonexistent.invalid./rest";
  auto result = net::fetch(request);
  EXPECT_EQ(
      result.error,
      "HTTPSConnectionPool(host='nonexistent.invalid.', port=443): Max retries exceeded with url: /rest "
      "(Caused by NameResolutionError(\"Failed to resolve 'nonexistent.invalid' ([Errno -2] Name or service "
      "not known)\"))");
}

TEST_F(HttpClientTest, TimesOutWhenTheServerSendsNothing) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.url = jira.url("client-timeout") + "/slow/5";
  request.timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  auto result = net::fetch(request);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.error_type, "ReadTimeout");
  EXPECT_EQ(result.error, pool(jira.port()) + ": Read timed out. (read timeout=0.3)");
  EXPECT_GE(elapsed, 300ms);
  EXPECT_LT(elapsed, 3s);
}

TEST_F(HttpClientTest, DescribesAnEmptyReplyAsRequestsDoes) {
  auto& jira = FakeJira::shared();
  net::HttpRequest request;
  request.url = jira.url("client-close") + "/close";
  auto result = net::fetch(request);
  EXPECT_EQ(result.error,
            "('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))");
}

TEST_F(HttpClientTest, ServesManyThreadsAtOnce) {
  auto& jira = FakeJira::shared();
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      net::HttpRequest request;
      request.url = jira.url("client-threads") + "/status/" + std::to_string(200 + i);
      for (int round = 0; round < 5; ++round) {
        if (net::fetch(request).status_code == 200 + i) ++successes;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(successes, 40);
}

// ----------------------------------------------------------------------------------------------------------
// The issue tracker.

model::IssueTracker tracker(const std::string& scenario, model::IssueParameters parameters = {},
                            model::IssueTrackerCredentials credentials = {}) {
  return model::IssueTracker(FakeJira::shared().url(scenario) + "/", std::move(parameters),
                             std::move(credentials), 2s);
}

TEST_F(IssueTrackerTest, StripsTheTrailingSlashAndBrowsesIssues) {
  auto issue_tracker = tracker("it-browse");
  EXPECT_EQ(issue_tracker.url(), FakeJira::shared().url("it-browse"));
  EXPECT_EQ(issue_tracker.browse_url("FOO-42"), FakeJira::shared().url("it-browse") + "/browse/FOO-42");
}

TEST_F(IssueTrackerTest, SuggestsIssues) {
  auto& jira = FakeJira::shared();
  auto suggestions = tracker("it-suggest").get_suggestions("summ \"it's\"");
  EXPECT_EQ(suggestions.dump(), R"([{"key":"FOO-42","text":"Issue summary"}])");
  EXPECT_EQ(targets(jira.requests("it-suggest")),
            std::vector<std::string>{
                "GET /it-suggest/rest/api/2/search?jql=summary~'summ%20%22it's%22~10'%20order%20"
                "by%20updated%20desc&fields=summary&maxResults=20"});
}

TEST_F(IssueTrackerTest, SuggestsNothingWhenJiraFails) {
  auto& jira = FakeJira::shared();
  jira.answer("it-suggest-500", R"([{"path": "/rest/api/2/search", "status": 500}])");
  EXPECT_EQ(tracker("it-suggest-500").get_suggestions("x").dump(), "[]");
  model::IssueTracker unreachable("http://127.0.0.1:" + std::to_string(refused_port()), {});
  EXPECT_EQ(unreachable.get_suggestions("x").dump(), "[]");
  EXPECT_EQ(model::IssueTracker("", {}).get_suggestions("x").dump(), "[]");
}

TEST_F(IssueTrackerTest, ListsOnlyProjectsWithoutProjectKey) {
  auto& jira = FakeJira::shared();
  auto options = tracker("it-options-projects").get_options();
  EXPECT_EQ(
      options.dump(),
      R"({"projects":[{"key":"FOO","name":"Foo"},{"key":"BAR","name":"Bar"}],"issue_types":[],"fields":[],)"
      R"("epic_links":[]})");
  EXPECT_EQ(jira.requests("it-options-projects").size(), 1u);
}

TEST_F(IssueTrackerTest, ListsOptionsStepByStep) {
  auto& jira = FakeJira::shared();
  auto options = tracker("it-options", {"FOO", "Bug", {}, ""}).get_options();
  EXPECT_EQ(options.dump(),
            R"({"projects":[{"key":"FOO","name":"Foo"},{"key":"BAR","name":"Bar"}],)"
            R"("issue_types":[{"key":"1","name":"Bug"},{"key":"3","name":"Story"}],)"
            R"("fields":[{"key":"summary","name":"Summary"},{"key":"labels","name":"Labels"},)"
            R"({"key":"customfield_10008","name":"Epic Link"}],)"
            R"j("epic_links":[{"key":"FOO-420","name":"Epic summary (FOO-420)"}]})j");
  EXPECT_EQ(
      targets(jira.requests("it-options")),
      (std::vector<std::string>{
          "GET /it-options/rest/api/2/project", "GET /it-options/rest/api/2/issue/createmeta/FOO/issuetypes",
          "GET /it-options/rest/api/2/issue/createmeta/FOO/issuetypes/1",
          "GET "
          "/it-options/rest/api/2/search?jql=type=epic%20and%20(%22Epic%20Status%22%20!=%20Done%20or%20%22"
          "Epic%20Status%22%20is%20empty)%20and%20project=FOO&fields=summary&maxResults=100"}));
}

TEST_F(IssueTrackerTest, StopsWhereTheConfiguredValueIsNoOption) {
  auto& jira = FakeJira::shared();
  auto options = tracker("it-options-story", {"FOO", "Story", {}, ""}).get_options();
  EXPECT_EQ(options.get("fields").dump(), R"([{"key":"summary","name":"Summary"}])");
  EXPECT_EQ(options.get("epic_links").dump(), "[]");
  EXPECT_EQ(jira.requests("it-options-story").size(), 3u);
  options = tracker("it-options-other", {"BAZ", "Bug", {}, ""}).get_options();
  EXPECT_EQ(options.get("issue_types").dump(), "[]");
  EXPECT_EQ(jira.requests("it-options-other").size(), 1u);
  options = tracker("it-options-subtask", {"FOO", "Sub-task", {}, ""}).get_options();
  EXPECT_EQ(options.get("fields").dump(), "[]");
  EXPECT_EQ(jira.requests("it-options-subtask").size(), 2u);
}

TEST_F(IssueTrackerTest, AnswersEmptyListsForFailingSteps) {
  auto& jira = FakeJira::shared();
  jira.answer("it-options-fail", R"([{"path": "/rest/api/2/issue/createmeta/FOO/issuetypes/1", "status": 500},
                                     {"path": "/rest/api/2/project", "status": 200, "body": [{"key": "FOO",
                                      "name": "Foo"}]}])");
  auto options = tracker("it-options-fail", {"FOO", "Bug", {}, ""}).get_options();
  EXPECT_EQ(options.dump(),
            R"({"projects":[{"key":"FOO","name":"Foo"}],"issue_types":[{"key":"1","name":"Bug"},)"
            R"({"key":"3","name":"Story"}],"fields":[],"epic_links":[]})");
  jira.answer("it-options-401", R"([{"path": "/rest/api/2/project", "status": 401}])");
  EXPECT_EQ(tracker("it-options-401", {"FOO", "Bug", {}, ""}).get_options().dump(),
            R"({"projects":[],"issue_types":[],"fields":[],"epic_links":[]})");
  jira.answer("it-options-epics",
              R"([{"path": "/rest/api/2/search", "status": 200, "body": {"no": "issues"}}])");
  EXPECT_EQ(tracker("it-options-epics", {"FOO", "Bug", {}, ""}).get_options().get("epic_links").dump(), "[]");
}

TEST_F(IssueTrackerTest, FailsLikeV580OnMalformedAnswers) {
  auto& jira = FakeJira::shared();
  jira.answer("it-malformed", R"([{"path": "/rest/api/2/project", "body": [{"name": "No key"}]}])");
  EXPECT_THROW(tracker("it-malformed").get_options(), std::runtime_error);
  jira.answer("it-malformed-key",
              R"([{"method": "POST", "path": "/rest/api/2/issue", "body": {"id": "1"}}])");
  EXPECT_THROW(tracker("it-malformed-key", {"FOO", "Bug", {}, ""}).create_issue("Summary"),
               std::runtime_error);
}

TEST_F(IssueTrackerTest, NeedsUrlProjectAndIssueTypeToCreateIssues) {
  auto& jira = FakeJira::shared();
  auto created = model::IssueTracker("", {"FOO", "Bug", {}, ""}).create_issue("Summary");
  EXPECT_EQ(created.error, "Issue tracker has no URL configured.");
  EXPECT_EQ(tracker("it-create-none").create_issue("Summary").error,
            "Issue tracker has no project key configured.");
  EXPECT_EQ(tracker("it-create-none", {"FOO", "", {}, ""}).create_issue("Summary").error,
            "Issue tracker has no issue type configured.");
  EXPECT_EQ(jira.requests("it-create-none").size(), 0u);
  created = model::IssueTracker("invalid", {"FOO", "Bug", {}, ""}).create_issue("New issue");
  EXPECT_EQ(created.key, "");
  EXPECT_EQ(created.error,
            "Invalid URL 'invalid/rest/api/2/issue': No scheme supplied. Perhaps you meant "
            "https://invalid/rest/api/2/issue?");
}

TEST_F(IssueTrackerTest, CreatesIssuesWithLabelsAndEpicLink) {
  auto& jira = FakeJira::shared();
  auto created =
      tracker("it-create", {"FOO", "Bug", {"label", "label with spaces"}, "FOO-420"})
          .create_issue("Fix 42 violations", "The metric [name|https://qt/m] in Quality-time reports 42.\n");
  EXPECT_EQ(created.key, "FOO-42");
  EXPECT_EQ(created.error, "");
  auto recorded = jira.requests("it-create");
  ASSERT_EQ(recorded.size(), 9u);  // the options twice (labels, then epic link), then the issue
  EXPECT_EQ(targets(recorded).back(), "POST /it-create/rest/api/2/issue");
  EXPECT_EQ(recorded.at(8).get_string("body"),
            R"({"fields": {"project": {"key": "FOO"}, "issuetype": {"name": "Bug"}, )"
            R"("summary": "Fix 42 violations", )"
            R"("description": "The metric [name|https://qt/m] in Quality-time reports 42.\n", )"
            R"("labels": ["label", "label_with_spaces"], "customfield_10008": "FOO-420"}})");
}

TEST_F(IssueTrackerTest, LeavesOutLabelsTheIssueTypeCannotHave) {
  auto& jira = FakeJira::shared();
  auto created = tracker("it-create-story", {"FOO", "Story", {"label"}, "FOO-420"}).create_issue("Summary");
  EXPECT_EQ(created.key, "FOO-42");
  auto recorded = jira.requests("it-create-story");
  EXPECT_EQ(recorded.at(recorded.size() - 1).get_string("body"),
            R"({"fields": {"project": {"key": "FOO"}, "issuetype": {"name": "Story"}, "summary": "Summary", )"
            R"("description": ""}})");
}

TEST_F(IssueTrackerTest, ReportsWhyCreatingAnIssueFailed) {
  auto& jira = FakeJira::shared();
  jira.answer("it-create-401", R"([{"method": "POST", "path": "/rest/api/2/issue", "status": 401}])");
  auto created = tracker("it-create-401", {"FOO", "Bug", {}, ""}).create_issue("Summary");
  EXPECT_EQ(created.error,
            "401 Client Error: Unauthorized for url: " + jira.url("it-create-401") + "/rest/api/2/issue");
  jira.answer("it-create-html",
              R"([{"method": "POST", "path": "/rest/api/2/issue", "raw_body": "\n<html/>"}])");
  created = tracker("it-create-html", {"FOO", "Bug", {}, ""}).create_issue("Summary");
  EXPECT_EQ(created.error, "Expecting value: line 2 column 1 (char 1)");
  int port = refused_port();
  created = model::IssueTracker("http://127.0.0.1:" + std::to_string(port), {"FOO", "Bug", {}, ""})
                .create_issue("S");
  EXPECT_EQ(created.error, pool(port) +
                               ": Max retries exceeded with url: /rest/api/2/issue (Caused by "
                               "NewConnectionError('Failed to establish a new connection: [Errno 111] "
                               "Connection refused'))");
}

TEST_F(IssueTrackerTest, AuthenticatesWithTokenOrBasicCredentials) {
  auto& jira = FakeJira::shared();
  tracker("it-auth-token", {}, {"", "", "secret-token"}).get_suggestions("x");
  EXPECT_EQ(header_of(jira.requests("it-auth-token").at(0), "Authorization"), "Bearer secret-token");
  tracker("it-auth-basic", {}, {"jadoe", "secret", ""}).get_suggestions("x");
  EXPECT_EQ(header_of(jira.requests("it-auth-basic").at(0), "Authorization"), "Basic amFkb2U6c2VjcmV0");
  tracker("it-auth-both", {}, {"", "secret", "token"}).get_suggestions("x");
  EXPECT_EQ(header_of(jira.requests("it-auth-both").at(0), "Authorization"), "Basic OnNlY3JldA==");
  tracker("it-auth-none").get_suggestions("x");
  EXPECT_EQ(header_of(jira.requests("it-auth-none").at(0), "Authorization"), "<absent>");
}

TEST_F(IssueTrackerTest, IsBuiltFromTheReport) {
  auto report = Value::parse(R"({"issue_tracker": {"type": "jira", "parameters": {
      "url": "https://jira/", "username": "jadoe", "password": "secret", "private_token": "token",
      "project_key": "FOO", "issue_type": "Bug", "issue_labels": ["a b", "c"], "epic_link": "FOO-420"}}})");
  auto issue_tracker = model::issue_tracker_of(report);
  EXPECT_EQ(issue_tracker.url(), "https://jira");
  EXPECT_EQ(issue_tracker.credentials().username, "jadoe");
  EXPECT_EQ(issue_tracker.credentials().password, "secret");
  EXPECT_EQ(issue_tracker.credentials().private_token, "token");
  EXPECT_EQ(issue_tracker.issue_parameters().project_key, "FOO");
  EXPECT_EQ(issue_tracker.issue_parameters().issue_type, "Bug");
  EXPECT_EQ(issue_tracker.issue_parameters().issue_labels, (std::vector<std::string>{"a b", "c"}));
  EXPECT_EQ(issue_tracker.issue_parameters().epic_link, "FOO-420");
  auto empty = model::issue_tracker_of(Value::parse("{}"));
  EXPECT_EQ(empty.url(), "");
  EXPECT_TRUE(empty.issue_parameters().issue_labels.empty());
  EXPECT_EQ(empty.create_issue("x").error, "Issue tracker has no URL configured.");
  auto nulls = model::issue_tracker_of(Value::parse(R"({"issue_tracker": {"parameters": {"url": null,
                                                        "project_key": null, "issue_labels": null}}})"));
  EXPECT_EQ(nulls.url(), "None");  // str(None), as v5.8.0 did
  EXPECT_EQ(nulls.create_issue("x").error, "Issue tracker has no project key configured.");
  EXPECT_THROW(model::issue_tracker_of(Value::parse(R"({"issue_tracker": null})")), std::runtime_error);
}

// ----------------------------------------------------------------------------------------------------------
// The URL availability check.

TEST_F(UrlCheckTest, ReportsStatusAndReason) {
  auto& jira = FakeJira::shared();
  auto result = model::check_url_availability(jira.url("uc-plain") + "/status/200", Value::object(), "", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":200,"reason":"OK"})");
  result = model::check_url_availability(jira.url("uc-plain") + "/status/404", Value::object(), "", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":404,"reason":"Not Found"})");
  EXPECT_EQ(header_of(jira.requests("uc-plain").at(0), "Authorization"), "<absent>");
}

TEST_F(UrlCheckTest, UsesUsernameAndPassword) {
  auto& jira = FakeJira::shared();
  auto parameters = Value::parse(R"({"username": "un", "password": "pwd"})");
  model::check_url_availability(jira.url("uc-basic") + "/status/200", parameters, "/rest/api/2/myself", 2s);
  auto recorded = jira.requests("uc-basic").at(0);
  EXPECT_EQ(recorded.get_string("target"), "/uc-basic/status/200");  // no token, so no validation path
  EXPECT_EQ(header_of(recorded, "Authorization"), "Basic dW46cHdk");
  EXPECT_EQ(header_of(recorded, "Private-Token"), "<absent>");
  model::check_url_availability(jira.url("uc-user") + "/status/200", Value::parse(R"({"username": "un"})"),
                                "", 2s);
  EXPECT_EQ(header_of(jira.requests("uc-user").at(0), "Authorization"), "Basic dW46");
}

TEST_F(UrlCheckTest, SendsTheTokenAsHeadersAndBasicAuthentication) {
  auto& jira = FakeJira::shared();
  auto parameters = Value::parse(R"({"private_token": "xxx", "username": "un", "password": "pwd"})");
  auto result = model::check_url_availability(jira.url("uc-token") + "/status/200", parameters, "", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":200,"reason":"OK"})");
  auto recorded = jira.requests("uc-token").at(0);
  EXPECT_EQ(header_of(recorded, "Private-Token"), "xxx");
  // requests puts basic authentication (token, "") in the place of the bearer header.
  EXPECT_EQ(header_of(recorded, "Authorization"), "Basic eHh4Og==");
}

TEST_F(UrlCheckTest, ChecksTheTokenValidationPath) {
  auto& jira = FakeJira::shared();
  auto parameters = Value::parse(R"({"private_token": "xxx", "username": "un"})");
  auto result =
      model::check_url_availability(jira.url("uc-path") + "//", parameters, "/rest/api/2/myself", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":200,"reason":"OK"})");
  auto recorded = jira.requests("uc-path").at(0);
  EXPECT_EQ(recorded.get_string("target"), "/uc-path/rest/api/2/myself");
  EXPECT_EQ(header_of(recorded, "Private-Token"), "xxx");
  EXPECT_EQ(header_of(recorded, "Authorization"), "Bearer xxx");
}

TEST_F(UrlCheckTest, SendsAnEmptyTokenWithoutBasicAuthentication) {
  auto& jira = FakeJira::shared();
  auto parameters = Value::parse(R"({"private_token": ""})");
  auto result =
      model::check_url_availability(jira.url("uc-empty") + "/", parameters, "rest/api/2/myself", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":200,"reason":"OK"})");
  auto recorded = jira.requests("uc-empty").at(0);
  EXPECT_EQ(recorded.get_string("target"), "/uc-empty/rest/api/2/myself");
  EXPECT_EQ(header_of(recorded, "Private-Token"), "");
  EXPECT_EQ(header_of(recorded, "Authorization"), "Bearer ");
  model::check_url_availability(jira.url("uc-empty") + "/status/200", parameters, "", 2s);
  EXPECT_EQ(header_of(jira.requests("uc-empty").at(1), "Authorization"),
            "Bearer ");  // an empty token is falsy
}

TEST_F(UrlCheckTest, ReducesConnectionErrorsToTheirErrno) {
  int port = refused_port();
  auto result =
      model::check_url_availability("http://127.0.0.1:" + std::to_string(port), Value::object(), "", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":-1,"reason":"[Errno 111] Connection refused"})");
  result = model::check_url_availability("https://nonexistent.invalid", Value::object(), "", 2s);
  EXPECT_EQ(result.dump(), R"({"status_code":-1,"reason":"[Errno -2] Name or service not known"})");
}

TEST_F(UrlCheckTest, KeepsOtherFailuresWhole) {
  auto& jira = FakeJira::shared();
  auto result = model::check_url_availability(jira.url("uc-slow") + "/slow/5", Value::object(), "", 500ms);
  EXPECT_EQ(result.get("status_code").as_integer(), -1);
  EXPECT_EQ(result.get_string("reason"), pool(jira.port()) + ": Read timed out. (read timeout=0.5)");
  result = model::check_url_availability("jira", Value::object(), "", 2s);
  EXPECT_EQ(result.get_string("reason"),
            "Invalid URL 'jira': No scheme supplied. Perhaps you meant https://jira?");
  result = model::check_url_availability(jira.url("uc-int") + "/status/200",
                                         Value::parse(R"({"private_token": 123})"), "", 2s);
  EXPECT_EQ(result.get_string("reason"),
            "Header part (123) from ('Private-Token', 123) must be of type str or bytes, not <class 'int'>");
}

}  // namespace
}  // namespace qta::e2e
