// Desired response times per status, response deadlines and overruns.
#include "model/desired_response_times.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "base/date_time.h"

namespace qta::model {

namespace {

// v5.8.0's defaults (the API server's report model and the frontend's defaults.js agree).
const std::map<std::string, long long, std::less<>> kMetricDefaults{
    {"debt_target_met", 60}, {"near_target_met", 21}, {"target_not_met", 7}, {"unknown", 3}};
const std::map<std::string, long long, std::less<>> kEntityDefaults{
    {"confirmed", 180}, {"false_positive", 180}, {"wont_fix", 180}, {"fixed", 7}};

std::optional<long long> configured_days(const std::map<std::string, long long, std::less<>>& defaults,
                                         const json::Value& report, std::string_view status) {
  auto found = defaults.find(status);
  if (found == defaults.end()) return std::nullopt;
  return stored_days(report.get("desired_response_times").get(status), found->second);
}

std::string status_or_unknown(std::string status) { return status.empty() ? "unknown" : status; }

}  // namespace

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

std::optional<long long> metric_response_days(const json::Value& report, std::string_view status) {
  return configured_days(kMetricDefaults, report, status);
}

std::optional<long long> entity_response_days(const json::Value& report, std::string_view status) {
  return configured_days(kEntityDefaults, report, status);
}

std::optional<std::int64_t> response_deadline(const json::Value& metric, const json::Value& report) {
  std::string status = status_or_unknown(metric.get_string("status", "unknown"));
  if (status == "debt_target_met") return base::epoch_seconds(metric.get_string("debt_end_date"));
  auto days = metric_response_days(report, status);
  auto start = base::epoch_seconds(metric.get_string("status_start"));
  if (!days || !start) return std::nullopt;
  return *start + *days * base::kSecondsPerDay;
}

std::optional<long long> days_left(const json::Value& metric, const json::Value& report, std::int64_t now) {
  auto deadline = response_deadline(metric, report);
  if (!deadline) return std::nullopt;
  return std::llround(std::max<double>(0, static_cast<double>(*deadline - now)) / base::kSecondsPerDay);
}

long long overrun_days(const std::vector<json::Value>& measurements, const json::Value& report,
                       const std::string& scale, std::int64_t period_start) {
  std::int64_t total = 0;
  std::string previous_status;
  std::int64_t stretch_start = 0, stretch_end = 0;
  auto close_stretch = [&] {
    auto days = metric_response_days(report, previous_status);
    if (days) total += std::max<std::int64_t>(0, stretch_end - stretch_start - *days * base::kSecondsPerDay);
  };
  for (const auto& measurement : measurements) {
    auto end = base::epoch_seconds(measurement.get_string("end"));
    auto start = base::epoch_seconds(measurement.get_string("start"));
    if (!start || !end || *end < period_start) continue;
    std::string status = status_or_unknown(measurement.get(scale).get_string("status", "unknown"));
    if (status == previous_status) {
      stretch_end = *end;
      continue;
    }
    close_stretch();
    previous_status = status;
    stretch_start = *start;
    stretch_end = *end;
  }
  close_stretch();
  return std::llround(static_cast<double>(total) / base::kSecondsPerDay);
}

}  // namespace qta::model
