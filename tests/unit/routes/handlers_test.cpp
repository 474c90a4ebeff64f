// Handlers of reports, subjects, metrics, the reports overview and the changelog, run by the dispatcher on
// a MemoryDatabase: their rules without a database server.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include "db/memory_database.h"
#include "db/reports.h"
#include "db/sessions.h"
#include "model/credentials.h"
#include "routes/route_table.h"

namespace qta::routes {

namespace {

json::Value data_model_of_source() {
  std::ifstream file(std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json");
  std::stringstream text;
  text << file.rdbuf();
  return json::Value::parse(text.str());
}

std::int64_t hour_from_now_ms() {
  auto later = std::chrono::system_clock::now() + std::chrono::hours(1);
  return std::chrono::duration_cast<std::chrono::milliseconds>(later.time_since_epoch()).count();
}

class HandlersTest : public ::testing::Test {
 protected:
  // cache_bytes 0: without the read cache (see CachedHandlersTest).
  explicit HandlersTest(std::size_t cache_bytes = 0) : database(cache_bytes), dispatcher(config, database) {
    // The data model as start-up stores it, dated long ago so that reports of any date can be shown.
    auto model = data_model_of_source();
    model.set("timestamp", json::Value::string("2000-01-01T00:00:00+00:00"));
    database.insert_one_ordered("datamodels", model);
    db::insert_new_reports_overview(database, "{user} initialized the reports overview", {"An operator", ""},
                                    json::Value::parse(R"({"title": "Reports", "subtitle": ""})"));
    db::upsert_session(database,
                       {"jadoe", "jadoe@example.org", "Jane Doe", "jane-session", hour_from_now_ms()});
    db::upsert_session(database, {"other", "other@example.org", "", "other-session", hour_from_now_ms()});
  }

  http::Response call(const std::string& method, const std::string& uri, const std::string& body = "",
                      const std::string& session = "jane-session") {
    http::Request request(method, uri);
    if (!session.empty()) request.set_header("Cookie", "session_id=" + session);
    if (!body.empty()) {
      request.set_header("Content-Type", "application/json");
      request.set_body(body);
    }
    return dispatcher.dispatch(request);
  }
  json::Value call_json(const std::string& method, const std::string& uri, const std::string& body = "") {
    auto response = call(method, uri, body);
    EXPECT_EQ(response.status(), 200) << method << " " << uri << ": " << response.body();
    return json::Value::parse(response.body());
  }
  std::string new_report() { return call_json("POST", "/api/v3/report/new").get_string("new_report_uuid"); }
  json::Value report(const std::string& report_uuid, const std::string& query = "") {
    auto reports = call_json("GET", "/api/v3/report/" + report_uuid + query).get("reports");
    for (const auto& shown : reports.elements()) {
      if (shown.get_string("report_uuid") == report_uuid) return shown;
    }
    return json::Value();
  }
  // A new report with a metric whose source has a password; returns the source's uuid.
  std::string report_with_password(const std::string& report_uuid, const std::string& password) {
    std::string subject_uuid =
        call_json("POST", "/api/v3/subject/new/" + report_uuid, R"({"type": "software"})")
            .get_string("new_subject_uuid");
    std::string metric_uuid =
        call_json("POST", "/api/v3/metric/new/" + subject_uuid, R"({"type": "violations"})")
            .get_string("new_metric_uuid");
    std::string source_uuid =
        call_json("POST", "/api/v3/source/new/" + metric_uuid, R"({"type": "sonarqube"})")
            .get_string("new_source_uuid");
    call_json("POST", "/api/v3/source/" + source_uuid + "/parameter/private_token",
              R"({"private_token": ")" + password + R"("})");
    return source_uuid;
  }
  // The stored newest version of a report.
  json::Value stored_report(const std::string& report_uuid) {
    auto filter = json::Value::object();
    filter.set("report_uuid", json::Value::string(report_uuid));
    filter.set("last", json::Value::boolean(true));
    return database.find_one("reports", filter).value_or(json::Value());
  }
  // A report GET shows the other reports as stored now, their credentials hidden, and changes nothing
  // that later requests read (the read cache's documents among them).
  void expect_other_reports_shown_as_stored() {
    std::string shown_uuid = new_report(), other_uuid = new_report();
    std::string source_uuid = report_with_password(other_uuid, "secret");
    auto password_of = [&](const json::Value& report) {
      for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
        for (const auto& [metric_uuid, metric] : subject.get("metrics").items())
          return metric.get("sources").get(source_uuid).get("parameters").get_string("private_token");
      }
      return std::string("no source");
    };
    auto other_in = [&](const json::Value& answer) {
      for (const auto& report : answer.get("reports").elements()) {
        if (report.get_string("report_uuid") == other_uuid) return report;
      }
      return json::Value();
    };
    auto first = call("GET", "/api/v3/report/" + shown_uuid);
    auto other = other_in(json::Value::parse(first.body()));
    EXPECT_EQ(password_of(other), model::kHiddenCredentials);
    EXPECT_FALSE(other.get("summary").present()) << "only the report asked for is summarised";
    EXPECT_TRUE(other.get("_id").is_string());
    EXPECT_EQ(call("GET", "/api/v3/report/" + shown_uuid).body(), first.body())
        << "unchanged, the same answer";

    call_json("POST", "/api/v3/report/" + other_uuid + "/attribute/title", R"({"title": "Renamed"})");
    EXPECT_EQ(password_of(stored_report(other_uuid)), "secret")
        << "the edit started from the stored report, not from what a report GET showed";
    other = other_in(call_json("GET", "/api/v3/report/" + shown_uuid));
    EXPECT_EQ(other.get_string("title"), "Renamed") << "a change shows at once";
    EXPECT_EQ(password_of(other), model::kHiddenCredentials);
    call_json("DELETE", "/api/v3/report/" + other_uuid);
    EXPECT_FALSE(other_in(call_json("GET", "/api/v3/report/" + shown_uuid)).present());
  }
  std::vector<std::string> changes(const std::string& path) {
    std::vector<std::string> descriptions;
    for (const auto& entry : call_json("GET", "/api/v3/changelog/" + path).get("changelog").elements()) {
      descriptions.push_back(entry.get_string("delta"));
    }
    return descriptions;
  }

  base::Config config;
  db::MemoryDatabase database;
  Dispatcher dispatcher;
};

TEST_F(HandlersTest, ANewReportIsStoredOnceAndShown) {
  std::string report_uuid = new_report();
  ASSERT_FALSE(report_uuid.empty());
  auto shown = report(report_uuid);
  ASSERT_TRUE(shown.present());
  EXPECT_EQ(shown.get_string("title"), "New report");
  EXPECT_TRUE(shown.get("_id").is_string()) << "the _id is answered as a string, as v5.8.0 does";
  EXPECT_EQ(database.count("reports", json::Value::parse(R"({"last": true})")), 1);
  auto all = call_json("GET", "/api/v3/report").get("reports");
  EXPECT_EQ(all.size(), 1u);
}

TEST_F(HandlersTest, AReportAttributeChangeIsANewVersionWithItsChangelogEntry) {
  std::string report_uuid = new_report();
  call_json("POST", "/api/v3/report/" + report_uuid + "/attribute/title", R"({"title": "Mine"})");
  EXPECT_EQ(report(report_uuid).get_string("title"), "Mine");
  auto filter = json::Value::object();
  filter.set("report_uuid", json::Value::string(report_uuid));
  EXPECT_EQ(database.count("reports", filter), 2) << "versions are kept";
  filter.set("last", json::Value::boolean(true));
  EXPECT_EQ(database.count("reports", filter), 1) << "one version is the latest";
  auto report_changes = changes("report/" + report_uuid + "/10");
  ASSERT_EQ(report_changes.size(), 2u);
  EXPECT_EQ(report_changes[0],
            "Jane Doe changed the title of report 'New report' from 'New report' to 'Mine'.");
  EXPECT_EQ(report_changes[1], "Jane Doe created a new report.");
  EXPECT_EQ(changes("report/" + report_uuid + "/1").size(), 1u);
}

TEST_F(HandlersTest, AttributesThatAreNoReportAttributesAndUnknownReportsAreRefused) {
  std::string report_uuid = new_report();
  EXPECT_EQ(
      call("POST", "/api/v3/report/" + report_uuid + "/attribute/subjects", R"({"subjects": {}})").status(),
      400);
  EXPECT_EQ(call("POST", "/api/v3/report/no-such-report/attribute/title", R"({"title": "x"})").status(), 404);
  EXPECT_EQ(call("POST", "/api/v3/report/" + report_uuid + "/attribute/title", R"({"other": "x"})").status(),
            400)
      << "the body lacks the attribute";
}

TEST_F(HandlersTest, SubjectAndMetricAttributesChangeTheReport) {
  std::string report_uuid = new_report();
  EXPECT_EQ(call("POST", "/api/v3/subject/new/" + report_uuid, R"({"type": "no such type"})").status(), 400);
  std::string subject_uuid =
      call_json("POST", "/api/v3/subject/new/" + report_uuid, R"({"type": "software"})")
          .get_string("new_subject_uuid");
  call_json("POST", "/api/v3/subject/" + subject_uuid + "/attribute/name", R"({"name": "Backend"})");
  std::string metric_uuid =
      call_json("POST", "/api/v3/metric/new/" + subject_uuid, R"({"type": "violations"})")
          .get_string("new_metric_uuid");
  call_json("POST", "/api/v3/metric/" + metric_uuid + "/attribute/target", R"({"target": "5"})");
  auto subject = report(report_uuid).get("subjects").get(subject_uuid);
  EXPECT_EQ(subject.get_string("name"), "Backend");
  EXPECT_EQ(subject.get("metrics").get(metric_uuid).get_string("target"), "5");
  auto metric_changes = changes("metric/" + metric_uuid + "/10");
  ASSERT_EQ(metric_changes.size(), 2u) << "the metric's creation and its change";
  EXPECT_NE(metric_changes[0].find("changed the target of metric"), std::string::npos) << metric_changes[0];
  EXPECT_NE(metric_changes[0].find("from '0' to '5'"), std::string::npos) << metric_changes[0];
  EXPECT_EQ(changes("subject/" + subject_uuid + "/10").size(), 4u)
      << "creation, name, metric added, metric changed";
  EXPECT_EQ(changes("10").size(), 6u) << "and the overview's and the report's creation";
}

TEST_F(HandlersTest, AnUnchangedSubjectAttributeWritesNoVersion) {
  std::string report_uuid = new_report();
  std::string subject_uuid =
      call_json("POST", "/api/v3/subject/new/" + report_uuid, R"({"type": "software"})")
          .get_string("new_subject_uuid");
  std::int64_t versions = database.estimated_count("reports");
  call_json("POST", "/api/v3/subject/" + subject_uuid + "/attribute/type", R"({"type": "software"})");
  EXPECT_EQ(database.estimated_count("reports"), versions);
}

TEST_F(HandlersTest, EditingNeedsASessionAndThePermission) {
  EXPECT_EQ(call("POST", "/api/v3/report/new", "", "").status(), 401);
  EXPECT_EQ(call("POST", "/api/v3/report/new", "", "unknown-session").status(), 401);
  EXPECT_EQ(call("POST", "/api/v3/report/new", "", "other-session").status(), 200)
      << "no permissions set: all may edit";
  call_json("POST", "/api/v3/reports_overview/attribute/permissions",
            R"({"permissions": {"edit_reports": ["someone"]}})");
  auto overview = call_json("GET", "/api/v3/reports_overview");
  EXPECT_EQ(overview.get("permissions").get("edit_reports").dump(), R"(["someone","jadoe"])")
      << "whoever restricts editing keeps the right";
  EXPECT_EQ(call("POST", "/api/v3/report/new", "", "other-session").status(), 403);
  EXPECT_EQ(call("POST", "/api/v3/report/new").status(), 200);
}

TEST_F(HandlersTest, TheReportsOverviewTitleAndItsChangelog) {
  call_json("POST", "/api/v3/reports_overview/attribute/title", R"({"title": "Our reports"})");
  EXPECT_EQ(call_json("GET", "/api/v3/reports_overview").get_string("title"), "Our reports");
  auto all_changes = changes("10");
  ASSERT_EQ(all_changes.size(), 2u);
  EXPECT_NE(all_changes[0].find("Jane Doe changed the title of the reports overview"), std::string::npos)
      << all_changes[0];
  EXPECT_EQ(database.estimated_count("reports_overviews"), 2) << "a new version, the old one kept";
}

TEST_F(HandlersTest, AReportDateShowsTheReportsOfThatDate) {
  std::string report_uuid = new_report();
  EXPECT_FALSE(report(report_uuid, "?report_date=2010-01-01T00:00:00Z").present())
      << "the report did not exist then";
  // Make the first version older, then change the title: the old date shows the old title.
  auto old = json::Value::parse(R"({"$set": {"timestamp": "2020-01-01T00:00:00+00:00"}})");
  database.update_many("reports", json::Value::parse("{}"), old);
  call_json("POST", "/api/v3/report/" + report_uuid + "/attribute/title", R"({"title": "Newer"})");
  EXPECT_EQ(report(report_uuid, "?report_date=2021-01-01T00:00:00Z").get_string("title"), "New report");
  EXPECT_EQ(report(report_uuid).get_string("title"), "Newer");
}

class CachedHandlersTest : public HandlersTest {
 protected:
  CachedHandlersTest() : HandlersTest(std::size_t{64} << 20) {}
};

TEST_F(HandlersTest, AReportGetShowsTheOtherReportsAsStoredWithTheirCredentialsHidden) {
  expect_other_reports_shown_as_stored();
}

TEST_F(CachedHandlersTest, AReportGetShowsTheOtherReportsAsStoredWithTheirCredentialsHidden) {
  expect_other_reports_shown_as_stored();
}

TEST_F(HandlersTest, AnUnavailableDatabaseAnswers503) {
  std::string report_uuid = new_report();
  database.set_available(false);
  EXPECT_EQ(call("GET", "/api/v3/report/" + report_uuid).status(), 503);
  EXPECT_EQ(call("POST", "/api/v3/report/" + report_uuid + "/attribute/title", R"({"title": "x"})").status(),
            503);
  database.set_available(true);
  EXPECT_EQ(call("GET", "/api/v3/report/" + report_uuid).status(), 200);
}

}  // namespace

}  // namespace qta::routes
