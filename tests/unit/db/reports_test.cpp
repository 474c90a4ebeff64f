// The read rule of versioned reports: the newest version by (timestamp, _id) wins.
#include "db/reports.h"

#include <gtest/gtest.h>

namespace qta::db {

namespace {
json::Value version(const char* report_uuid, const char* timestamp, const char* object_id) {
  auto id = json::Value::object();
  id.set("$oid", json::Value::string(object_id));
  auto result = json::Value::object();
  result.set("_id", id);
  result.set("report_uuid", json::Value::string(report_uuid));
  result.set("timestamp", json::Value::string(timestamp));
  return result;
}
}  // namespace

TEST(ReportVersions, LaterTimestampWinsThenHigherObjectId) {
  auto early = version("r", "2024-03-01T09:00:00+00:00", "65e1a7a0000000000000000f");
  auto late = version("r", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000001");
  auto late_second_insert = version("r", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000002");
  EXPECT_TRUE(is_newer_version(late, early)) << "the timestamp decides before the ObjectId";
  EXPECT_FALSE(is_newer_version(early, late));
  EXPECT_TRUE(is_newer_version(late_second_insert, late));
  EXPECT_FALSE(is_newer_version(late, late));
}

TEST(ReportVersions, PickNewestKeepsOnePerReportInOrderOfFirstAppearanceAndNamesTheOthers) {
  auto picked = pick_newest_versions({version("b", "2024-03-01T09:00:00+00:00", "65e1a7a00000000000000001"),
                                      version("a", "2024-03-01T09:00:00+00:00", "65e1a7a00000000000000002"),
                                      version("b", "2024-03-01T10:00:00+00:00", "65e1a7a00000000000000003"),
                                      version("b", "2024-03-01T08:00:00+00:00", "65e1a7a00000000000000004")});
  ASSERT_EQ(picked.newest.size(), 2u);
  EXPECT_EQ(picked.newest[0].get_string("report_uuid"), "b");
  EXPECT_EQ(picked.newest[0].get("_id").get_string("$oid"), "65e1a7a00000000000000003");
  EXPECT_EQ(picked.newest[1].get_string("report_uuid"), "a");
  ASSERT_EQ(picked.superseded_ids.size(), 2u);
  EXPECT_EQ(picked.superseded_ids[0].get_string("$oid"), "65e1a7a00000000000000001");
  EXPECT_EQ(picked.superseded_ids[1].get_string("$oid"), "65e1a7a00000000000000004");
}

}  // namespace qta::db
