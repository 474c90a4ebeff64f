#include "base/date_time.h"

#include <gtest/gtest.h>

#include <ctime>

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

TEST(UtcDateTime, FormatsWithoutOffset) {
  EXPECT_EQ(utc_date_time(0), "1970-01-01T00:00:00");
  EXPECT_EQ(utc_date_time(1708423872), "2024-02-20T10:11:12");
}

TEST(PythonIsoformat, ShowsMicrosecondsOnlyWhenThereAreAny) {
  EXPECT_EQ(python_isoformat(1708423872000), "2024-02-20T10:11:12+00:00");
  EXPECT_EQ(python_isoformat(1708423872123), "2024-02-20T10:11:12.123000+00:00");
  EXPECT_EQ(python_isoformat(1708423872001), "2024-02-20T10:11:12.001000+00:00");
}

TEST(HttpDate, FormatsAsImfFixdate) {
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(1708423872), "Tue, 20 Feb 2024 10:11:12 GMT");
}

TEST(UtcDate, FormatsTheDayOnly) {
  EXPECT_EQ(utc_date(1708423872), "2024-02-20");
  EXPECT_EQ(utc_date(1708473599), "2024-02-20");
  EXPECT_EQ(utc_date(1708473600), "2024-02-21");
}

TEST(LocalDate, IsTheDayOfTheLocalDateTime) {
  // The offset of the local time zone is at most a day: the local date is the UTC date or one next to it.
  std::string date = local_date(1708423872);
  EXPECT_TRUE(date == "2024-02-19" || date == "2024-02-20" || date == "2024-02-21") << date;
  EXPECT_EQ(local_date_time(1708423872).substr(0, 10), date);
  EXPECT_EQ(local_date_time(1708423872).size(), 19u);
  EXPECT_EQ(local_date_today(), local_date_in(0));
}

TEST(DateIn, CountsWholeDaysFromToday) {
  std::time_t now = std::time(nullptr);
  std::string today = utc_date(now);
  std::string in_a_week = utc_date_in(7);
  if (today == utc_date(std::time(nullptr))) {  // not across midnight while the test ran
    EXPECT_EQ(in_a_week, utc_date(now + 7 * 86400));
    EXPECT_EQ(utc_date_in(-1), utc_date(now - 86400));
  }
  EXPECT_LT(local_date_in(-1), local_date_in(0));
  EXPECT_GT(local_date_in(30), local_date_in(0));
}

TEST(UtcSeconds, CountsFromTheEpoch) {
  EXPECT_EQ(utc_seconds(1970, 1, 1), 0);
  EXPECT_EQ(utc_seconds(2024, 2, 20, 10, 11, 12), 1708423872);
  EXPECT_EQ(utc_seconds(2028, 2, 29), utc_seconds(2028, 2, 28).value() + 86400);
}

TEST(UtcSeconds, RefusesDatesAndTimesThatDoNotExist) {
  EXPECT_EQ(utc_seconds(2027, 2, 29), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 4, 31), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 13, 1), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 1, 0), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 1, 1, 24), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 1, 1, 0, 60), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 1, 1, 0, 0, 60), std::nullopt);
  EXPECT_EQ(utc_seconds(2027, 1, 1, -1), std::nullopt);
}

}  // namespace qta::base
