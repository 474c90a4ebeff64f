// The query budget: every route sends a number of database commands (X-Database-Commands, counted by
// libmongoc's command monitoring) that does not grow with the data. Each route of the route table runs
// once on a small data set and once after the data has grown (more reports, report versions, subjects,
// metrics, sources and measurements); a route whose count grew fails. The routes that read the latest
// measurements of reports may read up to db::kMaxMetricReads metrics one by one (db/measurements.h), so
// theirs may grow by less than that, never beyond.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/date_time.h"
#include "db/database.h"
#include "db/measurements.h"
#include "db/mongo_database.h"
#include "http/url.h"
#include "routes/route_table.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

std::string quote(const std::string& text) { return json::Value::string(text).dump(); }

// What the routes act on: one report that grows between the rounds, and a second one to move into.
struct World {
  std::string report, subject, metric, source, unmeasured_metric;
  std::string other_report, other_subject, other_metric;
  std::string destination;
  json::Value exported;  // a small report to import, the same in both rounds
};

struct Call {
  Call(std::string the_method, std::string the_path, std::string the_body = "", bool with_session = false,
       bool is_stream = false, std::string own_cookie = "")
      : method(std::move(the_method)),
        path(std::move(the_path)),
        body(std::move(the_body)),
        session(with_session),
        stream(is_stream),
        cookie(std::move(own_cookie)) {}
  std::string method;
  std::string path;
  std::string body;  // JSON; empty for none
  bool session;      // as the logged-in user
  bool stream;
  std::string cookie;  // credentials of its own: "Cookie: ..." or "Authorization: Bearer ..."
};

class QueryBudgetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Without the read cache: the budget is what a request costs when nothing is cached (the cache
    // tests show what it saves), and a count that depends on which reads were cached cannot be compared.
    stack_ = new Stack(
        StackOptions{.workers = 1,
                     .threads = 4,
                     .environment = {"API_SERVER_DATABASE_COMMANDS_HEADER=true", "LOAD_EXAMPLE_REPORTS=false",
                                     "API_SERVER_LOG_LEVEL=DEBUG", "API_SERVER_CACHE_MB=0"}});
    stack_->wait_until_initialized();
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  Stack& stack() { return *stack_; }

  std::string created(const std::string& path, const std::string& body, const char* key) {
    auto response = jane.post(path, body);
    if (response.status != 200)
      throw std::runtime_error(path + " answered " + std::to_string(response.status) + ": " + response.body);
    return response.json().get_string(key);
  }
  std::string new_subject(const std::string& report) {
    return created("/api/v3/subject/new/" + report, R"({"type": "software"})", "new_subject_uuid");
  }
  std::string new_metric(const std::string& subject) {
    return created("/api/v3/metric/new/" + subject, R"({"type": "violations"})", "new_metric_uuid");
  }
  std::string new_source(const std::string& metric) {
    return created("/api/v3/source/new/" + metric, R"({"type": "sonarqube"})", "new_source_uuid");
  }

  db::MongoDatabase database() {
    db::initialize_driver();
    return db::MongoDatabase(db::Settings{stack().database_url(), "quality_time_db", 2000, 2});
  }

  // Measurements as the collector stores them: with the report's uuid, one after the other, the last
  // one reaching from a month ago until now.
  void collect(db::Database& database, const std::string& report, const std::string& metric,
               const std::string& source, int count) {
    std::string now = base::iso_timestamp_now();
    for (int i = count; i >= 1; --i) {
      auto measurement = json::Value::parse(R"({"has_error": false, "sources": [{"value": "2", "total": null,
        "parse_error": null, "connection_error": null, "api_url": "https://sonar", "landing_url": "https://sonar",
        "entities": [{"key": "e1", "first_seen": "2024-01-01T00:00:00+00:00", "component": "main.py"},
                     {"key": "e2", "first_seen": "2024-01-01T00:00:00+00:00", "component": "util.py"}]}],
        "count": {"value": "2", "status": "near_target_met", "status_start": "2024-01-01T00:00:00+00:00",
                  "direction": "<", "target": "0", "near_target": "10", "debt_target": null}})");
      measurement.set("metric_uuid", json::Value::string(metric));
      measurement.set("report_uuid", json::Value::string(report));
      measurement.get("sources").at(0).set("source_uuid", json::Value::string(source));
      measurement.set("start", json::Value::string(base::minus_days(now, 30 * i)));
      measurement.set("end", json::Value::string(i == 1 ? now : base::minus_days(now, 30 * i - 29)));
      database.insert_one("measurements", measurement);
    }
  }

  World build_world() {
    World world;
    world.report = created("/api/v3/report/new", "{}", "new_report_uuid");
    world.subject = new_subject(world.report);
    world.metric = new_metric(world.subject);
    world.source = new_source(world.metric);
    world.unmeasured_metric = new_metric(world.subject);
    world.other_report = created("/api/v3/report/new", "{}", "new_report_uuid");
    world.other_subject = new_subject(world.other_report);
    world.other_metric = new_metric(world.other_subject);
    world.destination = created("/api/v3/report/" + world.report + "/notification_destination/new",
                                R"({"report_url": "https://example.org"})", "new_destination_uuid");
    auto database = this->database();
    collect(database, world.report, world.metric, world.source, 2);
    std::string small = created("/api/v3/report/new", "{}", "new_report_uuid");
    new_source(new_metric(new_subject(small)));
    world.exported = jane.get("/api/v3/report/" + small + "/json").json();
    return world;
  }

  // More of everything: subjects, metrics and sources in the world's report, measured and unmeasured
  // metrics, more reports, and more versions of each.
  void grow(World& world) {
    auto database = this->database();
    for (int s = 0; s < 2; ++s) {
      std::string subject = new_subject(world.report);
      for (int m = 0; m < 3; ++m) {
        std::string metric = new_metric(subject);
        std::string source = new_source(metric);
        if (m != 1) collect(database, world.report, metric, source, 3);
      }
    }
    collect(database, world.report, world.metric, world.source, 4);  // a longer history too
    std::vector<std::string> reports = {world.report, world.other_report};
    for (int r = 0; r < 2; ++r)
      reports.push_back(created("/api/v3/report/" + world.report + "/copy", "{}", "new_report_uuid"));
    for (int version = 0; version < 2; ++version) {
      for (const auto& report : reports) {
        jane.post("/api/v3/report/" + report + "/attribute/subtitle",
                  attribute("subtitle", json::Value::string(std::to_string(version))));
      }
    }
  }

  // The routes, each with what it needs made first (not counted): one row per route of the route table.
  std::vector<std::pair<std::string, std::function<Call(World&)>>> routes() {
    auto get = [](std::string path) { return Call{"GET", std::move(path)}; };
    auto edit = [](std::string method, std::string path, std::string body) {
      return Call{std::move(method), std::move(path), std::move(body), true};
    };
    std::string now = base::iso_timestamp_now();
    return {
        // Another user for logging in and out: one session per user, and jane's must stay.
        {"POST /api/v3/login",
         [](World&) {
           return Call{"POST", "/api/v3/login", R"({"username": "jodoe", "password": "secret-jodoe"})"};
         }},
        {"POST /api/v3/logout",
         [&](World&) {
           UserSession other(stack(), "jodoe", "secret-jodoe");
           return Call{"POST", "/api/v3/logout", "{}", false, false, other.cookie()};
         }},
        {"GET /api/v3/public_key", [=](World&) { return get("/api/v3/public_key"); }},
        {"GET /api/v3/changelog/source/<source_uuid>/<nr_changes>",
         [=](World& w) { return get("/api/v3/changelog/source/" + w.source + "/10"); }},
        {"GET /api/v3/changelog/metric/<metric_uuid>/<nr_changes>",
         [=](World& w) { return get("/api/v3/changelog/metric/" + w.metric + "/10"); }},
        {"GET /api/v3/changelog/subject/<subject_uuid>/<nr_changes>",
         [=](World& w) { return get("/api/v3/changelog/subject/" + w.subject + "/10"); }},
        {"GET /api/v3/changelog/report/<report_uuid>/<nr_changes>",
         [=](World& w) { return get("/api/v3/changelog/report/" + w.report + "/10"); }},
        {"GET /api/v3/changelog/<nr_changes>", [=](World&) { return get("/api/v3/changelog/10"); }},
        {"GET /api/v3/datamodel", [=](World&) { return get("/api/v3/datamodel"); }},
        {"GET /api/<version>/<fragment>", [=](World&) { return get("/api/v3/measurement"); }},
        {"GET /api/<fragment>", [=](World&) { return get("/api/report"); }},
        {"GET /api", [=](World&) { return get("/api"); }},
        {"GET /api/v3/openapi.json", [=](World&) { return get("/api/v3/openapi.json"); }},
        {"GET /api/v3/logo/<source_type>", [=](World&) { return get("/api/v3/logo/sonarqube"); }},
        {"POST /api/v3/measurement/<metric_uuid>/source/<source_uuid>/entity/<entity_key>/<attribute>",
         [=](World& w) {
           return edit("POST",
                       "/api/v3/measurement/" + w.metric + "/source/" + w.source + "/entity/e1/status",
                       R"({"status": "confirmed"})");
         }},
        {"GET /api/v3/nr_measurements",
         [](World&) {
           return Call{"GET", "/api/v3/nr_measurements", "", false, true};
         }},
        {"GET /api/v3/measurements",
         [=](World&) {
           return get("/api/v3/measurements?min_report_date=" + base::minus_days(now, 1).substr(0, 10));
         }},
        {"GET /api/v3/measurements/<metric_uuid>",
         [=](World& w) { return get("/api/v3/measurements/" + w.metric); }},
        {"POST /api/v3/metric/new/<subject_uuid>",
         [=](World& w) {
           return edit("POST", "/api/v3/metric/new/" + w.subject, R"({"type": "violations"})");
         }},
        {"POST /api/v3/metric/<metric_uuid>/copy/<subject_uuid>",
         [=](World& w) {
           return edit("POST", "/api/v3/metric/" + w.metric + "/copy/" + w.other_subject, "{}");
         }},
        {"POST /api/v3/metric/<metric_uuid>/move/<target_subject_uuid>",
         [=, this](World& w) {
           return edit("POST", "/api/v3/metric/" + new_metric(w.subject) + "/move/" + w.other_subject, "{}");
         }},
        {"DELETE /api/v3/metric/<metric_uuid>",
         [=, this](World& w) { return edit("DELETE", "/api/v3/metric/" + new_metric(w.subject), ""); }},
        {"POST /api/v3/metric/<metric_uuid>/attribute/<metric_attribute>",
         [=](World& w) {
           return edit("POST", "/api/v3/metric/" + w.metric + "/attribute/target",
                       R"({"target": ")" + std::to_string(rand() % 1000) + "\"}");
         }},
        {"POST /api/v3/metric/<metric_uuid>/debt",
         [=, this](World& w) {
           jane.post("/api/v3/metric/" + w.metric + "/debt", R"({"accept_debt": false})");
           return edit("POST", "/api/v3/metric/" + w.metric + "/debt", R"({"accept_debt": true})");
         }},
        {"POST /api/v3/metric/<metric_uuid>/measurement",
         [=](World& w) {
           return edit(
               "POST", "/api/v3/metric/" + w.metric + "/measurement",
               R"({"sources": [{"source_uuid": )" + quote(w.source) +
                   R"(, "value": "2", "entities": [{"key": "e1", "component": "main.py"}, {"key": "e2", "component": "util.py"}]}]})");
         }},
        {"GET /api/v3/report/<report_uuid>", [=](World& w) { return get("/api/v3/report/" + w.report); }},
        {"GET /api/v3/report/<report_uuid> as of a date",
         [=](World& w) {
           return get("/api/v3/report/" + w.report + "?report_date=" + http::quote_plus(now));
         }},
        {"GET /api/v3/report/", [=](World&) { return get("/api/v3/report/"); }},
        {"GET /api/v3/report", [=](World&) { return get("/api/v3/report"); }},
        {"GET /api/v3/report/<report_uuid>/metric_status_summary",
         [=](World& w) { return get("/api/v3/report/" + w.report + "/metric_status_summary"); }},
        {"POST /api/v3/report/import",
         [=](World& w) { return edit("POST", "/api/v3/report/import", w.exported.dump()); }},
        {"POST /api/v3/report/new", [=](World&) { return edit("POST", "/api/v3/report/new", "{}"); }},
        {"POST /api/v3/report/<report_uuid>/copy",
         [=](World& w) { return edit("POST", "/api/v3/report/" + w.report + "/copy", "{}"); }},
        {"GET /api/v3/report/<report_uuid>/json",
         [=](World& w) { return edit("GET", "/api/v3/report/" + w.report + "/json", ""); }},
        {"GET /api/v3/report/<report_uuid>/pdf",
         [=](World& w) {
           return get("/api/v3/report/" + w.report + "/pdf?nr_dates=3&tabs=" + w.metric + ":5," +
                      w.unmeasured_metric + ":3");
         }},
        {"DELETE /api/v3/report/<report_uuid>",
         [=, this](World&) {
           return edit("DELETE", "/api/v3/report/" + created("/api/v3/report/new", "{}", "new_report_uuid"),
                       "");
         }},
        {"POST /api/v3/report/<report_uuid>/attribute/<report_attribute>",
         [=](World& w) {
           return edit("POST", "/api/v3/report/" + w.report + "/attribute/title", R"({"title": "Budget"})");
         }},
        {"POST /api/v3/report/<report_uuid>/issue_tracker/<tracker_attribute>",
         [=](World& w) {
           return edit("POST", "/api/v3/report/" + w.report + "/issue_tracker/type", R"({"type": "jira"})");
         }},
        {"GET /api/v3/report/<report_uuid>/issue_tracker/options",
         [=](World& w) { return get("/api/v3/report/" + w.report + "/issue_tracker/options"); }},
        {"POST /api/v3/report/<report_uuid>/notification_destination/new",
         [=](World& w) {
           return edit("POST", "/api/v3/report/" + w.report + "/notification_destination/new",
                       R"({"report_url": "https://example.org"})");
         }},
        {"DELETE /api/v3/report/<report_uuid>/notification_destination/<notification_destination_uuid>",
         [=, this](World& w) {
           std::string destination =
               created("/api/v3/report/" + w.report + "/notification_destination/new",
                       R"({"report_url": "https://example.org"})", "new_destination_uuid");
           return edit("DELETE", "/api/v3/report/" + w.report + "/notification_destination/" + destination,
                       "");
         }},
        {"POST "
         "/api/v3/report/<report_uuid>/notification_destination/<notification_destination_uuid>/attributes",
         [=](World& w) {
           return edit(
               "POST",
               "/api/v3/report/" + w.report + "/notification_destination/" + w.destination + "/attributes",
               R"({"name": "Budget webhook"})");
         }},
        {"GET /api/v3/reports_overview", [=](World&) { return get("/api/v3/reports_overview"); }},
        {"GET /api/v3/reports_overview/pdf", [=](World&) { return get("/api/v3/reports_overview/pdf"); }},
        {"POST /api/v3/reports_overview/attribute/<reports_attribute>",
         [=](World&) {
           return edit("POST", "/api/v3/reports_overview/attribute/subtitle",
                       R"({"subtitle": ")" + std::to_string(rand()) + "\"}");
         }},
        {"POST /api/v3/<domain_object_type>/search",
         [=](World&) {
           return Call{"POST", "/api/v3/metric/search", R"({"type": "violations"})"};
         }},
        {"GET /api/v3/server", [=](World&) { return get("/api/v3/server"); }},
        {"GET /api/v3/settings", [=](World&) { return edit("GET", "/api/v3/settings", ""); }},
        {"PUT /api/v3/settings",
         [=](World&) { return edit("PUT", "/api/v3/settings", R"({"settings": {}})"); }},
        {"POST /api/v3/source/new/<metric_uuid>",
         [=](World& w) {
           return edit("POST", "/api/v3/source/new/" + w.unmeasured_metric, R"({"type": "sonarqube"})");
         }},
        {"POST /api/v3/source/<source_uuid>/copy/<metric_uuid>",
         [=](World& w) {
           return edit("POST", "/api/v3/source/" + w.source + "/copy/" + w.other_metric, "{}");
         }},
        {"POST /api/v3/source/<source_uuid>/move/<target_metric_uuid>",
         [=, this](World& w) {
           return edit("POST",
                       "/api/v3/source/" + new_source(w.unmeasured_metric) + "/move/" + w.other_metric, "{}");
         }},
        {"DELETE /api/v3/source/<source_uuid>",
         [=, this](World& w) {
           return edit("DELETE", "/api/v3/source/" + new_source(w.unmeasured_metric), "");
         }},
        {"POST /api/v3/source/<source_uuid>/attribute/<source_attribute>",
         [=](World& w) {
           return edit("POST", "/api/v3/source/" + w.source + "/attribute/name", R"({"name": "Sonar"})");
         }},
        {"POST /api/v3/source/<source_uuid>/parameter/<parameter_key>",
         [=](World& w) {
           return edit("POST", "/api/v3/source/" + w.source + "/parameter/url",
                       R"({"url": "https://sonar.example.org"})");
         }},
        {"POST /api/v3/subject/new/<report_uuid>",
         [=](World& w) {
           return edit("POST", "/api/v3/subject/new/" + w.report, R"({"type": "software"})");
         }},
        {"POST /api/v3/subject/<subject_uuid>/copy/<report_uuid>",
         [=](World& w) {
           return edit("POST", "/api/v3/subject/" + w.subject + "/copy/" + w.other_report, "{}");
         }},
        {"POST /api/v3/subject/<subject_uuid>/move/<target_report_uuid>",
         [=, this](World& w) {
           return edit("POST", "/api/v3/subject/" + new_subject(w.report) + "/move/" + w.other_report, "{}");
         }},
        {"DELETE /api/v3/subject/<subject_uuid>",
         [=, this](World& w) { return edit("DELETE", "/api/v3/subject/" + new_subject(w.report), ""); }},
        {"POST /api/v3/subject/<subject_uuid>/attribute/<subject_attribute>",
         [=](World& w) {
           return edit("POST", "/api/v3/subject/" + w.subject + "/attribute/name", R"({"name": "Budget"})");
         }},
        // Token routes: each token request reads the throttle count of its address and the token.
        {"POST /api/v3/tokens",
         [=](World&) { return edit("POST", "/api/v3/tokens", R"({"name": "budget"})"); }},
        {"GET /api/v3/tokens", [=](World&) { return edit("GET", "/api/v3/tokens", ""); }},
        {"DELETE /api/v3/tokens/<token_id>",
         [=, this](World&) {
           return edit("DELETE",
                       "/api/v3/tokens/" + created("/api/v3/tokens", R"({"name": "revoked"})", "id"), "");
         }},
        {"POST /api/v3/metric/<metric_uuid>/attribute/<metric_attribute> with an access token",
         [=, this](World& w) {
           return Call{"POST",
                       "/api/v3/metric/" + w.metric + "/attribute/target",
                       R"({"target": ")" + std::to_string(rand() % 1000) + "\"}",
                       false,
                       false,
                       "Authorization: Bearer " + created("/api/v3/tokens", R"({"name": "edits"})", "token")};
         }},
    };
  }

  struct Counted {
    long commands = -1;
    std::string request_id;
  };

  // The commands the server log shows for a request (the server runs at DEBUG), for failure messages.
  std::string commands_logged(const std::string& request_id) {
    std::string log = stack().server_log();
    std::string lines;
    for (std::size_t at = log.find(request_id); at != std::string::npos; at = log.find(request_id, at + 1)) {
      auto start = log.rfind('\n', at) + 1;
      auto line = log.substr(start, log.find('\n', at) - start);
      if (line.find(" DEBUG ") != std::string::npos && line.find("database command") != std::string::npos) {
        lines += "    " + line.substr(line.find("database command")) + "\n";
      }
    }
    return lines;
  }

  // The number of database commands of one call, from its X-Database-Commands header.
  Counted commands(const std::string& route, const Call& call) {
    HttpResponse response;
    if (call.stream) {
      response = stack().client().read_stream(call.path, 1, 10);
    } else {
      std::vector<std::string> headers = {"Content-Type: application/json"};
      if (call.session) headers.push_back(jane.cookie());
      if (!call.cookie.empty()) headers.push_back(call.cookie);
      response = stack().client().request(call.method, call.path, call.body, headers);
    }
    EXPECT_EQ(response.status, 200) << route << ": " << response.body.substr(0, 300);
    std::string header = response.header("x-database-commands");
    EXPECT_FALSE(header.empty()) << route;
    return {header.empty() ? -1 : std::stol(header), response.header("x-request-id")};
  }

  std::map<std::string, Counted> round(World& world) {
    std::map<std::string, Counted> counts;
    for (auto& [route, prepare] : routes()) counts[route] = commands(route, prepare(world));
    return counts;
  }

  static Stack* stack_;
  UserSession jane{stack(), "jadoe", "secret"};
};

Stack* QueryBudgetTest::stack_ = nullptr;

}  // namespace

TEST_F(QueryBudgetTest, NoRouteSendsMoreDatabaseCommandsWhenTheDataGrows) {
  World world = build_world();
  auto small = round(world);
  grow(world);
  auto grown = round(world);
  std::string table;
  // Where FerretDB's PostgreSQL handler (or MongoDB) serves an equality read, each of a few metrics that the
  // read by report_uuid leaves incomplete is read by itself: more of them, more reads, up to the bound.
  const std::set<std::string> completing = {"GET /api/v3/report/<report_uuid>",
                                            "GET /api/v3/report/<report_uuid> as of a date",
                                            "GET /api/v3/report/",
                                            "GET /api/v3/report",
                                            "GET /api/v3/report/<report_uuid>/metric_status_summary",
                                            "GET /api/v3/report/<report_uuid>/pdf",
                                            "GET /api/v3/reports_overview/pdf"};
  for (const auto& [route, before] : small) {
    const Counted& after = grown[route];
    long allowed = completing.contains(route) ? static_cast<long>(db::kMaxMetricReads) - 1 : 0;
    EXPECT_LE(after.commands, before.commands + allowed)
        << route << ": " << before.commands << " database commands on the small data set:\n"
        << commands_logged(before.request_id) << after.commands << " after it grew:\n"
        << commands_logged(after.request_id);
    table +=
        "  " + std::to_string(before.commands) + " / " + std::to_string(after.commands) + "  " + route + "\n";
  }
  std::printf("database commands per route (small / grown data):\n%s", table.c_str());
}

TEST_F(QueryBudgetTest, EveryRouteOfTheRouteTableIsCovered) {
  std::set<std::string> covered;
  for (const auto& [route, prepare] : routes()) covered.insert(route);
  for (const auto& route : routes::route_table()) {
    std::string name = std::string(route.method) + " " + std::string(route.path);
    if (name.find("issue_tracker/suggestions") != std::string::npos ||
        name.find("/issue/new") != std::string::npos) {
      // They wait for an issue tracker; their database work is one report read, as their neighbours'.
      continue;
    }
    EXPECT_TRUE(covered.contains(name)) << name << " has no row in the query-budget test";
  }
}

}  // namespace qta::e2e
