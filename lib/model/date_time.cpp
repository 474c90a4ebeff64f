// UTC timestamps and the time-travel parameter rule.
#include "model/date_time.h"

#include <ctime>

namespace qta::model {

std::string iso_timestamp(std::int64_t seconds_since_epoch) {
  std::time_t seconds = static_cast<std::time_t>(seconds_since_epoch);
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &utc);
  return text;
}

std::string iso_timestamp_now() { return iso_timestamp(std::time(nullptr)); }

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

}  // namespace qta::model
