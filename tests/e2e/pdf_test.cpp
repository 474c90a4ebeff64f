// PDF export end to end: reports built through the API with measurements as the collector stores them,
// exported through nginx, and checked with poppler (pdfinfo, pdftotext, pdftoppm) for every parameter.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/date_time.h"
#include "db/mongo_database.h"
#include "db/read_cache.h"
#include "support/process.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

int occurrences(const std::string& text, const std::string& part) {
  int found = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
  return found;
}

class PdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack.wait_until_initialized();
    report_uuid = jane.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
    set("report", report_uuid, "title", "PDF report café €");
    subject_uuid = new_item("/api/v3/subject/new/" + report_uuid, "software", "new_subject_uuid");
    set("subject", subject_uuid, "name", "Backend subject");
    failing_uuid = new_metric("Failing violations", "security", "failing comment");
    passing_uuid = new_metric("Passing violations", "usability",
                              "<p>See <a href=\"https://docs.example.org\">docs</a></p>");
    collect(failing_uuid, "17", "target_not_met", base::minus_days(base::iso_timestamp_now(), 30));
    collect(passing_uuid, "0", "target_met", base::minus_days(base::iso_timestamp_now(), 30));
  }

  void set(const std::string& kind, const std::string& uuid, const std::string& key,
           const std::string& value) {
    auto response = jane.post("/api/v3/" + kind + "/" + uuid + "/attribute/" + key,
                              attribute(key, json::Value::string(value)));
    ASSERT_EQ(response.status, 200) << response.body;
  }

  std::string new_item(const std::string& path, const char* type, const char* key) {
    return jane.post(path, attribute("type", json::Value::string(type))).json().get_string(key);
  }

  std::string new_metric(const std::string& name, const std::string& tag, const std::string& comment) {
    std::string uuid = new_item("/api/v3/metric/new/" + subject_uuid, "violations", "new_metric_uuid");
    set("metric", uuid, "name", name);
    set("metric", uuid, "comment", comment);
    auto tags = json::Value::array();
    tags.append(json::Value::string(tag));
    EXPECT_EQ(jane.post("/api/v3/metric/" + uuid + "/attribute/tags", attribute("tags", tags)).status, 200);
    return uuid;
  }

  // A measurement as the collector stores it, from `start` until now.
  void collect(const std::string& metric_uuid, const std::string& value, const std::string& status,
               const std::string& start) {
    auto measurement = json::Value::parse(R"({"has_error": false, "sources": [],
      "count": {"value": "", "status": "", "status_start": "", "direction": "<",
      "target": "0", "near_target": "10"}})");
    measurement.set("metric_uuid", json::Value::string(metric_uuid));
    measurement.set("report_uuid", json::Value::string(report_uuid));
    measurement.get("count").set("value", json::Value::string(value));
    measurement.get("count").set("status", json::Value::string(status));
    measurement.get("count").set("status_start", json::Value::string(start));
    measurement.set("start", json::Value::string(start));
    measurement.set("end", json::Value::string(base::iso_timestamp_now()));
    db::initialize_driver();
    db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2})
        .insert_one("measurements", measurement);
  }

  // Downloads the PDF, checks that it is one, and returns its path.
  std::string download(const std::string& path) {
    auto response = stack.client().get(path);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body.substr(0, 300);
    EXPECT_EQ(response.header("content-type"), "application/pdf");
    std::string file = stack.dir() + "/export-" + std::to_string(++downloads) + ".pdf";
    std::ofstream(file, std::ios::binary) << response.body;
    if (const char* keep = std::getenv("QTA_KEEP_PDF"))
      std::ofstream(keep, std::ios::binary) << response.body;
    auto info = run_command({"pdfinfo", file}, {});
    EXPECT_EQ(info.exit_code, 0) << info.output;
    EXPECT_NE(info.output.find("841.89 x 595.28 pts (A4)"), std::string::npos) << info.output;
    return file;
  }

  std::string text_of(const std::string& file, int page = 0) {
    std::string pages = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return run_command({"sh", "-c", "pdftotext -layout" + pages + " '" + file + "' - 2>/dev/null"}, {})
        .output;
  }

  int pages_of(const std::string& file) {
    auto info = run_command({"pdfinfo", file}, {}).output;
    return std::stoi(info.substr(info.find("Pages:") + 6));
  }

  std::string report_pdf(const std::string& query = "") {
    return text_of(download("/api/v3/report/" + report_uuid + "/pdf" + (query.empty() ? "" : "?" + query)));
  }

  Stack& stack = Stack::shared();
  UserSession jane{stack, "jadoe", "secret"};
  std::string report_uuid, subject_uuid, failing_uuid, passing_uuid;
  int downloads = 0;
};

}  // namespace

TEST_F(PdfTest, ReportPdfShowsTheDashboardAndTheMetricTable) {
  auto response = stack.client().get("/api/v3/report/" + report_uuid + "/pdf");
  ASSERT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.starts_with("%PDF-"));
  std::string disposition = response.header("content-disposition");
  EXPECT_TRUE(disposition.starts_with("attachment; filename=\"PDF-report-caf-")) << disposition;
  EXPECT_TRUE(disposition.ends_with(".pdf\"")) << disposition;
  std::string text = report_pdf();
  for (const char* expected :
       {"PDF report café €", "Backend subject", "Failing violations", "Passing violations", "Target not met",
        "Target met", "Legend", "Technical debt target met", "Informative", "Unknown", "≦ 0",
        "failing comment", "See docs", "https://docs.example.org", "security", "usability", "violations",
        "Measurement", "Time left"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  }
  EXPECT_NE(text.find("17"), std::string::npos);
}

TEST_F(PdfTest, ReportUrlIsInTheFooterOfEveryPage) {
  std::string url = "https://quality-time.example.org/" + report_uuid;
  std::string file =
      download("/api/v3/report/" + report_uuid + "/pdf?tabs=" + failing_uuid + ":0&report_url=" + url);
  int pages = pages_of(file);
  ASSERT_GE(pages, 1);
  for (int page = 1; page <= pages; ++page) {
    std::string text = text_of(file, page);
    EXPECT_NE(text.find(url), std::string::npos) << page;
    EXPECT_NE(text.find("Page " + std::to_string(page) + " of " + std::to_string(pages)), std::string::npos)
        << page;
  }
}

TEST_F(PdfTest, HiddenColumnsAreLeftOut) {
  std::string text = report_pdf("hidden_columns=comment,tags,time_left");
  EXPECT_EQ(text.find("failing comment"), std::string::npos);
  EXPECT_EQ(text.find("Time left"), std::string::npos);
  EXPECT_EQ(text.find("Tags"), std::string::npos);
  EXPECT_NE(text.find("Failing violations"), std::string::npos);
  // The frontend's per-report name for the same setting.
  text = report_pdf("hidden_columns_" + report_uuid + "=comment");
  EXPECT_EQ(text.find("failing comment"), std::string::npos);
}

TEST_F(PdfTest, HiddenTagsLeaveOutTheirMetricsAndCards) {
  std::string text = report_pdf("hidden_tags=security");
  EXPECT_EQ(text.find("security"), std::string::npos) << text;
  EXPECT_EQ(text.find("Failing violations"), std::string::npos);
  EXPECT_NE(text.find("Passing violations"), std::string::npos);
  EXPECT_NE(text.find("usability"), std::string::npos);
}

TEST_F(PdfTest, MetricsToHide) {
  std::string text = report_pdf("metrics_to_hide=no_action_needed");
  EXPECT_NE(text.find("Failing violations"), std::string::npos);
  EXPECT_EQ(text.find("Passing violations"), std::string::npos);
  text = report_pdf("metrics_to_hide=all");
  EXPECT_EQ(text.find("Failing violations"), std::string::npos);
  EXPECT_EQ(text.find("Passing violations"), std::string::npos);
  EXPECT_NE(text.find("Backend subject"), std::string::npos) << "the dashboard card stays";
  text = report_pdf("metrics_to_hide=none");
  EXPECT_NE(text.find("Passing violations"), std::string::npos);
}

TEST_F(PdfTest, SevenDateColumns) {
  std::string file = download("/api/v3/report/" + report_uuid + "/pdf?nr_dates=7&date_interval=1");
  std::string text = text_of(file);
  for (int days = 0; days < 7; ++days) {
    std::string date = base::minus_days(base::iso_timestamp_now(), days).substr(0, 10);
    // Today is also in the header (date of the data) and the footer (generation time).
    EXPECT_EQ(occurrences(text, date), days == 0 ? 1 + 2 * pages_of(file) : 1) << date << "\n" << text;
  }
  EXPECT_EQ(occurrences(text, base::minus_days(base::iso_timestamp_now(), 7).substr(0, 10)), 0);
  EXPECT_GE(occurrences(text, "17"), 7) << "the failing metric's value in every column";
  text = report_pdf("nr_dates=3&date_interval=14");
  EXPECT_NE(text.find(base::minus_days(base::iso_timestamp_now(), 28).substr(0, 10)), std::string::npos);
}

TEST_F(PdfTest, ReportDateShowsTheOlderVersion) {
  std::string yesterday = base::minus_days(base::iso_timestamp_now(), 1).substr(0, 10);
  db::initialize_driver();
  db::MongoDatabase database(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
  // Make the current version look a day old, then change the title today.
  auto filter = json::Value::object();
  filter.set("report_uuid", json::Value::string(report_uuid));
  filter.set("last", json::Value::boolean(true));
  auto update = json::Value::object();
  auto fields = json::Value::object();
  fields.set("timestamp", json::Value::string(yesterday + "T12:00:00+00:00"));
  update.set("$set", fields);
  database.update_one("reports", filter, update);
  db::note_change(database, db::Cached::kReports);
  set("report", report_uuid, "title", "Renamed report");
  EXPECT_NE(report_pdf().find("Renamed report"), std::string::npos);
  std::string old = report_pdf("report_date=" + yesterday);
  EXPECT_NE(old.find("PDF report café €"), std::string::npos) << old;
  EXPECT_EQ(old.find("Renamed report"), std::string::npos);
  EXPECT_NE(old.find("Date of the data: " + yesterday), std::string::npos);
}

TEST_F(PdfTest, TabsShowTheSelectedTabBelowTheMetric) {
  std::string text = report_pdf("tabs=" + failing_uuid + ":0," + passing_uuid + ":3");
  EXPECT_NE(text.find("Configuration"), std::string::npos);
  EXPECT_NE(text.find("Metric type"), std::string::npos);
  EXPECT_NE(text.find("Changelog"), std::string::npos);
  EXPECT_NE(text.find("changed the name of metric"), std::string::npos) << text;
  text = report_pdf("expanded=" + failing_uuid + ":2");
  EXPECT_NE(text.find("Sources"), std::string::npos);
  EXPECT_NE(text.find("No sources have been configured yet."), std::string::npos);
  text = report_pdf("expanded_" + report_uuid + "=" + failing_uuid + ":1");
  EXPECT_NE(text.find("Accept technical debt"), std::string::npos);
}

TEST_F(PdfTest, IssueAttributes) {
  auto ids = json::Value::array();
  ids.append(json::Value::string("ISSUE-1"));
  ASSERT_EQ(jane.post("/api/v3/metric/" + failing_uuid + "/attribute/issue_ids", attribute("issue_ids", ids))
                .status,
            200);
  EXPECT_NE(report_pdf("show_issue_summary=true&show_issue_creation_date=true&show_issue_update_date=false")
                .find("ISSUE-1"),
            std::string::npos);
}

TEST_F(PdfTest, BadParametersGet400NamingTheParameter) {
  for (const std::string& query : std::vector<std::string>{
           "nr_dates=8", "nr_dates=x", "date_interval=3", "hidden_columns=trend,bogus",
           "metrics_to_hide=some", "show_issue_summary=yes", "show_issue_creation_date=1",
           "show_issue_update_date=TRUE", "report_date=yesterday", "report_date=2024-13-01",
           "tabs=" + failing_uuid + ":x"}) {
    auto response = stack.client().get("/api/v3/report/" + report_uuid + "/pdf?" + query);
    EXPECT_EQ(response.status, 400) << query;
    EXPECT_EQ(response.header("content-type"), "application/json") << query;
    std::string parameter = query.substr(0, query.find('='));
    EXPECT_NE(response.json().get_string("error").find(parameter), std::string::npos) << response.body;
  }
  auto response = stack.client().get("/api/v3/report/" + report_uuid + "/pdf?nr_dates_" + report_uuid + "=9");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(response.body.find("nr_dates_" + report_uuid), std::string::npos);
  EXPECT_EQ(stack.client().get("/api/v3/reports_overview/pdf?date_interval=2").status, 400);
}

TEST_F(PdfTest, ReportDateBeforeTheReportExistedGivesAPageSayingSo) {
  std::string file = download("/api/v3/report/" + report_uuid + "/pdf?report_date=2000-01-01");
  EXPECT_EQ(pages_of(file), 1);
  std::string text = text_of(file);
  EXPECT_NE(text.find("Sorry, this report didn't exist at 2000-01-01"), std::string::npos) << text;
  EXPECT_EQ(stack.client().get("/api/v3/report/no-such-report/pdf?report_date=2000-01-01").status, 404);
}

TEST_F(PdfTest, UnknownReportGets404) {
  auto response = stack.client().get("/api/v3/report/no-such-report/pdf");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.json().get_string("error"), "Report with UUID no-such-report not found.");
  EXPECT_EQ(stack.client().get("/api/internal/report/no-such-report/pdf").status, 404);
  EXPECT_EQ(stack.client().get("/api/internal/report/" + report_uuid + "/pdf").status, 200);
}

TEST_F(PdfTest, NothingIsDrawnInThePageMargins) {
  std::string file =
      download("/api/v3/report/" + report_uuid + "/pdf?tabs=" + failing_uuid + ":0&report_url=https://x.org");
  // 72 dpi: one pixel per point; the margins are 28 points.
  auto result = run_command({"pdftoppm", "-r", "72", "-f", "1", "-l", "1", file, stack.dir() + "/page"}, {});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::ifstream image(stack.dir() + "/page-1.ppm", std::ios::binary);
  std::string magic;
  int width = 0, height = 0, maximum = 0;
  image >> magic >> width >> height >> maximum;
  image.get();
  ASSERT_EQ(magic, "P6");
  ASSERT_GT(width, 800);
  std::string pixels((std::istreambuf_iterator<char>(image)), std::istreambuf_iterator<char>());
  ASSERT_EQ(pixels.size(), static_cast<std::size_t>(width * height * 3));
  const int margin = 25;  // a little inside 28 for anti-aliasing
  int dark = 0, ink = 0;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      bool white = true;
      for (int channel = 0; channel < 3; ++channel)
        white &= static_cast<unsigned char>(pixels[(y * width + x) * 3 + channel]) == 255;
      bool in_margin = x < margin || y < margin || x >= width - margin || y >= height - margin;
      if (!white && in_margin) ++dark;
      if (!white && !in_margin) ++ink;
    }
  }
  EXPECT_EQ(dark, 0);
  EXPECT_GT(ink, 1000) << "the page has content";
}

TEST_F(PdfTest, TwoHundredMetricsAreAllPrinted) {
  auto report = json::Value::parse(
      R"({"report_uuid": "big", "title": "Big report",
        "subjects": {"s1": {"type": "software", "name": "Big subject",
                                      "metrics": {}}}})");
  auto metrics = report.get("subjects").get("s1").get("metrics");
  for (int index = 0; index < 200; ++index) {
    auto metric = json::Value::parse(R"({"type": "violations", "sources": {}, "tags": [], "scale": "count",
                                        "target": "0", "near_target": "10", "accept_debt": false})");
    metric.set("name", json::Value::string("Big metric " + std::to_string(index)));
    metrics.set("m" + std::to_string(index), metric);
  }
  auto imported = jane.post("/api/v3/report/import", report);
  ASSERT_EQ(imported.status, 200) << imported.body;
  std::string big_uuid = imported.json().get_string("new_report_uuid");
  std::string file = download("/api/v3/report/" + big_uuid + "/pdf?nr_dates=7");
  std::string text = text_of(file);
  for (int index = 0; index < 200; ++index) {
    EXPECT_EQ(occurrences(text, "Big metric " + std::to_string(index) + " "), 1) << index;
  }
  EXPECT_GT(pages_of(file), 3);
}

TEST_F(PdfTest, ReportsOverviewPdf) {
  ASSERT_EQ(jane.post("/api/v3/reports_overview/attribute/title",
                      attribute("title", json::Value::string("All our reports")))
                .status,
            200);
  std::string file = download("/api/v3/reports_overview/pdf");
  std::string text = text_of(file);
  EXPECT_NE(text.find("All our reports"), std::string::npos);
  EXPECT_NE(text.find("PDF report café €"), std::string::npos);
  EXPECT_NE(text.find("Reports"), std::string::npos);
  EXPECT_EQ(text.find("Failing violations"), std::string::npos) << "the overview hides metrics by default";
  text = text_of(download("/api/internal/reports_overview/pdf?metrics_to_hide=no_action_needed"));
  EXPECT_NE(text.find("Failing violations"), std::string::npos);
  EXPECT_EQ(text.find("Passing violations"), std::string::npos);
}

}  // namespace qta::e2e
