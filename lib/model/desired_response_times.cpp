// Desired response times as a client stores them in a report.
#include "model/desired_response_times.h"

#include <algorithm>
#include <cstdlib>

namespace qta::model {

long long stored_days(const json::Value& value, long long fallback) {
  constexpr long long kLimit = 36525;
  double days = static_cast<double>(fallback);
  if (auto integer = value.as_integer()) {
    days = static_cast<double>(*integer);
  } else if (auto real = value.as_number()) {
    days = *real;
  } else if (auto text = value.as_string()) {
    char* end = nullptr;
    long long parsed = std::strtoll(text->c_str(), &end, 10);
    if (!text->empty() && *end == '\0') days = static_cast<double>(parsed);
  }
  return static_cast<long long>(std::clamp(days, -static_cast<double>(kLimit), static_cast<double>(kLimit)));
}

}  // namespace qta::model
