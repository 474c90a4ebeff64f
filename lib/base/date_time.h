#pragma once
// Timestamps as Quality-time stores them: UTC ISO-8601 strings without fractions, "2024-02-20T10:11:12+00:00",
// compared and sorted as strings.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qta::base {

inline constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;

std::string iso_timestamp_now();
std::string iso_timestamp(std::int64_t seconds_since_epoch);
// "YYYY-MM-DD", the UTC date of the moment.
std::string iso_date(std::int64_t seconds_since_epoch);
std::int64_t epoch_seconds_now();

// Seconds since the epoch of an ISO timestamp: a date ("2024-02-20", midnight UTC), or a date and time with
// optional fraction (ignored) and UTC offset ("2024-02-20T10:11:12.5+01:00"); nullopt without a date.
std::optional<std::int64_t> epoch_seconds(const std::string& iso_timestamp);

// v5.8.0's time-travel rule for a query parameter value: every 'Z' becomes "+00:00", and the result is
// used only when it sorts before `now` (an ISO timestamp); otherwise "" (meaning "now").
std::string report_date_time(std::string_view query_value, std::string_view now);

// `iso_timestamp` minus whole days, formatted as Python's isoformat() would: the fraction kept only when
// it is not zero (as six digits), the UTC offset kept. Unparsable input is returned unchanged.
std::string minus_days(const std::string& iso_timestamp, int days);

// Today's date in the server's local time zone, "YYYY-MM-DD" (v5.8.0 uses local dates for end dates).
std::string local_date_today();

}  // namespace qta::base
