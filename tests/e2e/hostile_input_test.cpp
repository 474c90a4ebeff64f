// Every route of the route table, sent hostile values in its path, query, headers and body by a user
// who may edit: no answer is a 5xx, no worker dies, and an answer in the 4xx changes nothing stored.
// The routes come from the table itself, so a new route is covered without touching this test.
#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <map>
#include <thread>

#include "db/mongo_database.h"
#include "db/read_cache.h"
#include "db/reports.h"
#include "routes/route_table.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

// What a client may put in a path segment (already percent-encoded).
const std::vector<std::string> kHostileSegments = {
    "%FF", "%00x%0D%0Aforged%20log%20line", "%24oid", "a.b", std::string(3000, 'a'),
};

// Query parameters that some routes read.
const std::vector<std::string> kQueryParameters = {"report_date", "min_report_date", "public_key",
                                                   "nr_dates",    "hidden_columns",  "tabs"};

std::string nested(const std::string& open, const std::string& inner, const std::string& close, int levels) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += open;
  text += inner;
  for (int i = 0; i < levels; ++i) text += close;
  return text;
}

// Values the database must not get: each answers 400 wherever it is sent.
const std::vector<std::string> kUnstorableValues = {
    R"({"$oid": "65d4c0ffee0123456789abcd"})",
    R"([[1, 2]])",
    R"({"$date": 1})",
    R"({"a.b": 1})",
    R"({"a": {"$gt": ""}})",
    R"([{"x": [[1]]}])",
    R"({"": 1})",
    nested("[", "", "]", 200),
    nested("{\"a\": ", "1", "}", 200),
};
// Wrong types and edge values that a route may take or refuse, but never with a 5xx.
const std::vector<std::string> kOddValues = {R"({})", R"([])", R"(null)", R"(1e308)"};
// More of them, tried once per route rather than once per attribute.
const std::vector<std::string> kMoreOddValues = {
    R"(true)",
    R"(-1)",
    R"(9223372036854775807)",
    R"(-0.0)",
    R"(["a", 1, null])",
    R"("unknown")",
    R"("\u0000")",
    R"("x\r\nforged log line")",
    "\"" + std::string(20 * 1024, 'x') + "\"",
};

// Bodies that are no JSON object, or no JSON at all. The empty body goes first: a route that takes it
// does not read its body (DELETE, copy), and more bodies would only repeat the same change.
const std::vector<std::string> kHostileRawBodies = {
    "",
    "null",
    "42",
    "[]",
    "{",
    "{\"title\": \"\xff\"}",
    R"({"title": "\ud800"})",
    std::string(2 * 1024 * 1024, ' '),
};

// Keys that handlers read from bodies; the attribute routes read the attribute's name as well.
const std::vector<std::string> kBodyKeys = {"type",  "report_url", "metric_url", "accept_debt", "edit_scope",
                                            "title", "username",   "password",   "sources"};

// The attributes tried on the attribute routes: those whose values the server interprets.
const std::map<std::string, std::vector<std::string>> kAttributes = {
    {"report_attribute", {"title", "desired_response_times", "subjects"}},
    {"subject_attribute", {"name", "position", "metrics"}},
    {"metric_attribute",
     {"type", "scale", "target", "direction", "tags", "position", "accept_debt", "sources"}},
    {"source_attribute", {"name", "type", "position", "parameters"}},
    {"reports_attribute", {"title", "permissions"}},
    {"tracker_attribute", {"type", "project_key"}},
    {"attribute", {"status"}},
    {"parameter_key", {"component", "languages"}},
};

struct Snapshot {
  std::int64_t reports = 0, overviews = 0, measurements = 0;
  std::string users;
  bool operator==(const Snapshot&) const = default;
};

// The path of a route with each <placeholder> replaced by fill(placeholder).
template <typename Fill>
std::string path_of(std::string_view rule, Fill fill) {
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
    path += fill(std::string(rule.substr(open + 1, close - open - 1)));
    at = close + 1;
  }
  return path;
}

std::vector<std::string> placeholders(std::string_view rule) {
  std::vector<std::string> names;
  path_of(rule, [&](const std::string& name) {
    names.push_back(name);
    return "";
  });
  return names;
}

std::string body_with(const std::vector<std::string>& keys, const std::string& value) {
  std::string body;
  for (const auto& key : keys) body += (body.empty() ? "{\"" : ", \"") + key + "\": " + value;
  return body + "}";
}

class HostileInputTest : public ::testing::Test {
 protected:
  static StackOptions options() {
    db::initialize_driver();  // before the database member below connects
    StackOptions options;
    options.environment = {"LOAD_EXAMPLE_REPORTS=False", "LOGIN_THROTTLE_USER_FAILURES=100000",
                           "LOGIN_THROTTLE_ADDRESS_FAILURES=100000"};
    return options;
  }

  void SetUp() override {
    stack.wait_until_initialized();
    jane = std::make_unique<UserSession>(stack, "jadoe", "secret");
    make_fixture();
    current = snapshot();
  }

  std::string created(const std::string& path, const std::string& body, const std::string& key) {
    auto response = jane->post(path, body);
    if (response.status != 200) throw std::runtime_error(path + " answered " + response.body);
    return response.json().get_string(key);
  }

  // A report with a subject, metric, source (with a measured entity) and notification destination,
  // whose uuids fill the placeholders; the rest get values that exist too.
  std::map<std::string, std::string> new_fixture() {
    std::string report = created("/api/v3/report/new", "{}", "new_report_uuid");
    std::string subject =
        created("/api/v3/subject/new/" + report, R"({"type": "software"})", "new_subject_uuid");
    std::string metric =
        created("/api/v3/metric/new/" + subject, R"({"type": "violations"})", "new_metric_uuid");
    std::string source =
        created("/api/v3/source/new/" + metric, R"({"type": "sonarqube"})", "new_source_uuid");
    std::string destination = created("/api/v3/report/" + report + "/notification_destination/new",
                                      R"({"report_url": "https://example.org"})", "new_destination_uuid");
    created("/api/v3/metric/" + metric + "/measurement",
            R"({"sources": [{"source_uuid": ")" + source +
                R"(", "value": "1", "entities": [{"key": "entity-1", "component": "a"}]}]})",
            "metric_uuid");
    // A move goes to where the item already is (a 400), so that no hostile request moves the fixture.
    return {{"report_uuid", report},
            {"target_report_uuid", report},
            {"subject_uuid", subject},
            {"target_subject_uuid", subject},
            {"metric_uuid", metric},
            {"target_metric_uuid", metric},
            {"source_uuid", source},
            {"notification_destination_uuid", destination},
            {"nr_changes", "10"},
            {"source_type", "sonarqube"},
            {"entity_key", "entity-1"},
            {"query", "x"},
            {"domain_object_type", "metric"},
            {"version", "v3"},
            {"fragment", "report"}};
  }

  void make_fixture() { values = new_fixture(); }

  static std::string real_in(const std::map<std::string, std::string>& fixture,
                             const std::string& placeholder) {
    auto found = fixture.find(placeholder);
    return found != fixture.end() ? found->second : "x";
  }
  std::string real(const std::string& placeholder) const { return real_in(values, placeholder); }

  // A request that succeeded may have deleted the fixture or ended the session (logout).
  void repair_after_success() {
    if (jane->get("/api/v3/settings").status != 200)
      jane = std::make_unique<UserSession>(stack, "jadoe", "secret");
    auto report = db::latest_report(database, real("report_uuid")).value_or(json::Value::object());
    auto metric = report.get("subjects").get(real("subject_uuid")).get("metrics").get(real("metric_uuid"));
    if (!metric.get("sources").get(real("source_uuid")).is_object() ||
        !report.get("notification_destinations").get(real("notification_destination_uuid")).is_object()) {
      make_fixture();
    }
  }

  Snapshot snapshot() {
    Snapshot result;
    result.reports = database.estimated_count("reports");
    result.overviews = database.estimated_count("reports_overviews");
    result.measurements = database.estimated_count("measurements");
    for (const auto& user : database.find("users", json::Value::object())) result.users += user.dump();
    return result;
  }

  HttpResponse checked(const std::string& method, const std::string& path, const std::string& body,
                       const std::vector<std::string>& headers) {
    HttpResponse response;
    if (path.find("/nr_measurements") != std::string::npos) {
      response = stack.client().read_stream(path, 1, 10);  // a stream: its head is the answer
    } else {
      response = stack.client().request(method, path, body, headers, 60);
    }
    ++requests;
    std::string what = method + " " + path.substr(0, 200) + " with body " + body.substr(0, 200);
    EXPECT_NE(response.status, 0) << what << ": " << response.error;
    EXPECT_LT(response.status, 500) << what << ": " << response.body.substr(0, 500);
    return response;
  }

  // A GET: it stores nothing, so it needs no comparison and may run beside the writes.
  void read(const UserSession& session, const std::string& path, std::vector<std::string> headers = {}) {
    headers.push_back(session.cookie());
    checked("GET", path, "", headers);
  }

  // Sends one request and checks the answer and, for a 4xx, that nothing changed; returns its status.
  long send(const std::string& method, const std::string& path, const std::string& body,
            std::vector<std::string> headers = {}) {
    headers.push_back(jane->cookie());
    headers.push_back("Content-Type: application/json");
    auto response = checked(method, path, body, headers);
    std::string what = method + " " + path.substr(0, 200) + " with body " + body.substr(0, 200);
    auto after = snapshot();
    if (response.status >= 400 && response.status < 500) {
      EXPECT_TRUE(after == current) << what << " answered " << response.status << " and changed the database";
    } else if (response.status < 300) {
      repair_after_success();
      after = snapshot();
    }
    current = after;
    return response.status;
  }

  // Hostile path parameters, one placeholder at a time, the others real.
  void send_hostile_path_parameters(const routes::Route& route) {
    for (const auto& name : placeholders(route.path)) {
      for (const auto& segment : kHostileSegments) {
        send(std::string(route.method),
             path_of(route.path,
                     [&](const std::string& other) { return other == name ? segment : real(other); }),
             "{}");
      }
    }
  }

  // A GET route with hostile path parameters, query values (all parameters at once: the first one read
  // decides) and headers, by `session` on `fixture`.
  void read_hostile(const routes::Route& route, const UserSession& session,
                    const std::map<std::string, std::string>& fixture) {
    for (const auto& name : placeholders(route.path)) {
      for (const auto& segment : kHostileSegments) {
        read(session, path_of(route.path, [&](const std::string& other) {
               return other == name ? segment : real_in(fixture, other);
             }));
      }
    }
    std::string path = path_of(route.path, [&](const std::string& name) { return real_in(fixture, name); });
    for (const char* value : {"%FF", "%C0%AF%00%0D%0A"}) {
      std::string query;
      for (const auto& parameter : kQueryParameters)
        query += (query.empty() ? "?" : "&") + parameter + "=" + value;
      read(session, path + query);
    }
    read(session,
         path + "?report_date=" + std::string(2000, '9') + "&hidden_columns=" + std::string(2000, ','));
    read(session, path,
         {"Cookie: session_id=\xff\xfe", "If-Modified-Since: \xff", "Last-Event-Id: 99999999999999999999"});
  }

  // Hostile bodies; `attribute` (when not empty) is also set to each value.
  void send_hostile_bodies(const std::string& method, const std::string& path, const std::string& attribute,
                           bool all_of_them) {
    auto keys = kBodyKeys;
    if (!attribute.empty()) keys.push_back(attribute);
    if (all_of_them) {
      for (const auto& body : kHostileRawBodies) {
        if (send(method, path, body) < 300 && body.empty()) return;
      }
      send(method, path + "?x=%FF", "{}", {"Cookie: session_id=\xff"});
    }
    // Every unstorable value meets the same check: all of them once per route, two per further attribute.
    std::vector<std::string> hostile = kUnstorableValues;
    if (!all_of_them) hostile.resize(2);
    hostile.insert(hostile.end(), kOddValues.begin(), kOddValues.end());
    if (all_of_them) hostile.insert(hostile.end(), kMoreOddValues.begin(), kMoreOddValues.end());
    for (const auto& value : hostile) send(method, path, body_with(keys, value));
    // Leave no huge value behind for the later versions to carry.
    if (!attribute.empty() && method == "POST") send(method, path, body_with({attribute}, "\"fuzz\""));
  }

  // Each route starts from a fresh fixture, with what earlier routes stored removed: FerretDB reads
  // every stored version for each request, so a growing history would make this test slow, not harder.
  void fresh_fixture(const std::string& kept_report_uuid) {
    // What the last route stored (values of any type) must not break reading the report back.
    for (const char* suffix : {"", "/pdf", "/metric_status_summary"})
      read(*jane, "/api/v3/report/" + real("report_uuid") + suffix);
    auto others = json::Value::parse(R"({"report_uuid": {"$ne": ""}})");
    others.get("report_uuid").set("$ne", json::Value::string(kept_report_uuid));
    database.delete_many("reports", others);
    database.delete_many("measurements", others);
    database.delete_many("users", json::Value::object());  // the settings that PUT /api/v3/settings took
    db::note_change(database, db::Cached::kReports);
    db::note_change(database, db::Cached::kUsers);
    make_fixture();
    current = snapshot();
  }

  Stack stack{options()};
  db::MongoDatabase database{db::Settings{stack.database_url(), "quality_time_db", 2000, 1}};
  std::unique_ptr<UserSession> jane;
  std::map<std::string, std::string> values;
  Snapshot current;
  std::atomic<int> requests{0};
};

}  // namespace

// The requests that used to abort a worker, and the edit that used to lose a report.
TEST(HostileInput, ReproducersOfIssue12Answer400AndChangeNothing) {
  Stack& stack = Stack::shared();
  stack.wait_until_initialized();
  int restarts_before = stack.worker_restarts();
  UserSession jane(stack, "jadoe", "secret");
  std::string report_uuid =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  for (const std::string& path : std::vector<std::string>{
           "/api/v3/logo/%FF", "/api/v3/changelog/%C0%AF", "/api/v3/reports_overview/pdf?nr_dates=%FF",
           "/api/v3/report/" + report_uuid + "/pdf?hidden_columns=%FF"}) {
    auto response = stack.client().get(path);
    EXPECT_EQ(response.status, 400) << path;
    EXPECT_EQ(response.json().get("ok"), json::Value::boolean(false)) << path;
    EXPECT_FALSE(response.json().get_string("error").empty()) << path;
  }
  for (const char* value :
       {R"({"$oid": "x"})", R"({"$oid": "65d4c0ffee0123456789abcd"})", R"({"a.b": 1})", "[[1]]"}) {
    auto response = jane.post("/api/v3/report/" + report_uuid + "/attribute/title",
                              std::string(R"({"title": )") + value + "}");
    EXPECT_EQ(response.status, 400) << value;
  }
  auto report = stack.client().get("/api/v3/report/" + report_uuid);
  ASSERT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("\"title\":\"New report\""), std::string::npos);
  EXPECT_EQ(stack.worker_restarts(), restarts_before);
}

// MongoDB and FerretDB's SQLite handler store U+0000 in a string, FerretDB's PostgreSQL handler refuses it:
// a 400 that changes nothing, never a 500. A backslash, a double quote or a control character in a field
// name breaks FerretDB's JSON (an unreadable collection on SQLite): refused on every database.
TEST(HostileInput, ValuesOnlySomeDatabasesStoreAreStoredOrAnswer400) {
  Stack& stack = Stack::shared();
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  std::string report_uuid =
      jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  auto stored = [&](const std::string& name) {
    auto read = stack.client().get("/api/v3/report/" + report_uuid);
    EXPECT_EQ(read.status, 200) << "the report became unreadable: " << read.body;
    for (const auto& report : read.json().get("reports").elements()) {
      if (report.get_string("report_uuid") == report_uuid) return report.get(name).dump();
    }
    return std::string("no report");
  };
  for (const auto& [attribute, body] :
       std::vector<std::pair<std::string, std::string>>{{"title", R"({"title": "a\u0000b"})"},
                                                        {"a%5Cb", R"({"a\\b": "c"})"},
                                                        {"a%01b", R"({"a\u0001b": "c"})"},
                                                        {"a%22b", R"({"a\"b": "c"})"}}) {
    SCOPED_TRACE(attribute);
    std::string name = json::Value::parse(body).items().front().first;
    std::string before = stored(name);
    auto response = jane.post("/api/v3/report/" + report_uuid + "/attribute/" + attribute, body);
    if (response.status == 400) {
      EXPECT_FALSE(response.json().get_string("error").empty());
      EXPECT_EQ(stored(name), before);
    } else {
      EXPECT_EQ(response.status, 200) << response.body;
      EXPECT_EQ(stored(name), json::Value::parse(body).get(name).dump());
    }
  }
}

TEST_F(HostileInputTest, NoRouteAnswers5xxKillsAWorkerOrStoresOnA4xx) {
  int restarts_before = stack.worker_restarts();
  // The reads run beside the writes, with a session and a fixture of their own that no write touches.
  UserSession reader(stack, "jodoe", "secret-jodoe");  // another user: one session per user
  auto read_fixture = new_fixture();
  current = snapshot();
  std::thread reads([&] {
    for (const routes::Route& route : routes::route_table()) {
      if (route.method == "GET") read_hostile(route, reader, read_fixture);
    }
  });
  for (const routes::Route& route : routes::route_table()) {
    std::string method(route.method);
    if (method == "GET") continue;
    SCOPED_TRACE(method + " " + std::string(route.path));
    fresh_fixture(real_in(read_fixture, "report_uuid"));
    send_hostile_path_parameters(route);
    std::string attribute_placeholder;
    for (const auto& name : placeholders(route.path)) {
      if (kAttributes.count(name)) attribute_placeholder = name;
    }
    if (attribute_placeholder.empty()) {
      send_hostile_bodies(method, path_of(route.path, [&](const std::string& name) { return real(name); }),
                          "", true);
      continue;
    }
    const auto& attributes = kAttributes.at(attribute_placeholder);
    for (const auto& attribute : attributes) {
      std::string path = path_of(route.path, [&](const std::string& name) {
        return name == attribute_placeholder ? attribute : real(name);
      });
      send_hostile_bodies(method, path, attribute, attribute == attributes.front());
    }
  }
  reads.join();
  fresh_fixture(real_in(read_fixture, "report_uuid"));  // reads back what the last route stored
  for (const routes::Route& route : routes::route_table()) {
    if (route.method == "GET")
      read(*jane, path_of(route.path, [&](const std::string& name) { return real(name); }));
  }
  EXPECT_EQ(stack.worker_restarts(), restarts_before)
      << "a worker died; see " << stack.dir() << "/server.log";
  std::cout << "[          ] " << requests << " hostile requests\n";
}

}  // namespace qta::e2e
