// Versioned reports under concurrency and faults: whatever happens between the two steps of a write
// (insert the new version, then take `last` off the older ones), no report is lost, none is listed
// twice, and every acknowledged edit is in the report's history.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "db/mongo_database.h"
#include "db/read_cache.h"
#include "support/session.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {

db::MongoDatabase database_of(const Stack& stack) {
  db::initialize_driver();
  return db::MongoDatabase(db::Settings{stack.database_url(), "quality_time_db", 2000, 2});
}

struct History {
  int flagged = 0;                        // versions with `last: true`
  std::vector<std::string> descriptions;  // of every version's delta, oldest first
};

History history_of(db::Database& database, const std::string& report_uuid) {
  auto filter = json::Value::object();
  filter.set("report_uuid", json::Value::string(report_uuid));
  db::FindOptions options;
  options.projection = json::Value::parse(R"({"delta": 1, "last": 1})");
  // In the order of time: a database returns unsorted documents in any order (PostgreSQL moves an
  // updated row, such as a version whose flag was taken off).
  options.sort = json::Value::parse(R"({"timestamp": 1, "_id": 1})");
  History history;
  for (const auto& version : database.find("reports", filter, options)) {
    if (version.get("last") == json::Value::boolean(true)) ++history.flagged;
    history.descriptions.push_back(version.get("delta").get_string("description"));
  }
  return history;
}

std::string new_report(const UserSession& user) {
  auto response = user.post("/api/v3/report/new", json::Value::object());
  EXPECT_EQ(response.status, 200) << response.body;
  return response.json().get_string("new_report_uuid");
}

// How often `report_uuid` occurs in the answer of GET /api/v3/report/<uuid>.
int times_listed(const Stack& stack, const std::string& report_uuid) {
  auto response = stack.client().get("/api/v3/report/" + report_uuid);
  if (response.status != 200) return -static_cast<int>(response.status);
  int count = 0;
  for (const auto& report : response.json().get("reports").elements())
    count += report.get_string("report_uuid") == report_uuid;
  return count;
}

std::vector<std::string> search_reports(const Stack& stack, const std::string& report_uuid) {
  auto response =
      stack.client().request("POST", "/api/v3/report/search", R"({"report_uuid": ")" + report_uuid + R"("})",
                             {"Content-Type: application/json"});
  if (response.status != 200) return {"answered " + std::to_string(response.status)};
  std::vector<std::string> found;
  for (const auto& uuid : response.json().get("uuids").elements()) found.push_back(*uuid.as_string());
  return found;
}

// Client threads that edit the title or subtitle of their report in a loop, each edit with a value of
// its own, and remember every answer.
class EditLoad {
 public:
  EditLoad(const UserSession& user, std::vector<std::string> report_uuids, int threads,
           int edits_per_thread = 0)
      : user_(user), report_uuids_(std::move(report_uuids)), successes_(threads) {
    for (int thread = 0; thread < threads; ++thread) {
      threads_.emplace_back([this, thread, edits_per_thread] {
        for (int edit = 0; !stop_ && (edits_per_thread == 0 || edit < edits_per_thread); ++edit)
          run(thread, edit);
      });
    }
  }
  ~EditLoad() { stop(); }

  // Waits for the threads to end: after their edits, or at once when stopped.
  void join() {
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }
  void stop() {
    stop_ = true;
    join();
  }
  // Waits until every thread has `count` more successful edits than at `since`; false when time is up.
  bool wait_for_successes(const std::vector<int>& since, int count, double seconds) {
    return wait_until(
        [&] {
          for (std::size_t thread = 0; thread < successes_.size(); ++thread) {
            if (successes_[thread] < since[thread] + count) return false;
          }
          return true;
        },
        seconds);
  }
  bool wait_for_failures(int count, double seconds) {
    return wait_until([&] { return failures_ >= count; }, seconds);
  }
  std::vector<int> successes() const {
    std::vector<int> counts;
    for (const auto& count : successes_) counts.push_back(count);
    return counts;
  }
  // Status -> number of answers.
  std::map<long, int> statuses() const {
    std::lock_guard lock(mutex_);
    return statuses_;
  }
  // Report uuid -> the values of its acknowledged edits.
  std::map<std::string, std::vector<std::string>> acknowledged() const {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }

 private:
  void run(int thread, int edit) {
    const std::string& report_uuid = report_uuids_[static_cast<std::size_t>(thread) % report_uuids_.size()];
    const char* field = edit % 2 == 0 ? "title" : "subtitle";
    std::string value = "edit " + std::to_string(thread) + "-" + std::to_string(edit);
    auto response = user_.post("/api/v3/report/" + report_uuid + "/attribute/" + field,
                               attribute(field, json::Value::string(value)));
    std::lock_guard lock(mutex_);
    ++statuses_[response.status];
    if (response.status == 200) {
      acknowledged_[report_uuid].push_back(value);
      ++successes_[static_cast<std::size_t>(thread)];
    } else {
      ++failures_;
    }
  }
  static bool wait_until(const std::function<bool()>& condition, double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  const UserSession& user_;
  std::vector<std::string> report_uuids_;
  std::vector<std::atomic<int>> successes_;
  std::atomic<int> failures_{0};
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::map<long, int> statuses_;
  std::map<std::string, std::vector<std::string>> acknowledged_;
  std::vector<std::thread> threads_;
};

// Every acknowledged edit has its version in the history, with its delta.
void expect_every_acknowledged_edit_stored(db::Database& database, const EditLoad& load) {
  for (const auto& [report_uuid, values] : load.acknowledged()) {
    auto history = history_of(database, report_uuid);
    for (const auto& value : values) {
      bool stored =
          std::any_of(history.descriptions.begin(), history.descriptions.end(), [&](const std::string& text) {
            return text.size() > value.size() + 3 &&
                   text.compare(text.size() - value.size() - 3, std::string::npos, "'" + value + "'.") == 0;
          });
      EXPECT_TRUE(stored) << "acknowledged edit '" << value << "' of report " << report_uuid
                          << " is not in its history";
    }
  }
}

void expect_readable_with_one_latest_version(const Stack& stack, db::Database& database,
                                             const std::string& report_uuid) {
  // First, as the writes left it: reads would retire leftovers themselves.
  EXPECT_EQ(history_of(database, report_uuid).flagged, 1)
      << "versions with last: true of report " << report_uuid;
  EXPECT_EQ(stack.client().get("/api/v3/report/" + report_uuid + "/metric_status_summary").status, 200)
      << report_uuid;
  EXPECT_EQ(times_listed(stack, report_uuid), 1) << report_uuid;
}

std::vector<pid_t> wait_for_workers(Process& master, std::size_t count, pid_t gone, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<pid_t> children;
  while (std::chrono::steady_clock::now() < deadline) {
    children = child_pids(master.pid());
    if (children.size() == count && std::count(children.begin(), children.end(), gone) == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return children;
}

// Report versions written straight into the database, as an interrupted write leaves them.
class ReadRuleTest : public ::testing::Test {
 protected:
  void SetUp() override { stack.wait_until_initialized(); }
  Stack& stack = Stack::shared();
  db::MongoDatabase database = database_of(stack);
  static inline int next_report = 0;

  // Stores the versions of a new report in the given order, all with `last: true`; the _id of each
  // ends in the four hex digits that version() was given.
  std::string store_versions(const std::vector<json::Value>& versions) {
    int report = next_report++;
    std::string report_uuid = "read-rule-" + std::to_string(report);
    char id_prefix[21];
    std::snprintf(id_prefix, sizeof id_prefix, "65e1a7a0%012x", report);
    for (const auto& fields : versions) {
      auto version = fields.deep_copy();
      auto id = json::Value::object();
      id.set("$oid", json::Value::string(id_prefix + fields.get("_id").get_string("$oid")));
      version.set("_id", id);
      version.set("report_uuid", json::Value::string(report_uuid));
      version.set("subjects", json::Value::object());
      version.set("last", json::Value::boolean(true));
      auto delta = json::Value::object();
      delta.set("description", json::Value::string("set up by the test"));
      delta.set("email", json::Value::string(""));
      delta.set("uuids", json::Value::array());
      version.set("delta", delta);
      database.insert_one("reports", version);
    }
    db::note_change(database, db::Cached::kReports);  // as our writers do; see db/read_cache.h
    return report_uuid;
  }
  static json::Value version(const char* timestamp, const char* title, const char* object_id,
                             bool deleted = false) {
    auto fields = json::Value::object();
    auto id = json::Value::object();
    id.set("$oid", json::Value::string(object_id));
    fields.set("_id", id);
    fields.set("timestamp", json::Value::string(timestamp));
    fields.set("title", json::Value::string(title));
    if (deleted) fields.set("deleted", json::Value::string("true"));
    return fields;
  }
  // Reports as interrupted writes leave them, each with an old and a new version flagged: an hour apart,
  // or within one second (the higher ObjectId is the newer), each stored in both orders so that natural
  // order cannot decide.
  std::vector<std::string> interrupted_writes() {
    auto old_one = version("2024-03-01T09:00:00+00:00", "old", "0001");
    auto new_one = version("2024-03-01T10:00:00+00:00", "new", "0002");
    auto old_in_second = version("2024-03-01T10:00:00+00:00", "old", "000a");
    auto new_in_second = version("2024-03-01T10:00:00+00:00", "new", "000b");
    return {store_versions({old_one, new_one}), store_versions({new_one, old_one}),
            store_versions({old_in_second, new_in_second}), store_versions({new_in_second, old_in_second})};
  }
  // An interrupted deletion.
  std::string interrupted_deletion() {
    return store_versions({version("2024-03-01T09:00:00+00:00", "old", "0001"),
                           version("2024-03-01T10:00:00+00:00", "old", "0002", true)});
  }
  json::Value listed(const std::string& path, const std::string& report_uuid) {
    auto response = stack.client().get(path);
    EXPECT_EQ(response.status, 200) << response.body;
    auto found = json::Value::array();
    for (const auto& report : response.json().get("reports").elements()) {
      if (report.get_string("report_uuid") == report_uuid) found.append(report);
    }
    return found;
  }
};

}  // namespace

TEST_F(ReadRuleTest, ReportListShowsTheNewestFlaggedVersionOnce) {
  for (const auto& report_uuid : interrupted_writes()) {
    auto found = listed("/api/v3/report", report_uuid);
    ASSERT_EQ(found.size(), 1u) << report_uuid;
    EXPECT_EQ(found.at(0).get_string("title"), "new");
  }
  EXPECT_EQ(listed("/api/v3/report", interrupted_deletion()).size(), 0u);
}

TEST_F(ReadRuleTest, OneReportIsItsNewestFlaggedVersionAndDeletedWhenThatIsDeleted) {
  for (const auto& report_uuid : interrupted_writes()) {
    auto summary = stack.client().get("/api/v3/report/" + report_uuid + "/metric_status_summary");
    ASSERT_EQ(summary.status, 200);
    EXPECT_EQ(summary.json().get_string("title"), "new");
  }
  std::string deleted = interrupted_deletion();
  EXPECT_EQ(stack.client().get("/api/v3/report/" + deleted + "/metric_status_summary").status, 404);
  UserSession jane(stack, "jadoe", "secret");
  EXPECT_EQ(jane.post("/api/v3/report/" + deleted + "/attribute/title",
                      attribute("title", json::Value::string("x")))
                .status,
            404);
  EXPECT_EQ(history_of(database, deleted).descriptions.size(), 2u) << "a deleted report stays deleted";
}

TEST_F(ReadRuleTest, SearchListsAReportOnce) {
  for (const auto& report_uuid : interrupted_writes()) {
    EXPECT_EQ(search_reports(stack, report_uuid), std::vector<std::string>{report_uuid});
  }
  EXPECT_TRUE(search_reports(stack, interrupted_deletion()).empty());
}

TEST_F(ReadRuleTest, EditStartsFromTheNewestVersionAndLeavesOneFlagged) {
  UserSession jane(stack, "jadoe", "secret");
  for (const auto& report_uuid : interrupted_writes()) {
    ASSERT_EQ(jane.post("/api/v3/report/" + report_uuid + "/attribute/subtitle",
                        attribute("subtitle", json::Value::string("s")))
                  .status,
              200);
    auto history = history_of(database, report_uuid);
    EXPECT_EQ(history.flagged, 1);
    EXPECT_EQ(history.descriptions.back(), "Jane Doe changed the subtitle of report 'new' from '' to 's'.");
    EXPECT_EQ(listed("/api/v3/report", report_uuid).at(0).get_string("title"), "new");
  }
}

TEST_F(ReadRuleTest, ReadersRepairWhatAnInterruptedWriteLeft) {
  std::string report_uuid = interrupted_writes().front();
  ASSERT_EQ(history_of(database, report_uuid).flagged, 2);
  ASSERT_EQ(search_reports(stack, report_uuid).size(), 1u);
  EXPECT_EQ(history_of(database, report_uuid).flagged, 1);
  EXPECT_EQ(listed("/api/v3/report", report_uuid).at(0).get_string("title"), "new");
}

TEST_F(ReadRuleTest, TimeTravelTakesTheNewestVersionAtTheDateInTheOrderOfTheDistinctUuids) {
  std::string deleted_later = store_versions({version("2023-05-01T09:00:00+00:00", "before", "0001"),
                                              version("2023-05-01T11:00:00+00:00", "", "0002", true)});
  std::string edited_later = store_versions({version("2023-05-01T09:00:00+00:00", "before", "0003"),
                                             version("2023-05-01T09:00:00+00:00", "still before", "0004"),
                                             version("2023-05-01T11:00:00+00:00", "after", "0005")});
  std::string deleted_before = store_versions({version("2023-05-01T08:00:00+00:00", "gone", "0006"),
                                               version("2023-05-01T09:00:00+00:00", "", "0007", true)});
  const char* date = "2023-05-01T10:00:00Z";
  EXPECT_EQ(
      listed(std::string("/api/v3/report?report_date=") + date, deleted_later).at(0).get_string("title"),
      "before");
  EXPECT_EQ(listed(std::string("/api/v3/report?report_date=") + date, edited_later).at(0).get_string("title"),
            "still before");
  EXPECT_EQ(listed(std::string("/api/v3/report?report_date=") + date, deleted_before).size(), 0u);

  // The order of the reports is that of the database's distinct report uuids up to the date.
  auto response = stack.client().get(std::string("/api/v3/report?report_date=") + date);
  std::vector<std::string> listed_order;
  for (const auto& report : response.json().get("reports").elements())
    listed_order.push_back(report.get_string("report_uuid"));
  std::vector<std::string> distinct_order;
  for (const auto& uuid :
       database.distinct("reports", "report_uuid",
                         json::Value::parse(R"({"timestamp": {"$lte": "2023-05-01T10:00:00+00:00"}})"))) {
    if (*uuid.as_string() != deleted_before) distinct_order.push_back(*uuid.as_string());
  }
  EXPECT_EQ(listed_order, distinct_order);
}

TEST(ReportVersions, StartUpFlagsTheNewestVersionOfAReportThatV580LeftWithoutOne) {
  // v5.8.0 took `last` off the old version before inserting the new one; when the insert failed, no
  // version was left flagged and every edit answered 404.
  Stack stack({.workers = 1, .threads = 2, .ldap = false, .environment = {}});
  stack.wait_until_initialized();
  auto database = database_of(stack);
  for (const char* version :
       {R"({"report_uuid": "lost", "title": "older", "timestamp": "2024-03-01T09:00:00+00:00"})",
        R"({"report_uuid": "lost", "title": "newest", "timestamp": "2024-03-01T10:00:00+00:00"})"}) {
    database.insert_one("reports", json::Value::parse(version));
  }
  db::note_change(database, db::Cached::kReports);
  ASSERT_EQ(stack.client().get("/api/v3/report/lost/metric_status_summary").status, 404);
  stack.server().stop();
  stack.start_server();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (history_of(database, "lost").flagged == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stack.wait_until_ready();  // the repair is part of the start-up initialisation, served after it
  auto summary = stack.client().get("/api/v3/report/lost/metric_status_summary");
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(summary.json().get_string("title"), "newest");
  EXPECT_EQ(history_of(database, "lost").flagged, 1);
}

// These tests are about the store, not about overload: enough threads that every edit gets an expensive slot.
StackOptions enough_threads() {
  StackOptions options;
  options.threads = 16;
  return options;
}

TEST(ReportVersions, ConcurrentEditsOfOneReportKeepEveryEditAndOneLatestVersion) {
  Stack stack(enough_threads());
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  std::string report_uuid = new_report(jane);
  auto database = database_of(stack);

  // Readers alongside: the report is always there, and listed once.
  std::atomic<bool> editing{true};
  std::atomic<int> reads{0};
  std::vector<std::string> read_problems;
  std::thread reader([&] {
    while (editing) {
      int listed = times_listed(stack, report_uuid);
      auto found = search_reports(stack, report_uuid);
      if (listed != 1 || found.size() != 1) {
        read_problems.push_back("listed " + std::to_string(listed) + " time(s), found " +
                                std::to_string(found.size()));
      }
      ++reads;
    }
  });
  {
    EditLoad load(jane, {report_uuid}, 8, 12);
    load.join();
    editing = false;
    reader.join();
    EXPECT_EQ(load.statuses(), (std::map<long, int>{{200, 96}}))
        << "every edit succeeds: no 404 for a report that exists";
    expect_every_acknowledged_edit_stored(database, load);
  }
  EXPECT_GT(reads.load(), 0);
  EXPECT_TRUE(read_problems.empty()) << read_problems.front();
  expect_readable_with_one_latest_version(stack, database, report_uuid);
  EXPECT_EQ(history_of(database, report_uuid).descriptions.size(), 97u);
}

TEST(ReportVersions, DatabaseOutageDuringEditsAnswers503AndLosesNothingAcknowledged) {
  Stack stack(enough_threads());
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  std::vector<std::string> reports = {new_report(jane), new_report(jane), new_report(jane)};
  {
    EditLoad load(jane, reports, 6);
    ASSERT_TRUE(load.wait_for_successes(std::vector<int>(6, 0), 2, 30));
    stack.stop_database();
    ASSERT_TRUE(load.wait_for_failures(6, 30)) << "edits kept succeeding without a database";
    stack.start_database();
    ASSERT_TRUE(load.wait_for_successes(load.successes(), 2, 60))
        << "edits did not recover after the database came back";
    load.stop();

    auto statuses = load.statuses();
    EXPECT_GT(statuses[503], 0);
    for (const auto& [status, count] : statuses) {
      EXPECT_TRUE(status == 200 || status == 503) << count << " edit(s) answered " << status;
    }
    auto database = database_of(stack);
    expect_every_acknowledged_edit_stored(database, load);
    for (const auto& report_uuid : reports)
      expect_readable_with_one_latest_version(stack, database, report_uuid);
  }
}

TEST(ReportVersions, KilledWorkerDuringEditsLosesNothingAcknowledgedAndIsReplaced) {
  Stack stack(enough_threads());
  stack.wait_until_initialized();
  UserSession jane(stack, "jadoe", "secret");
  std::vector<std::string> reports = {new_report(jane), new_report(jane), new_report(jane)};
  auto workers = wait_for_workers(stack.server(), 2, 0, 10);
  ASSERT_EQ(workers.size(), 2u);
  {
    EditLoad load(jane, reports, 6);
    ASSERT_TRUE(load.wait_for_successes(std::vector<int>(6, 0), 3, 30));
    kill(workers[0], SIGKILL);
    auto replaced = wait_for_workers(stack.server(), 2, workers[0], 10);
    EXPECT_EQ(replaced.size(), 2u) << "the killed worker was not replaced";
    EXPECT_EQ(std::count(replaced.begin(), replaced.end(), workers[0]), 0);
    ASSERT_TRUE(load.wait_for_successes(load.successes(), 3, 30)) << "edits did not go on after the kill";
    load.stop();

    auto statuses = load.statuses();
    // Only the edits in flight in the killed worker (at most one per client thread) may fail.
    EXPECT_LE(statuses[502], 6);
    for (const auto& [status, count] : statuses) {
      EXPECT_TRUE(status == 200 || status == 502) << count << " edit(s) answered " << status;
    }
    auto database = database_of(stack);
    expect_every_acknowledged_edit_stored(database, load);
    for (const auto& report_uuid : reports)
      expect_readable_with_one_latest_version(stack, database, report_uuid);
  }
  EXPECT_NE(stack.server_log().find("killed by signal 9"), std::string::npos);
}

}  // namespace qta::e2e
