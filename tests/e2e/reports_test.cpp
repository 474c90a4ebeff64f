// The editing API end to end: reports, subjects, metrics, sources, notification destinations, the
// reports overview, changelog and search, logged in through the real login, checked in the database.
#include "db/reports.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "db/mongo_database.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

json::Value stored_report(const Stack& stack, const std::string& report_uuid) {
  auto database = database_of(stack);
  auto report = db::latest_report(database, report_uuid);
  if (!report) throw std::runtime_error("no stored report " + report_uuid);
  return *report;
}

std::string delta_of(const Stack& stack, const std::string& report_uuid) {
  return stored_report(stack, report_uuid).get("delta").get_string("description");
}

json::Value type_body(const char* type) { return attribute("type", json::Value::string(type)); }

class ReportsTest : public ::testing::Test {
 protected:
  void SetUp() override { Stack::shared().wait_until_initialized(); }
  Stack& stack = Stack::shared();
  UserSession jane{stack, "jadoe", "secret"};

  std::string new_report() {
    auto response = jane.post("/api/v3/report/new", json::Value::object());
    EXPECT_EQ(response.status, 200) << response.body;
    return response.json().get_string("new_report_uuid");
  }
  std::string new_item(const std::string& path, const char* type, const char* key) {
    auto response = jane.post(path, type_body(type));
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return response.json().get_string(key);
  }
};

}  // namespace

TEST_F(ReportsTest, NewReportIsStoredAsAVersionWithDelta) {
  std::string report_uuid = new_report();
  auto report = stored_report(stack, report_uuid);
  EXPECT_EQ(report.get_string("title"), "New report");
  EXPECT_EQ(report.get("subjects"), json::Value::object());
  EXPECT_EQ(report.get("last"), json::Value::boolean(true));
  auto delta = report.get("delta");
  EXPECT_EQ(delta.get_string("description"), "Jane Doe created a new report.");
  EXPECT_EQ(delta.get_string("email"), "jadoe@example.org");
  EXPECT_EQ(delta.get("uuids").dump(), "[\"" + report_uuid + "\"]");
  EXPECT_EQ(report.get_string("timestamp").size(), 25u);
}

TEST_F(ReportsTest, GetReportSummarisesTheRequestedReportAndListsTheOthers) {
  std::string first = new_report();
  std::string second = new_report();
  auto response = stack.client().get("/api/v3/report/" + first);
  ASSERT_EQ(response.status, 200);
  bool saw_first = false, saw_second = false;
  for (const auto& report : response.json().get("reports").elements()) {
    if (report.get_string("report_uuid") == first) {
      saw_first = true;
      EXPECT_EQ(report.get("summary").dump(),
                R"({"red":0,"green":0,"yellow":0,"grey":0,"blue":0,"white":0})");
      EXPECT_EQ(report.get_string("_id").size(), 24u);
    }
    if (report.get_string("report_uuid") == second) {
      saw_second = true;
      EXPECT_FALSE(report.get("summary").present());
    }
  }
  EXPECT_TRUE(saw_first && saw_second);
}

TEST_F(ReportsTest, BuildAReportStepByStep) {
  std::string report_uuid = new_report();
  ASSERT_EQ(jane.post("/api/v3/report/" + report_uuid + "/attribute/title",
                      attribute("title", json::Value::string("Quality")))
                .status,
            200);
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe changed the title of report 'New report' from 'New report' to 'Quality'.");

  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  EXPECT_EQ(delta_of(stack, report_uuid), "Jane Doe created a new subject in report 'Quality'.");
  auto subject = stored_report(stack, report_uuid).get("subjects").get(subject_uuid);
  EXPECT_EQ(subject.get_string("type"), "software");
  EXPECT_TRUE(subject.get("name").is_null());

  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe added a new metric to subject 'Software' in report 'Quality'.");
  auto metric =
      stored_report(stack, report_uuid).get("subjects").get(subject_uuid).get("metrics").get(metric_uuid);
  EXPECT_EQ(metric.get_string("scale"), "count");
  EXPECT_EQ(metric.get_string("target"), "0");
  EXPECT_EQ(metric.get_string("near_target"), "10");
  EXPECT_EQ(metric.get("accept_debt"), json::Value::boolean(false));

  ASSERT_EQ(jane.post("/api/v3/metric/" + metric_uuid + "/attribute/target",
                      attribute("target", json::Value::string("5")))
                .status,
            200);
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe changed the target of metric 'Violations' of subject 'Software' in report 'Quality' "
            "from '0' to '5'.");
  auto unchanged = stored_report(stack, report_uuid).get("timestamp");
  ASSERT_EQ(jane.post("/api/v3/metric/" + metric_uuid + "/attribute/target",
                      attribute("target", json::Value::string("5")))
                .status,
            200);
  EXPECT_EQ(stored_report(stack, report_uuid).get("delta").get_string("description"),
            "Jane Doe changed the target of metric 'Violations' of subject 'Software' in report 'Quality' "
            "from '0' to '5'.")
      << "no change, no new version";

  std::string source_uuid = new_item("/api/v3/source/new/" + metric_uuid, "sonarqube", "new_source_uuid");
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe added a new source to metric 'Violations' of subject 'Software' in report 'Quality'.");
  auto source = stored_report(stack, report_uuid)
                    .get("subjects")
                    .get(subject_uuid)
                    .get("metrics")
                    .get(metric_uuid)
                    .get("sources")
                    .get(source_uuid);
  EXPECT_EQ(source.get_string("type"), "sonarqube");
  EXPECT_TRUE(source.get("parameters").get("url").is_string());
  EXPECT_FALSE(source.get("parameters").get("languages_to_ignore").present());

  auto parameter = jane.post("/api/v3/source/" + source_uuid + "/parameter/private_token",
                             attribute("private_token", json::Value::string("secret-token")));
  ASSERT_EQ(parameter.status, 200) << parameter.body;
  EXPECT_EQ(parameter.json().get("nr_sources_mass_edited"), json::Value::integer(0));
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe changed the private_token of source 'None' of metric 'Violations' of subject "
            "'Software' in report "
            "'Quality' from '' to '************'.");

  auto read = stack.client().get("/api/v3/report/" + report_uuid).json();
  for (const auto& report : read.get("reports").elements()) {
    if (report.get_string("report_uuid") != report_uuid) continue;
    auto shown = report.get("subjects").get(subject_uuid).get("metrics").get(metric_uuid);
    EXPECT_EQ(shown.get("sources").get(source_uuid).get("parameters").get_string("private_token"),
              "this string replaces credentials");
    EXPECT_TRUE(shown.get("status").is_null());
    EXPECT_EQ(shown.get_string("scale"), "count");
    EXPECT_EQ(report.get("summary").get("white"), json::Value::integer(1));
  }
  EXPECT_EQ(stored_report(stack, report_uuid)
                .get("subjects")
                .get(subject_uuid)
                .get("metrics")
                .get(metric_uuid)
                .get("sources")
                .get(source_uuid)
                .get("parameters")
                .get_string("private_token"),
            "secret-token")
      << "hidden when read, stored as given";
}

TEST_F(ReportsTest, AnySourceTypeMayMeasureAnyMetricAsInV58) {
  std::string report_uuid = new_report();
  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
  std::string source_uuid = new_item("/api/v3/source/new/" + metric_uuid, "jira", "new_source_uuid");
  auto source = stored_report(stack, report_uuid)
                    .get("subjects")
                    .get(subject_uuid)
                    .get("metrics")
                    .get(metric_uuid)
                    .get("sources")
                    .get(source_uuid);
  EXPECT_EQ(source.get_string("type"), "jira");
  EXPECT_EQ(source.get("parameters").size(), 0u)
      << "only parameters that apply to the metric type, as v5.8.0";
  auto changed = jane.post("/api/v3/source/" + source_uuid + "/attribute/type", type_body("gitlab"));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(stored_report(stack, report_uuid)
                .get("subjects")
                .get(subject_uuid)
                .get("metrics")
                .get(metric_uuid)
                .get("sources")
                .get(source_uuid)
                .get_string("type"),
            "gitlab");
  EXPECT_EQ(jane.post("/api/v3/source/" + source_uuid + "/attribute/type", type_body("no_such_type")).status,
            400);
}

TEST_F(ReportsTest, UrlParameterChangeChecksAvailability) {
  std::string report_uuid = new_report();
  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
  std::string source_uuid = new_item("/api/v3/source/new/" + metric_uuid, "sonarqube", "new_source_uuid");
  auto response = jane.post("/api/v3/source/" + source_uuid + "/parameter/url",
                            attribute("url", json::Value::string("http://127.0.0.1:1")));
  ASSERT_EQ(response.status, 200) << response.body;
  auto availability = response.json().get("availability");
  ASSERT_EQ(availability.size(), 1u) << response.body;
  EXPECT_EQ(availability.at(0).get("status_code"), json::Value::integer(-1));
  EXPECT_EQ(availability.at(0).get_string("parameter_key"), "url");
  EXPECT_EQ(availability.at(0).get_string("source_uuid"), source_uuid);
}

TEST_F(ReportsTest, MassEditChangesSourcesOfTheSameTypeWithTheSameValue) {
  std::string report_uuid = new_report();
  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::vector<std::string> sources;
  for (const char* type : {"violations", "loc", "violations"}) {
    std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, type, "new_metric_uuid");
    sources.push_back(new_item("/api/v3/source/new/" + metric_uuid, "sonarqube", "new_source_uuid"));
  }
  auto body = attribute("component", json::Value::string("project-key"));
  body.set("edit_scope", json::Value::string("report"));
  auto response = jane.post("/api/v3/source/" + sources[0] + "/parameter/component", body);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json().get("nr_sources_mass_edited"), json::Value::integer(3));
  EXPECT_EQ(
      delta_of(stack, report_uuid),
      "Jane Doe changed the component of all sources of type 'SonarQube' with component '' in report '" +
          std::string("New report") + "' from '' to 'project-key'.");
  auto uuids = stored_report(stack, report_uuid).get("delta").get("uuids");
  EXPECT_EQ(uuids.size(), 1u + 1u + 3u + 3u) << "report, subject, the metrics and the sources";
}

TEST_F(ReportsTest, MoveCopyAndDelete) {
  std::string first = new_report();
  std::string second = new_report();
  std::string subject_uuid = new_item("/api/v3/subject/new/" + first, "software", "new_subject_uuid");
  std::string target_subject = new_item("/api/v3/subject/new/" + second, "process", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "loc", "new_metric_uuid");

  ASSERT_EQ(
      jane.post("/api/v3/metric/" + metric_uuid + "/move/" + target_subject, json::Value::object()).status,
      200);
  std::string moved =
      "Jane Doe moved the metric 'Size (LOC)' from subject 'Software' in report 'New report' to subject "
      "'Process' in report 'New report'.";
  EXPECT_EQ(delta_of(stack, first), moved);
  EXPECT_EQ(delta_of(stack, second), moved);
  EXPECT_TRUE(stored_report(stack, second)
                  .get("subjects")
                  .get(target_subject)
                  .get("metrics")
                  .get(metric_uuid)
                  .present());
  EXPECT_FALSE(stored_report(stack, first)
                   .get("subjects")
                   .get(subject_uuid)
                   .get("metrics")
                   .get(metric_uuid)
                   .present());
  auto changelog =
      stack.client().get("/api/v3/changelog/metric/" + metric_uuid + "/10").json().get("changelog");
  int moves = 0;
  for (const auto& change : changelog.elements()) moves += change.get_string("delta") == moved ? 1 : 0;
  EXPECT_EQ(moves, 1) << "a move writes two reports but is one change";

  auto copy = jane.post("/api/v3/subject/" + target_subject + "/copy/" + first, json::Value::object());
  ASSERT_EQ(copy.status, 200);
  std::string copy_uuid = copy.json().get_string("new_subject_uuid");
  auto copied = stored_report(stack, first).get("subjects").get(copy_uuid);
  EXPECT_EQ(copied.get_string("name"), "Process (copy)");
  EXPECT_EQ(copied.get("metrics").size(), 1u);
  EXPECT_FALSE(copied.get("metrics").get(metric_uuid).present()) << "copies get new uuids";

  auto report_copy = jane.post("/api/v3/report/" + first + "/copy", json::Value::object());
  EXPECT_EQ(stored_report(stack, report_copy.json().get_string("new_report_uuid")).get_string("title"),
            "New report (copy)");

  ASSERT_EQ(jane.remove("/api/v3/metric/" + metric_uuid).status, 200);
  EXPECT_EQ(delta_of(stack, second),
            "Jane Doe deleted metric 'Size (LOC)' from subject 'Process' in report 'New report'.");
  ASSERT_EQ(jane.remove("/api/v3/report/" + second).status, 200);
  auto database = database_of(stack);
  EXPECT_FALSE(db::latest_report(database, second).has_value());
  EXPECT_EQ(
      jane.post("/api/v3/report/" + second + "/attribute/title", attribute("title", json::Value::string("x")))
          .status,
      404);
}

TEST_F(ReportsTest, PositionMovesReorderSubjects) {
  std::string report_uuid = new_report();
  std::string a = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string b = new_item("/api/v3/subject/new/" + report_uuid, "process", "new_subject_uuid");
  ASSERT_EQ(jane.post("/api/v3/subject/" + b + "/attribute/position",
                      attribute("position", json::Value::string("first")))
                .status,
            200);
  auto subjects = stored_report(stack, report_uuid).get("subjects").items();
  ASSERT_EQ(subjects.size(), 2u);
  EXPECT_EQ(subjects[0].first, b);
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe changed the position of subject 'Process' in report 'New report' from '1' to '0'.");
  EXPECT_EQ(jane.post("/api/v3/subject/" + b + "/attribute/position",
                      attribute("position", json::Value::string("sideways")))
                .status,
            400);
}

TEST_F(ReportsTest, BadRequestsChangeNothing) {
  std::string report_uuid = new_report();
  auto before = stored_report(stack, report_uuid).get("_id");
  EXPECT_EQ(jane.post("/api/v3/subject/new/" + report_uuid, type_body("no_such_type")).status, 400);
  EXPECT_EQ(jane.post("/api/v3/subject/new/" + report_uuid, std::string("{not json")).status, 400);
  EXPECT_EQ(jane.post("/api/v3/subject/new/" + report_uuid, json::Value::object()).status, 400);
  EXPECT_EQ(jane.post("/api/v3/subject/new/no-such-report", type_body("software")).status, 404);
  EXPECT_EQ(jane.post("/api/v3/metric/new/no-such-subject", type_body("loc")).status, 404);
  EXPECT_EQ(jane.remove("/api/v3/source/no-such-source").status, 404);
  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
  std::string source_uuid = new_item("/api/v3/source/new/" + metric_uuid, "sonarqube", "new_source_uuid");
  before = stored_report(stack, report_uuid).get("_id");
  EXPECT_EQ(jane.post("/api/v3/metric/" + metric_uuid + "/attribute/scale",
                      attribute("scale", json::Value::string("kilos")))
                .status,
            400);
  EXPECT_EQ(jane.post("/api/v3/metric/" + metric_uuid + "/attribute/direction",
                      attribute("direction", json::Value::string("==")))
                .status,
            400);
  EXPECT_EQ(jane.post("/api/v3/metric/" + metric_uuid + "/attribute/type",
                      attribute("type", json::Value::string("nope")))
                .status,
            400);
  EXPECT_EQ(jane.post("/api/v3/source/new/" + metric_uuid, type_body("no_such_source_type")).status, 400);
  EXPECT_EQ(jane.post("/api/v3/source/" + source_uuid + "/parameter/no_such",
                      attribute("no_such", json::Value::string("x")))
                .status,
            400);
  EXPECT_EQ(jane.post("/api/v3/source/" + source_uuid + "/parameter/severities",
                      attribute("severities", json::Value::string("x")))
                .status,
            400);
  auto scoped = attribute("url", json::Value::string("https://x"));
  scoped.set("edit_scope", json::Value::string("galaxy"));
  EXPECT_EQ(jane.post("/api/v3/source/" + source_uuid + "/parameter/url", scoped).status, 400);
  EXPECT_EQ(stored_report(stack, report_uuid).get("_id"), before) << "nothing stored";
}

TEST_F(ReportsTest, EditingNeedsALogin) {
  auto response =
      stack.client().request("POST", "/api/v3/report/new", "{}", {"Content-Type: application/json"});
  EXPECT_EQ(response.status, 401);
}

TEST_F(ReportsTest, TimeTravelShowsEarlierVersions) {
  std::string report_uuid = new_report();
  auto created = stored_report(stack, report_uuid).get_string("timestamp");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  jane.post("/api/v3/report/" + report_uuid + "/attribute/title",
            attribute("title", json::Value::string("Later title")));
  auto encoded = [](std::string timestamp) { return timestamp.replace(timestamp.find('+'), 1, "%2B"); };
  auto then = stack.client().get("/api/v3/report/" + report_uuid + "?report_date=" + encoded(created)).json();
  for (const auto& report : then.get("reports").elements()) {
    if (report.get_string("report_uuid") == report_uuid) {
      EXPECT_EQ(report.get_string("title"), "New report");
    }
  }
  // Before the report existed: 200 with the reports of that date, without this one, as v5.8.0.
  auto before = stack.client().get("/api/v3/report/" + report_uuid + "?report_date=2000-01-01T00:00:00Z");
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.json().get("ok"), json::Value::boolean(true));
  for (const auto& report : before.json().get("reports").elements())
    EXPECT_NE(report.get_string("report_uuid"), report_uuid);
  // After it was deleted: the same.
  ASSERT_EQ(jane.remove("/api/v3/report/" + report_uuid).status, 200);
  auto deleted = stack.client().get("/api/v3/report/" + report_uuid);
  ASSERT_EQ(deleted.status, 200);
  for (const auto& report : deleted.json().get("reports").elements())
    EXPECT_NE(report.get_string("report_uuid"), report_uuid);
}

TEST_F(ReportsTest, NotificationDestinations) {
  std::string report_uuid = new_report();
  auto created =
      jane.post("/api/v3/report/" + report_uuid + "/notification_destination/new",
                attribute("report_url", json::Value::string("https://qt.example.org/" + report_uuid)));
  ASSERT_EQ(created.status, 200);
  std::string destination = created.json().get_string("new_destination_uuid");
  auto stored = stored_report(stack, report_uuid).get("notification_destinations").get(destination);
  EXPECT_EQ(stored.get_string("name"), "Microsoft Teams webhook");
  EXPECT_EQ(stored.get("sleep_duration"), json::Value::integer(0));
  ASSERT_EQ(
      jane.post("/api/v3/report/" + report_uuid + "/notification_destination/" + destination + "/attributes",
                attribute("name", json::Value::string("Team channel")))
          .status,
      200);
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe changed the 'name' of notification destination 'Microsoft Teams webhook' in report "
            "'New report' from "
            "'Microsoft Teams webhook' to 'Team channel'.");
  ASSERT_EQ(jane.remove("/api/v3/report/" + report_uuid + "/notification_destination/" + destination).status,
            200);
  EXPECT_EQ(delta_of(stack, report_uuid),
            "Jane Doe deleted destination Team channel from report 'New report'.");
}

TEST_F(ReportsTest, SearchFindsMetricsByAttribute) {
  std::string report_uuid = new_report();
  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "loc", "new_metric_uuid");
  jane.post("/api/v3/metric/" + metric_uuid + "/attribute/name",
            attribute("name", json::Value::string("Unique name 42")));
  auto response = stack.client().request("POST", "/api/v3/metric/search", R"({"name": "Unique name 42"})",
                                         {"Content-Type: application/json"});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.json().get("uuids").dump(), "[\"" + metric_uuid + "\"]");
  auto unknown = stack.client().request("POST", "/api/v3/widget/search", R"({"name": "x"})",
                                        {"Content-Type: application/json"});
  EXPECT_EQ(unknown.body,
            R"({"domain_object_type":"widget","error":"'widget'","ok":false,"search_query":{"name":"x"}})");
}

TEST_F(ReportsTest, ChangelogListsNewestFirst) {
  std::string report_uuid = new_report();
  jane.post("/api/v3/report/" + report_uuid + "/attribute/subtitle",
            attribute("subtitle", json::Value::string("Sub")));
  auto changelog =
      stack.client().get("/api/v3/changelog/report/" + report_uuid + "/5").json().get("changelog");
  ASSERT_EQ(changelog.size(), 2u);
  EXPECT_EQ(changelog.at(0).get_string("delta"),
            "Jane Doe changed the subtitle of report 'New report' from '' to 'Sub'.");
  EXPECT_EQ(changelog.at(0).get_string("email"), "jadoe@example.org");
  EXPECT_EQ(changelog.at(1).get_string("delta"), "Jane Doe created a new report.");
  EXPECT_EQ(stack.client().get("/api/v3/changelog/2").json().get("changelog").size(), 2u);
  EXPECT_EQ(stack.client().get("/api/v3/changelog/many").status, 400);
}

TEST(ReportsPermissions, OnlyListedEditorsMayEditReports) {
  Stack stack;
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  UserSession john(stack, "jodoe", "secret-jodoe");
  auto permissions = json::Value::parse(R"({"edit_reports": ["jodoe@example.org"], "edit_entities": []})");
  ASSERT_EQ(jane.post("/api/v3/reports_overview/attribute/permissions", attribute("permissions", permissions))
                .status,
            200);
  auto overview = stack.client().get("/api/v3/reports_overview").json();
  EXPECT_EQ(overview.get("permissions").get("edit_reports").dump(), R"(["jodoe@example.org","jadoe"])")
      << "whoever restricts editing keeps the right to edit";
  ASSERT_EQ(stack.run_server_command({"user", "add", "outsider"}, "outsider-password\n").exit_code, 0);
  UserSession outsider(stack, "outsider", "outsider-password");
  auto refused = outsider.post("/api/v3/report/new", json::Value::object());
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json().get_string("error"), "Permission edit_reports required.");
  EXPECT_EQ(john.post("/api/v3/report/new", json::Value::object()).status, 200);
  EXPECT_EQ(jane.post("/api/v3/report/new", json::Value::object()).status, 200);
}

}  // namespace qta::e2e

namespace qta::e2e {

TEST_F(ReportsTest, QualityTimesOwnReadingCodeFindsTheTypesItExpects) {
  std::string report_uuid = new_report();
  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
  new_item("/api/v3/source/new/" + metric_uuid, "sonarqube", "new_source_uuid");
  jane.post("/api/v3/report/" + report_uuid + "/notification_destination/new",
            attribute("report_url", json::Value::string("x")));
  auto result = run_command(
      {"/usr/bin/python3", std::string(QTA_SOURCE_DIR) + "/tests/e2e/support/read_like_quality_time.py",
       stack.database_url(), report_uuid},
      {});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(result.output, "ok\n");
}

}  // namespace qta::e2e

namespace qta::e2e {

TEST_F(ReportsTest, IssueTrackerOptionsSuggestionsAndNewIssues) {
  int port = free_port();
  Process jira({"/usr/bin/python3", std::string(QTA_SOURCE_DIR) + "/tests/e2e/support/fake_jira.py",
                std::to_string(port)},
               {}, stack.dir() + "/fake-jira.log");
  ASSERT_TRUE(wait_for_port(port, 20));
  std::string report_uuid = new_report();
  std::string base = "/api/v3/report/" + report_uuid + "/issue_tracker/";
  ASSERT_EQ(jane.post(base + "type", attribute("type", json::Value::string("jira"))).status, 200);
  auto url_change = jane.post(
      base + "url",
      attribute("url", json::Value::string("http://127.0.0.1:" + std::to_string(port) + "/routes")));
  ASSERT_EQ(url_change.status, 200);
  ASSERT_EQ(url_change.json().get("availability").size(), 1u) << url_change.body;
  EXPECT_TRUE(url_change.json().get("availability").at(0).get("status_code").is_integer());
  jane.post(base + "project_key", attribute("project_key", json::Value::string("FOO")));
  jane.post(base + "issue_type", attribute("issue_type", json::Value::string("Bug")));
  jane.post(base + "password", attribute("password", json::Value::string("hunter2")));
  EXPECT_EQ(
      delta_of(stack, report_uuid),
      "Jane Doe changed the password of the issue tracker of report 'New report' from '' to '*******'.");

  auto options = stack.client().get(base + "options");
  ASSERT_EQ(options.status, 200);
  auto body = options.json();
  EXPECT_EQ(body.get("projects").dump(), R"([{"key":"FOO","name":"Foo"},{"key":"BAR","name":"Bar"}])");
  EXPECT_EQ(body.get("issue_types").dump(), R"([{"key":"1","name":"Bug"},{"key":"3","name":"Story"}])");
  EXPECT_EQ(body.get("ok"), json::Value::boolean(true));

  auto suggestions = jane.get(base + "suggestions/summ");
  ASSERT_EQ(suggestions.status, 200);
  EXPECT_EQ(suggestions.body, R"({"ok":true,"suggestions":[{"key":"FOO-42","text":"Issue summary"}]})");
  EXPECT_EQ(stack.client().get(base + "suggestions/summ").status, 401);

  std::string subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
  std::string metric_uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
  auto issue = jane.post("/api/v3/metric/" + metric_uuid + "/issue/new",
                         attribute("metric_url", json::Value::string("https://qt/m")));
  ASSERT_EQ(issue.status, 200) << issue.body;
  ASSERT_EQ(issue.json().get("ok"), json::Value::boolean(true)) << issue.body;
  std::string issue_url = issue.json().get_string("issue_url");
  EXPECT_NE(issue_url.find("/routes/browse/"), std::string::npos) << issue_url;
  auto ids = stored_report(stack, report_uuid)
                 .get("subjects")
                 .get(subject_uuid)
                 .get("metrics")
                 .get(metric_uuid)
                 .get("issue_ids");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(issue_url.substr(issue_url.rfind('/') + 1), ids.at(0).as_string().value_or(""));
}

TEST_F(ReportsTest, CommentsAreSanitised) {
  std::string report_uuid = new_report();
  auto comment = R"(Look at https://example-url.org/<script>alert("x")</script>)";
  ASSERT_EQ(jane.post("/api/v3/report/" + report_uuid + "/attribute/comment",
                      attribute("comment", json::Value::string(comment)))
                .status,
            200);
  std::string stored = stored_report(stack, report_uuid).get_string("comment");
  EXPECT_EQ(stored.find("<script"), std::string::npos) << stored;
  EXPECT_NE(stored.find(R"(<a href="https://example-url.org/" target="_blank">)"), std::string::npos)
      << stored;
}

}  // namespace qta::e2e
