// Log line formatting and the process-wide level.
#include "app/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace qta::app {

namespace {
std::atomic<int> g_level{static_cast<int>(LogLevel::kWarning)};
thread_local std::string t_request_id;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarning: return "WARNING";
    case LogLevel::kError: return "ERROR";
    case LogLevel::kCritical: return "CRITICAL";
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
bool log_enabled(LogLevel level) { return static_cast<int>(level) >= g_level.load(std::memory_order_relaxed); }
void set_thread_request_id(std::string id) { t_request_id = std::move(id); }

void write_log(LogLevel level, std::string_view message) {
  timeval now;
  gettimeofday(&now, nullptr);
  tm utc;
  gmtime_r(&now.tv_sec, &utc);
  char stamp[48];
  std::size_t length = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  // Milliseconds: enough to order a request's lines against others (scripts/bench-load relies on it).
  std::snprintf(stamp + length, sizeof stamp - length, ".%03dZ ", static_cast<int>(now.tv_usec / 1000));
  std::string line = std::string(stamp) + level_name(level) +
                     " [" + std::to_string(getpid()) + "]";
  if (!t_request_id.empty()) line += " [" + t_request_id + "]";
  line += " ";
  line += message;
  line += "\n";
  // One write() per line keeps lines from different threads and processes whole.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace qta::app
