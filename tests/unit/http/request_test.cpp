// Request parameters that nginx adds: the arrival time ($msec).
#include "http/request.h"

#include <gtest/gtest.h>

namespace qta::http {

namespace {
long long millis(const std::optional<std::chrono::system_clock::time_point>& time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time->time_since_epoch()).count();
}
}  // namespace

TEST(ParseMsec, ReadsNginxMsec) {
  EXPECT_EQ(millis(parse_msec("1700000000.123")), 1700000000123);
  EXPECT_EQ(millis(parse_msec("1700000000.1")), 1700000000100);
  EXPECT_EQ(millis(parse_msec("1700000000")), 1700000000000);
}

TEST(ParseMsec, AnythingElseIsNoTime) {
  for (const char* garbled : {"", ".", ".123", "abc", "1700000000.1234", "1700000000.12x", "-5.000", "1e9",
                              "1700000000,123", " 1700000000.123", "99999999999999999999.000"}) {
    EXPECT_FALSE(parse_msec(garbled)) << garbled;
  }
}

}  // namespace qta::http
