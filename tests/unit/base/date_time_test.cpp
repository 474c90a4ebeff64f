#include "base/date_time.h"

#include <gtest/gtest.h>

namespace qta::base {

TEST(IsoTimestamp, FormatsUtcWithoutFractions) {
  EXPECT_EQ(iso_timestamp(0), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(iso_timestamp(1708423872), "2024-02-20T10:11:12+00:00");
}

TEST(IsoDate, IsTheUtcDate) {
  EXPECT_EQ(iso_date(1708423872), "2024-02-20");
  EXPECT_EQ(iso_date(1708473599), "2024-02-20");
  EXPECT_EQ(iso_date(1708473600), "2024-02-21");
}

TEST(EpochSeconds, ReadsDatesAndTimestampsWithOffsets) {
  EXPECT_EQ(epoch_seconds("2024-02-20T10:11:12+00:00"), 1708423872);
  EXPECT_EQ(epoch_seconds("2024-02-20T10:11:12Z"), 1708423872);
  EXPECT_EQ(epoch_seconds("2024-02-20T10:11:12.345+00:00"), 1708423872) << "the fraction does not count";
  EXPECT_EQ(epoch_seconds("2024-02-20T11:41:12+01:30"), 1708423872);
  EXPECT_EQ(epoch_seconds("2024-02-20T08:11:12-02:00"), 1708423872);
  EXPECT_EQ(epoch_seconds("2024-02-20"), 1708387200) << "midnight UTC";
  EXPECT_EQ(epoch_seconds(iso_timestamp(1234567890)), 1234567890);
}

TEST(EpochSeconds, NothingWithoutADate) {
  EXPECT_EQ(epoch_seconds(""), std::nullopt);
  EXPECT_EQ(epoch_seconds("2024-02"), std::nullopt);
  EXPECT_EQ(epoch_seconds("yesterday!"), std::nullopt);
}

TEST(ReportDateTime, ReplacesZAndAcceptsOnlyThePast) {
  std::string now = "2024-02-20T10:11:12+00:00";
  EXPECT_EQ(report_date_time("2023-05-01T21:59:59.000Z", now), "2023-05-01T21:59:59.000+00:00");
  EXPECT_EQ(report_date_time("2030-01-01T00:00:00Z", now), "");
  EXPECT_EQ(report_date_time("", now), "");
  EXPECT_EQ(report_date_time("garbage", now), "") << "sorts after digits, so it counts as the future";
}

}  // namespace qta::base
