#pragma once
// Dates and times as text, formatted and parsed here only. Timestamps are as Quality-time stores them: UTC
// ISO-8601 strings without fractions, "2024-02-20T10:11:12+00:00", compared and sorted as strings.

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

// "YYYY-MM-DDTHH:MM:SS" in UTC, without offset.
std::string utc_date_time(std::int64_t seconds_since_epoch);
// Python's datetime.isoformat() of a UTC time: "2024-02-20T10:11:12+00:00", with microseconds
// (".123000") only when there are any.
std::string python_isoformat(std::int64_t milliseconds_since_epoch);
// An HTTP date (Expires, Last-Modified): "Tue, 20 Feb 2024 10:11:12 GMT".
std::string http_date(std::int64_t seconds_since_epoch);
// "YYYY-MM-DD" in UTC, and "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SS" in the server's local time zone.
std::string utc_date(std::int64_t seconds_since_epoch);
std::string local_date(std::int64_t seconds_since_epoch);
std::string local_date_time(std::int64_t seconds_since_epoch);

// Seconds since the epoch of a UTC date and time of day; nullopt for a date that does not exist
// (2027-02-30) or a time of day out of range. `month` and `day` count from 1.
std::optional<std::int64_t> utc_seconds(int year, int month, int day, int hour = 0, int minute = 0,
                                        int second = 0);

// v5.8.0's time-travel rule for a query parameter value: every 'Z' becomes "+00:00", and the result is
// used only when it sorts before `now` (an ISO timestamp); otherwise "" (meaning "now").
std::string report_date_time(std::string_view query_value, std::string_view now);

// `iso_timestamp` minus whole days, formatted as Python's isoformat() would: the fraction kept only when
// it is not zero (as six digits), the UTC offset kept. Unparsable input is returned unchanged.
std::string minus_days(const std::string& iso_timestamp, int days);

// Today's date in the server's local time zone, "YYYY-MM-DD" (v5.8.0 uses local dates for end dates).
std::string local_date_today();
// The date `days` from now (negative: ago), "YYYY-MM-DD", in the local time zone or in UTC.
std::string local_date_in(long long days);
std::string utc_date_in(long long days);

}  // namespace qta::base
