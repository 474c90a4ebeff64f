#pragma once
// Desired response times as a client stores them in a report.

#include "json/json.h"

namespace qta::model {
// A number of days that a client stored (desired response times): an integer, a real (truncated) or a
// string of digits, as v5.8.0's int() takes them; `fallback` for anything else. Clamped to 100 years
// either way, so that date arithmetic cannot overflow whatever was stored.
long long stored_days(const json::Value& value, long long fallback);

}  // namespace qta::model
