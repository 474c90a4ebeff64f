// GET /api/v3/datamodel through nginx, and how start-up stores (or keeps) the data model.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "crypto/digest.h"
#include "support/stack.h"

namespace qta::e2e {

namespace {
const std::string kOurDataModel = std::string(QTA_SOURCE_DIR) + "/lib/datamodel/datamodel.json";
}

TEST(DataModel, IsServedWithAnEtagOfItsTimestamp) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  auto response = stack.client().get("/api/v3/datamodel");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "application/json");
  auto model = response.json();
  auto ours = json::Value::parse(read_file(kOurDataModel));
  EXPECT_EQ(model.get("metrics"), ours.get("metrics"));
  EXPECT_EQ(model.get("sources"), ours.get("sources"));
  EXPECT_EQ(model.get_string("_id").size(), 24u);
  std::string timestamp = model.get_string("timestamp");
  ASSERT_FALSE(timestamp.empty());
  EXPECT_EQ(response.header("etag"), crypto::md5_hex(timestamp));
}

TEST(DataModel, MatchingIfNoneMatchGets304WithoutBody) {
  auto& stack = Stack::shared();
  stack.wait_until_initialized();
  auto first = stack.client().get("/api/v3/datamodel");
  auto again = stack.client().get("/api/v3/datamodel", {"If-None-Match: " + first.header("etag")});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto other = stack.client().get("/api/v3/datamodel", {"If-None-Match: 0123"});
  EXPECT_EQ(other.status, 200);
}

TEST(DataModel, ReportDateBeforeAnyDataModelGivesEmptyObject) {
  Stack::shared().wait_until_initialized();
  auto response = Stack::shared().client().get("/api/v3/datamodel?report_date=2001-01-01T00:00:00Z");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "{}");
  EXPECT_TRUE(response.header("etag").empty());
}

TEST(DataModel, RestartStoresNothingNewUnlessTheModelChanged) {
  // A changed copy of our data model, to play "a newer data model file".
  std::string changed_file = std::filesystem::temp_directory_path() / "qta-changed-datamodel.json";
  auto changed = json::Value::parse(read_file(kOurDataModel));
  changed.get("metrics").get("loc").set("description", json::Value::string("Changed for a test."));
  std::ofstream(changed_file) << changed.dump();

  Stack stack;
  stack.wait_until_initialized();
  auto http = stack.client();
  std::string first = http.get("/api/v3/datamodel").json().get_string("timestamp");

  auto initialisations = [&] {
    std::string log = stack.server_log();
    int count = 0;
    for (auto at = log.find("database initialised"); at != std::string::npos;
         at = log.find("database initialised", at + 1)) {
      ++count;
    }
    return count;
  };
  auto restart = [&](std::vector<std::string> environment) {
    int before = initialisations();
    stack.server().stop();
    stack.start_server(std::move(environment));
    // The reports overview exists already, so wait for the initialiser's own word that it is done.
    for (int i = 0; i < 200 && initialisations() == before; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_GT(initialisations(), before);
    stack.wait_until_ready();
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // timestamps have whole seconds
  restart({});
  EXPECT_EQ(http.get("/api/v3/datamodel").json().get_string("timestamp"), first)
      << "unchanged model, no new version";

  restart({"API_SERVER_DATA_MODEL=" + changed_file, "API_SERVER_KEEP_DATABASE_DATA_MODEL=true"});
  auto kept = http.get("/api/v3/datamodel").json();
  EXPECT_EQ(kept.get_string("timestamp"), first) << "the stored data model is kept on request";
  EXPECT_NE(kept.get("metrics").get("loc").get_string("description"), "Changed for a test.");

  restart({"API_SERVER_DATA_MODEL=" + changed_file});
  auto stored = http.get("/api/v3/datamodel").json();
  EXPECT_NE(stored.get_string("timestamp"), first);
  EXPECT_EQ(stored.get("metrics").get("loc").get_string("description"), "Changed for a test.");
  std::string encoded = first.substr(0, first.find('+')) + "%2B00:00";  // '+' in a query string means ' '
  auto older = http.get("/api/v3/datamodel?report_date=" + encoded).json();
  EXPECT_EQ(older.get_string("timestamp"), first) << "time travel finds the earlier version";
  std::filesystem::remove(changed_file);
}

}  // namespace qta::e2e
