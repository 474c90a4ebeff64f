#pragma once
// Logging to stderr (the journal under systemd, the terminal locally): one line per event with time,
// level, process id and the id of the request the calling thread is serving.
//
// Messages use "{}" placeholders filled in order: log_info("served {} in {} ms", path, ms). Control
// characters in a message (a decoded CR LF from a client, say) are written escaped ("\r\n", "\x1b"),
// so that every event is one line and no value can forge another. Logging never throws.

#include <sstream>
#include <string>
#include <string_view>

namespace qta::base {

enum class LogLevel { kDebug = 10, kInfo = 20, kWarning = 30, kError = 40, kCritical = 50 };

// Parses Python logging level names ("DEBUG", "info", "WARNING", ...); nullopt-like fallback: false.
bool parse_log_level(std::string_view name, LogLevel& level);
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);
void write_log(LogLevel level, std::string_view message) noexcept;
// The message as write_log puts it on its line: control characters and DEL escaped.
std::string escape_control_characters(std::string_view message);

// The request id shown in this thread's log lines; empty outside requests.
void set_thread_request_id(std::string id);

namespace detail {
inline void format_into(std::ostringstream& out, std::string_view pattern) { out << pattern; }
template <typename First, typename... Rest>
void format_into(std::ostringstream& out, std::string_view pattern, const First& first, const Rest&... rest) {
  std::size_t slot = pattern.find("{}");
  if (slot == std::string_view::npos) {
    out << pattern;
    return;
  }
  out << pattern.substr(0, slot) << first;
  format_into(out, pattern.substr(slot + 2), rest...);
}
}  // namespace detail

template <typename... Args>
std::string format(std::string_view pattern, const Args&... args) {
  std::ostringstream out;
  detail::format_into(out, pattern, args...);
  return out.str();
}

template <typename... Args>
void log(LogLevel level, std::string_view pattern, const Args&... args) noexcept {
  if (!log_enabled(level)) return;
  try {
    write_log(level, format(pattern, args...));
  } catch (...) {
    write_log(level, pattern);  // formatting ran out of memory: the pattern still tells what happened
  }
}
template <typename... Args>
void log_debug(std::string_view pattern, const Args&... args) noexcept {
  log(LogLevel::kDebug, pattern, args...);
}
template <typename... Args>
void log_info(std::string_view pattern, const Args&... args) noexcept {
  log(LogLevel::kInfo, pattern, args...);
}
template <typename... Args>
void log_warning(std::string_view pattern, const Args&... args) noexcept {
  log(LogLevel::kWarning, pattern, args...);
}
template <typename... Args>
void log_error(std::string_view pattern, const Args&... args) noexcept {
  log(LogLevel::kError, pattern, args...);
}

}  // namespace qta::base
