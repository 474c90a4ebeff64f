// Log line formatting and the process-wide level.
#include "base/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>

#include "base/date_time.h"

namespace qta::base {

namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kWarning)};
thread_local std::string t_request_id;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kCritical:
      return "CRITICAL";
  }
  return "?";
}
}  // namespace

bool parse_log_level(std::string_view name, LogLevel& level) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (LogLevel candidate :
       {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError, LogLevel::kCritical}) {
    if (upper == level_name(candidate)) {
      level = candidate;
      return true;
    }
  }
  if (upper == "WARN") {
    level = LogLevel::kWarning;
    return true;
  }
  return false;
}

void set_log_level(LogLevel level) { g_level = static_cast<int>(level); }
bool log_enabled(LogLevel level) {
  return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed);
}
void set_thread_request_id(std::string id) { t_request_id = std::move(id); }

std::string escape_control_characters(std::string_view message) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string escaped;
  escaped.reserve(message.size());
  for (char c : message) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      escaped += c;
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else if (c == '\t') {
      escaped += "\\t";
    } else {
      escaped += "\\x";
      escaped += kHex[byte >> 4];
      escaped += kHex[byte & 0xf];
    }
  }
  return escaped;
}

void write_log(LogLevel level, std::string_view message) noexcept {
  timeval now;
  gettimeofday(&now, nullptr);
  try {
    // Milliseconds: enough to order a request's lines against others (scripts/bench-load relies on it).
    char millis[16];
    std::snprintf(millis, sizeof millis, ".%03dZ ", static_cast<int>(now.tv_usec / 1000));
    std::string line =
        base::utc_date_time(now.tv_sec) + millis + level_name(level) + " [" + std::to_string(getpid()) + "]";
    if (!t_request_id.empty()) line += " [" + escape_control_characters(t_request_id) + "]";
    line += " ";
    line += escape_control_characters(message);
    line += "\n";
    // One write() per line keeps lines from different threads and processes whole.
    ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
  } catch (...) {
    static constexpr char kLost[] = "log line lost: out of memory\n";
    ssize_t ignored = ::write(STDERR_FILENO, kLost, sizeof kLost - 1);
    (void)ignored;
  }
}

}  // namespace qta::base
