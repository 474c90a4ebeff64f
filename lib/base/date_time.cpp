// UTC timestamps and the time-travel parameter rule.
#include "base/date_time.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace qta::base {

std::string iso_timestamp(std::int64_t seconds_since_epoch) {
  std::time_t seconds = static_cast<std::time_t>(seconds_since_epoch);
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &utc);
  return text;
}

std::string iso_timestamp_now() { return iso_timestamp(std::time(nullptr)); }

std::string iso_date(std::int64_t seconds_since_epoch) {
  return iso_timestamp(seconds_since_epoch).substr(0, 10);
}

std::int64_t epoch_seconds_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::optional<std::int64_t> epoch_seconds(const std::string& iso_timestamp) {
  std::tm parts{};
  int offset_hours = 0, offset_minutes = 0;
  if (iso_timestamp.size() < 10 ||
      std::sscanf(iso_timestamp.c_str(), "%4d-%2d-%2d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday) != 3) {
    return std::nullopt;
  }
  if (iso_timestamp.size() >= 19)
    std::sscanf(iso_timestamp.c_str() + 11, "%2d:%2d:%2d", &parts.tm_hour, &parts.tm_min, &parts.tm_sec);
  std::size_t sign = iso_timestamp.find_first_of("+-", 19);
  if (iso_timestamp.size() > 19 && sign != std::string::npos) {
    std::sscanf(iso_timestamp.c_str() + sign + 1, "%2d:%2d", &offset_hours, &offset_minutes);
    if (iso_timestamp[sign] == '-') offset_hours = -offset_hours, offset_minutes = -offset_minutes;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&parts)) - offset_hours * 3600 - offset_minutes * 60;
}

std::string report_date_time(std::string_view query_value, std::string_view now) {
  std::string date;
  for (char c : query_value) {
    if (c == 'Z') {
      date += "+00:00";
    } else {
      date += c;
    }
  }
  return !date.empty() && date < now ? date : std::string();
}

std::string minus_days(const std::string& iso_timestamp, int days) {
  std::tm parts{};
  const char* rest = strptime(iso_timestamp.c_str(), "%Y-%m-%dT%H:%M:%S", &parts);
  if (rest == nullptr) return iso_timestamp;
  std::string fraction;
  if (*rest == '.') {
    ++rest;
    while (*rest >= '0' && *rest <= '9') fraction += *rest++;
  }
  std::string offset = rest;
  std::time_t seconds = timegm(&parts) - static_cast<std::time_t>(days) * 86400;
  std::tm shifted;
  gmtime_r(&seconds, &shifted);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &shifted);
  std::string result = text;
  fraction = (fraction + "000000").substr(0, 6);
  if (fraction != "000000") result += "." + fraction;
  return result + offset;
}

std::string local_date_today() {
  std::time_t now = std::time(nullptr);
  std::tm local;
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

}  // namespace qta::base
