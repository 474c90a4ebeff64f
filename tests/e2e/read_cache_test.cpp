// The read cache with several installations on one database: two servers, each with its own worker
// pool and nginx, and a third with the cache off. A write through one is seen at once through the
// others; a steady-state read costs one token read.
#include "db/read_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "db/datamodel_cache.h"
#include "db/mongo_database.h"
#include "db/reports.h"
#include "db/reports_overviews.h"
#include "db/sessions.h"
#include "support/process.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

constexpr int kReads = 8;  // enough that every worker of a server answers some of them

// Entries may serve for an hour: only the change tokens can make these servers see a write in time.
const char* kLongMaxAge = "API_SERVER_CACHE_MAX_AGE=3600";

db::MongoDatabase database_of(const Stack& stack, std::size_t cache_bytes = 0) {
  db::initialize_driver();
  return db::MongoDatabase(
      db::Settings{stack.database_url(), "quality_time_db", 2000, 2, 0, cache_bytes, std::chrono::hours(1)});
}

json::Value body(const char* key, json::Value value) { return attribute(key, std::move(value)); }

// A user's one session (a login replaces the previous one) used through either server.
class Through {
 public:
  Through(const UserSession& session, const Stack& stack)
      : cookie_(session.cookie()), http_(stack.client()) {}
  HttpResponse get(const std::string& path) const { return http_.request("GET", path, "", {cookie_}); }
  HttpResponse post(const std::string& path, const json::Value& value) const {
    return send("POST", path, value);
  }
  HttpResponse put(const std::string& path, const json::Value& value) const {
    return send("PUT", path, value);
  }
  HttpResponse remove(const std::string& path) const { return http_.request("DELETE", path, "", {cookie_}); }

 private:
  HttpResponse send(const char* method, const std::string& path, const json::Value& value) const {
    return http_.request(method, path, value.dump(), {cookie_, "Content-Type: application/json"});
  }
  std::string cookie_;
  HttpClient http_;
};

class ReadCacheTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    first_ = new Stack(StackOptions{.workers = 2, .threads = 4, .environment = {kLongMaxAge}});
    first_->wait_until_initialized();
    // One worker, so that "its cache is warm" is certain after one read.
    second_ = new Stack(StackOptions{
        .workers = 1, .threads = 4, .environment = {kLongMaxAge}, .database_url = first_->database_url()});
    uncached_ = new Stack(StackOptions{.workers = 1,
                                       .threads = 2,
                                       .ldap = false,
                                       .environment = {"API_SERVER_CACHE_MB=0"},
                                       .database_url = first_->database_url()});
  }
  static void TearDownTestSuite() {
    delete uncached_;
    delete second_;
    delete first_;
  }
  Stack& first = *first_;
  Stack& second = *second_;
  Stack& uncached = *uncached_;
  UserSession jane{first, "jadoe", "secret"};
  Through jane_first{jane, first};
  Through jane_second{jane, second};

  // The titles of the report as `stack` lists it, kReads times ("" when not listed).
  static std::vector<std::string> titles(const Stack& stack, const std::string& report_uuid) {
    std::vector<std::string> result;
    for (int i = 0; i < kReads; ++i) {
      auto response = stack.client().get("/api/v3/report/" + report_uuid);
      EXPECT_EQ(response.status, 200) << response.body;
      std::string title;
      for (const auto& report : response.json().get("reports").elements()) {
        if (report.get_string("report_uuid") == report_uuid) title = report.get_string("title", "(none)");
      }
      result.push_back(title);
    }
    return result;
  }
  static std::vector<std::string> all(const std::string& value) {
    return std::vector<std::string>(kReads, value);
  }
  static std::vector<std::string> overview_titles(const Stack& stack) {
    std::vector<std::string> result;
    for (int i = 0; i < kReads; ++i)
      result.push_back(stack.client().get("/api/v3/reports_overview").json().get_string("title"));
    return result;
  }
  // The data commands FerretDB has answered so far (not the drivers' own hello and ping).
  static std::int64_t data_commands(db::Database& database) {
    auto status = database.admin_command(json::Value::parse(R"({"serverStatus": 1})"));
    std::int64_t total = 0;
    for (const auto& [command, counts] : status.get("metrics").get("commands").items()) {
      for (const char* counted : {"find", "aggregate", "count", "distinct", "insert", "update", "delete",
                                  "findAndModify", "getMore"}) {
        if (command == counted) total += counts.get("total").as_integer().value_or(0);
      }
    }
    return total;
  }

  static inline Stack* first_ = nullptr;
  static inline Stack* second_ = nullptr;
  static inline Stack* uncached_ = nullptr;
};

}  // namespace

TEST_F(ReadCacheTest, ReportsCreatedEditedAndDeletedThroughOneServerShowAtOnceThroughTheOther) {
  std::string existing =
      jane_first.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  titles(second, existing);  // the second server has read (and kept) the reports before the next one exists

  std::string report_uuid =
      jane_first.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  EXPECT_EQ(titles(second, report_uuid), all("New report")) << "a new report";

  ASSERT_EQ(jane_first
                .post("/api/v3/report/" + report_uuid + "/attribute/title",
                      body("title", json::Value::string("Renamed")))
                .status,
            200);
  EXPECT_EQ(titles(second, report_uuid), all("Renamed")) << "an attribute edit";
  EXPECT_EQ(second.client()
                .get("/api/v3/report/" + report_uuid + "/metric_status_summary")
                .json()
                .get_string("title"),
            "Renamed");

  titles(first, report_uuid);
  ASSERT_EQ(jane_second
                .post("/api/v3/report/" + report_uuid + "/attribute/title",
                      body("title", json::Value::string("Back")))
                .status,
            200);
  EXPECT_EQ(titles(first, report_uuid), all("Back")) << "and the other way round";

  ASSERT_EQ(jane_first.remove("/api/v3/report/" + report_uuid).status, 200);
  EXPECT_EQ(titles(second, report_uuid), all("")) << "a deletion";
  EXPECT_EQ(second.client().get("/api/v3/report/" + report_uuid + "/metric_status_summary").status, 404);
  EXPECT_EQ(
      jane_second
          .post("/api/v3/report/" + report_uuid + "/attribute/title", body("title", json::Value::string("x")))
          .status,
      404);
  EXPECT_EQ(titles(second, existing), all("New report")) << "the other report stays";
}

TEST_F(ReadCacheTest, ReportsOverviewAndItsPermissionsShowAtOnceThroughTheOtherServer) {
  overview_titles(second);
  ASSERT_EQ(jane_first
                .post("/api/v3/reports_overview/attribute/title",
                      body("title", json::Value::string("Overview one")))
                .status,
            200);
  EXPECT_EQ(overview_titles(second), all("Overview one"));

  UserSession john(second, "jodoe", "secret-jodoe");
  Through john_second(john, second);
  ASSERT_EQ(john_second.post("/api/v3/report/new", json::Value::object()).status, 200)
      << "anyone may edit reports";
  ASSERT_EQ(jane_first
                .post("/api/v3/reports_overview/attribute/permissions",
                      body("permissions", json::Value::parse(R"({"edit_reports": ["jadoe"]})")))
                .status,
            200);
  for (int i = 0; i < kReads; ++i) {
    EXPECT_EQ(john_second.post("/api/v3/report/new", json::Value::object()).status, 403)
        << "a permission taken away";
  }
  ASSERT_EQ(
      jane_first
          .post("/api/v3/reports_overview/attribute/permissions", body("permissions", json::Value::object()))
          .status,
      200);
  EXPECT_EQ(john_second.post("/api/v3/report/new", json::Value::object()).status, 200) << "and given back";
}

// A request may take the change tokens that another request of its worker read, but only from a read
// sent after it began: a write acknowledged before a read was sent shows in it, however busy the workers.
TEST_F(ReadCacheTest, WritesShowAtOnceWhileOtherRequestsShareTokenReads) {
  std::atomic<bool> stop = false;
  std::atomic<int> background = 0;
  std::vector<std::thread> readers;
  for (int i = 0; i < 6; ++i) {
    readers.emplace_back([&] {
      auto http = second.client();
      while (!stop) {
        if (http.get("/api/v3/reports_overview").status == 200) ++background;
      }
    });
  }
  for (int round = 0; round < 20; ++round) {
    std::string title = "Busy overview " + std::to_string(round);
    ASSERT_EQ(
        jane_first.post("/api/v3/reports_overview/attribute/title", body("title", json::Value::string(title)))
            .status,
        200);
    EXPECT_EQ(second.client().get("/api/v3/reports_overview").json().get_string("title"), title)
        << "round " << round;
  }
  stop = true;
  for (auto& reader : readers) reader.join();
  EXPECT_GT(background.load(), 0);
}

TEST_F(ReadCacheTest, SettingsShowAtOnceThroughTheOtherServer) {
  for (const char* value : {"one", "two"}) {
    for (int i = 0; i < kReads; ++i) jane_second.get("/api/v3/settings");
    auto settings = json::Value::object();
    settings.set("cache_test", json::Value::string(value));
    ASSERT_EQ(jane_first.put("/api/v3/settings", settings).status, 200);
    for (int i = 0; i < kReads; ++i) {
      EXPECT_EQ(jane_second.get("/api/v3/settings").json().get("settings").get_string("cache_test"), value);
    }
  }
}

TEST_F(ReadCacheTest, AWriteNotNotedIsSeenWithoutCacheAtOnceAndWithItOnceNoted) {
  // What a crashed writer (between its write and its bump) or a v5.8.0 server beside us leaves: the
  // server without cache sees it at once; the one with a cache when the change is noted (or its entries
  // are older than API_SERVER_CACHE_MAX_AGE).
  auto database = database_of(first);
  auto overview = *db::latest_reports_overview(database);
  std::string title = overview.get_string("title");
  EXPECT_EQ(overview_titles(second), all(title));
  EXPECT_EQ(overview_titles(uncached), all(title));
  overview.erase("_id");
  overview.set("timestamp", json::Value::string("2999-01-01T00:00:00+00:00"));  // newest, whatever the clock
  overview.set("title", json::Value::string("Written behind our back"));
  database.insert_one("reports_overviews", overview);
  EXPECT_EQ(overview_titles(uncached), all("Written behind our back"))
      << "API_SERVER_CACHE_MB=0 reads every time";
  EXPECT_EQ(overview_titles(second), all(title)) << "kept: no change was noted";
  db::note_change(database, db::Cached::kReportsOverviews);
  EXPECT_EQ(overview_titles(second), all("Written behind our back"));
  database.delete_one("reports_overviews",
                      json::Value::parse(R"({"timestamp": "2999-01-01T00:00:00+00:00"})"));
  db::note_change(database, db::Cached::kReportsOverviews);
  EXPECT_EQ(overview_titles(second), all(title));
}

TEST_F(ReadCacheTest, SteadyStateReadsCostOneTokenReadEach) {
  auto database = database_of(first);
  std::string report_uuid =
      jane_first.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  auto http = second.client();
  auto commands_per_read = [&](const HttpClient& client, const std::string& path) {
    client.get(path);  // warm
    std::int64_t before = data_commands(database);
    for (int i = 0; i < kReads; ++i) EXPECT_EQ(client.get(path).status, 200) << path;
    return static_cast<double>(data_commands(database) - before) / kReads;
  };
  EXPECT_EQ(commands_per_read(http, "/api/v3/reports_overview"), 1.0);
  EXPECT_EQ(commands_per_read(http, "/api/v3/datamodel"), 1.0);
  // One token read instead of the report read and the data model version read; the measurements as before.
  double uncached_summary =
      commands_per_read(uncached.client(), "/api/v3/report/" + report_uuid + "/metric_status_summary");
  EXPECT_EQ(commands_per_read(http, "/api/v3/report/" + report_uuid + "/metric_status_summary"),
            uncached_summary - 1);
  double cached_report = commands_per_read(http, "/api/v3/report/" + report_uuid);
  double uncached_report = commands_per_read(uncached.client(), "/api/v3/report/" + report_uuid);
  EXPECT_LT(cached_report, uncached_report);
  std::cout << "GET /api/v3/report/<uuid>: " << cached_report << " database commands with the cache, "
            << uncached_report << " without\n";
}

TEST_F(ReadCacheTest, TheCacheModuleReadsTheTokensOncePerRequestAndSeesOtherWritersAndItsOwn) {
  auto cached = database_of(first, std::size_t{64} << 20);
  auto other = database_of(first);  // another host, cache off
  std::string report_uuid =
      jane_first.post("/api/v3/report/new", json::Value::object()).json().get_string("new_report_uuid");
  auto request = [&] {
    db::RequestTokens tokens;
    EXPECT_FALSE(db::latest_reports(cached).empty());
    EXPECT_EQ(db::reports_as_of(cached, "").size(), db::latest_reports(cached).size());
    EXPECT_TRUE(db::latest_reports_overview(cached).has_value());
    EXPECT_TRUE(db::find_user(cached, "jadoe").has_value());
    EXPECT_NE(db::data_model_cache().at(cached, ""), nullptr);
    return db::latest_report(cached, report_uuid).value_or(json::Value::object()).get_string("title");
  };
  request();
  auto warm = cached.read_cache().stats();
  EXPECT_EQ(request(), "New report");
  EXPECT_EQ(request(), "New report");
  auto steady = cached.read_cache().stats();
  EXPECT_EQ(steady.token_reads - warm.token_reads, 2u) << "one per request";
  EXPECT_EQ(steady.loads, warm.loads) << "nothing else read";

  auto report = *db::latest_report(other, report_uuid);
  report.set("title", json::Value::string("Changed elsewhere"));
  db::insert_new_reports(other, "{user} changed the title.", {report_uuid}, {"test", ""}, {report});
  EXPECT_EQ(request(), "Changed elsewhere");
  EXPECT_EQ(cached.read_cache().stats().loads - steady.loads, 1u) << "the reports read again, nothing else";

  db::RequestTokens tokens;
  auto own = *db::latest_report(cached, report_uuid);
  own.set("title", json::Value::string("Changed here"));
  db::insert_new_reports(cached, "{user} changed the title.", {report_uuid}, {"test", ""}, {own});
  EXPECT_EQ(db::latest_report(cached, report_uuid)->get_string("title"), "Changed here")
      << "a request sees its own writes";
}

TEST_F(ReadCacheTest, ADataModelStoredByARestartOfOneServerShowsAtOnceThroughTheOther) {
  std::string changed_file = first.dir() + "/changed-datamodel.json";
  auto changed = json::Value::parse(read_file(std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json"));
  changed.get("metrics").get("loc").set("description",
                                        json::Value::string("Changed for the read cache test."));
  std::ofstream(changed_file) << changed.dump();
  auto description = [&] {
    return second.client()
        .get("/api/v3/datamodel")
        .json()
        .get("metrics")
        .get("loc")
        .get_string("description");
  };
  ASSERT_NE(description(), "Changed for the read cache test.");
  auto initialisations = [&] {
    std::string log = first.server_log();
    int count = 0;
    for (auto at = log.find("database initialised"); at != std::string::npos;
         at = log.find("database initialised", at + 1)) {
      ++count;
    }
    return count;
  };
  int before = initialisations();
  first.server().stop();
  first.start_server({"API_SERVER_DATA_MODEL=" + changed_file});
  for (int i = 0; i < 400 && initialisations() == before; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_GT(initialisations(), before);
  for (int i = 0; i < kReads; ++i) EXPECT_EQ(description(), "Changed for the read cache test.");
}

}  // namespace qta::e2e
