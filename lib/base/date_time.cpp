// Formatting and parsing dates and times: UTC timestamps, HTTP and local dates, the time-travel rule.
#include "base/date_time.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace qta::base {

namespace {

enum class Zone { kUtc, kLocal };

std::string formatted(std::int64_t seconds_since_epoch, const char* format, Zone zone) {
  std::time_t seconds = static_cast<std::time_t>(seconds_since_epoch);
  std::tm parts;
  if (zone == Zone::kUtc) {
    gmtime_r(&seconds, &parts);
  } else {
    localtime_r(&seconds, &parts);
  }
  char text[64];
  std::strftime(text, sizeof text, format, &parts);
  return text;
}

}  // namespace

std::string iso_timestamp(std::int64_t seconds_since_epoch) {
  return formatted(seconds_since_epoch, "%Y-%m-%dT%H:%M:%S+00:00", Zone::kUtc);
}

std::string iso_timestamp_now() { return iso_timestamp(std::time(nullptr)); }

std::string utc_date_time(std::int64_t seconds_since_epoch) {
  return formatted(seconds_since_epoch, "%Y-%m-%dT%H:%M:%S", Zone::kUtc);
}

std::string python_isoformat(std::int64_t milliseconds_since_epoch) {
  std::string result = utc_date_time(milliseconds_since_epoch / 1000);
  if (milliseconds_since_epoch % 1000 != 0) {
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06lld",
                  static_cast<long long>(milliseconds_since_epoch % 1000) * 1000);
    result += fraction;
  }
  return result + "+00:00";
}

std::string http_date(std::int64_t seconds_since_epoch) {
  return formatted(seconds_since_epoch, "%a, %d %b %Y %H:%M:%S GMT", Zone::kUtc);
}

std::string utc_date(std::int64_t seconds_since_epoch) {
  return formatted(seconds_since_epoch, "%Y-%m-%d", Zone::kUtc);
}

std::string local_date(std::int64_t seconds_since_epoch) {
  return formatted(seconds_since_epoch, "%Y-%m-%d", Zone::kLocal);
}

std::string local_date_time(std::int64_t seconds_since_epoch) {
  return formatted(seconds_since_epoch, "%Y-%m-%dT%H:%M:%S", Zone::kLocal);
}

std::optional<std::int64_t> utc_seconds(int year, int month, int day, int hour, int minute, int second) {
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return std::nullopt;
  std::tm time{};
  time.tm_year = year - 1900;
  time.tm_mon = month - 1;
  time.tm_mday = day;
  time.tm_hour = hour;
  time.tm_min = minute;
  time.tm_sec = second;
  std::tm normalized = time;
  std::time_t seconds = timegm(&normalized);
  // timegm() rolls 2027-02-30 over into March; a date that does not round-trip does not exist.
  if (normalized.tm_mday != time.tm_mday || normalized.tm_mon != time.tm_mon) return std::nullopt;
  return static_cast<std::int64_t>(seconds);
}

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
  std::time_t seconds = timegm(&parts) - static_cast<std::time_t>(days) * kSecondsPerDay;
  std::string result = utc_date_time(seconds);
  fraction = (fraction + "000000").substr(0, 6);
  if (fraction != "000000") result += "." + fraction;
  return result + offset;
}

std::string local_date_today() { return local_date(std::time(nullptr)); }

std::string local_date_in(long long days) {
  return local_date(std::time(nullptr) + static_cast<std::time_t>(days) * kSecondsPerDay);
}

std::string utc_date_in(long long days) {
  return utc_date(std::time(nullptr) + static_cast<std::time_t>(days) * kSecondsPerDay);
}

}  // namespace qta::base
