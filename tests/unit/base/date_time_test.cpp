#include "base/date_time.h"

#include <gtest/gtest.h>

namespace qta::base {

TEST(IsoTimestamp, FormatsUtcWithoutFractions) {
  EXPECT_EQ(iso_timestamp(0), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(iso_timestamp(1708423872), "2024-02-20T10:11:12+00:00");
}

TEST(ReportDateTime, ReplacesZAndAcceptsOnlyThePast) {
  std::string now = "2024-02-20T10:11:12+00:00";
  EXPECT_EQ(report_date_time("2023-05-01T21:59:59.000Z", now), "2023-05-01T21:59:59.000+00:00");
  EXPECT_EQ(report_date_time("2030-01-01T00:00:00Z", now), "");
  EXPECT_EQ(report_date_time("", now), "");
  EXPECT_EQ(report_date_time("garbage", now), "") << "sorts after digits, so it counts as the future";
}

}  // namespace qta::base
