#pragma once
// Desired response times as v5.8.0 has them: how long a metric may keep a status that needs action, and
// how long an entity status set by a user lasts; and the deadlines and overruns that follow from them.
// Each report may configure its own days (`desired_response_times`), per status.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace qta::model {

// A number of days that a client stored: an integer, a real (truncated) or a string of digits, as v5.8.0's
// int() takes them; `fallback` for anything else. Clamped to 100 years either way, so that date arithmetic
// cannot overflow whatever was stored.
long long stored_days(const json::Value& value, long long fallback);

// The days for a metric status: debt_target_met (60 by default), near_target_met (21), target_not_met (7)
// and unknown (3); nullopt for the statuses that need no response (target_met, informative, ...).
std::optional<long long> metric_response_days(const json::Value& report, std::string_view status);

// The days for an entity status: confirmed, false_positive and wont_fix (180 by default) and fixed (7);
// nullopt for the others (unconfirmed, ...).
std::optional<long long> entity_response_days(const json::Value& report, std::string_view status);

// When the metric should have been dealt with (seconds since the epoch): the end date of its accepted
// technical debt, or the start of its current status plus that status's days; nullopt when it has none.
// A metric without status counts as unknown.
std::optional<std::int64_t> response_deadline(const json::Value& metric, const json::Value& report);

// Whole days (rounded) from `now` to the metric's response deadline, 0 once it passed; nullopt without one.
std::optional<long long> days_left(const json::Value& metric, const json::Value& report, std::int64_t now);

// The days (rounded) by which the metric's statuses outlasted their desired response times, over its
// measurements (oldest first) on `scale` that end at or after `period_start`; consecutive measurements
// with the same status count as one stretch, from the first one's start to the last one's end.
long long overrun_days(const std::vector<json::Value>& measurements, const json::Value& report,
                       const std::string& scale, std::int64_t period_start);

}  // namespace qta::model
