#include "base/log.h"

#include <gtest/gtest.h>

namespace qta::base {

TEST(Log, ControlCharactersAreEscapedSoThatNoValueForgesALine) {
  EXPECT_EQ(escape_control_characters("GET /x\r\n2026-01-01T00:00:00.0Z ERROR forged"),
            "GET /x\\r\\n2026-01-01T00:00:00.0Z ERROR forged");
  EXPECT_EQ(escape_control_characters(std::string("a\0b\tc\x1b[31m\x7f", 11)), "a\\x00b\\tc\\x1b[31m\\x7f");
  EXPECT_EQ(escape_control_characters("caf\xC3\xA9 \xFF stays"), "caf\xC3\xA9 \xFF stays");
}

TEST(Log, AWholeLineIsWrittenWithTheMessageEscaped) {
  testing::internal::CaptureStderr();
  set_log_level(LogLevel::kInfo);
  set_thread_request_id("id\nforged");
  log_warning("query {} failed", "x\r\nERROR forged");
  set_thread_request_id("");
  set_log_level(LogLevel::kWarning);
  std::string written = testing::internal::GetCapturedStderr();
  EXPECT_EQ(written.find('\n'), written.size() - 1) << written;
  EXPECT_NE(written.find("[id\\nforged] query x\\r\\nERROR forged failed"), std::string::npos) << written;
}

}  // namespace qta::base
