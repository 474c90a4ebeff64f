// Measurement values and statuses per scale, after v5.8.0's shared model.
#include "model/measurement.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <vector>

#include "base/date_time.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "model/version_number.h"

namespace qta::model {

namespace {

// A real as a whole number; values beyond the range of long long (1e308 from a client) saturate
// instead of being undefined behaviour.
long long clamped(double number) {
  constexpr double kLimit = 9.2e18;
  return static_cast<long long>(std::clamp(number, -kLimit, kLimit));
}

std::optional<long long> to_int(const json::Value& value) {
  if (auto integer = value.as_integer()) return *integer;
  if (auto number = value.as_number()) return clamped(*number);
  auto text = value.as_string();
  if (!text) return std::nullopt;
  std::string trimmed = *text;
  trimmed.erase(0, trimmed.find_first_not_of(" \t"));
  trimmed.erase(trimmed.find_last_not_of(" \t") + 1);
  if (trimmed.empty()) return std::nullopt;
  char* end = nullptr;
  long long number = std::strtoll(trimmed.c_str(), &end, 10);
  if (*end != '\0') return std::nullopt;
  return number;
}

double to_double(const json::Value& value) {
  if (auto number = value.as_number()) return *number;
  if (auto text = value.as_string()) return std::strtod(text->c_str(), nullptr);
  return 0;
}

std::string metric_direction(const json::Value& metric, const datamodel::DataModel& data_model) {
  if (truthy(metric.get("direction"))) return metric.get_string("direction");
  const auto* type = data_model.metric(metric.get_string("type"));
  return type != nullptr ? type->direction : "<";
}

std::string metric_addition(const json::Value& metric, const datamodel::DataModel& data_model) {
  if (truthy(metric.get("addition"))) return metric.get_string("addition");
  const auto* type = data_model.metric(metric.get_string("type"));
  return type != nullptr ? type->addition : "sum";
}

std::string current_scale(const json::Value& metric, const datamodel::DataModel& data_model) {
  if (truthy(metric.get("scale"))) return metric.get_string("scale");
  const auto* type = data_model.metric(metric.get_string("type"));
  return type != nullptr && !type->default_scale.empty() ? type->default_scale : "count";
}

json::Value target_of(const json::Value& metric, const char* key) {
  auto target = metric.get(key);
  return truthy(target) ? json::Value::string(python_str(target)) : json::Value::null();
}

template <typename T>
T combine(const std::vector<T>& values, const std::string& addition) {
  if (addition == "min") return *std::min_element(values.begin(), values.end());
  if (addition == "max") return *std::max_element(values.begin(), values.end());
  T total{};
  for (const auto& value : values) total += value;
  return total;
}

// The local-time "passed" rule for entity status end dates: midnight of the end date is before now.
bool status_end_date_passed(const json::Value& end_date, const Now& when) {
  if (!truthy(end_date)) return false;
  std::string date = end_date.as_string().value_or("");
  std::string moment = date.size() == 10 ? date + "T00:00:00" : date.substr(0, 19);
  return moment < when.local_date_time;
}

class Evaluator {
 public:
  Evaluator(json::Value& measurement, const json::Value& previous, const json::Value& metric,
            const datamodel::DataModel& data_model, const Now& when)
      : measurement_(measurement),
        previous_(previous),
        metric_(metric),
        data_model_(data_model),
        when_(when) {
    direction_ = metric_direction(metric, data_model);
    addition_ = metric_addition(metric, data_model);
  }

  void run() {
    std::string scale = current_scale(metric_, data_model_);
    auto scale_document = scale_of(scale);
    for (const char* key : {"target", "near_target", "debt_target"})
      scale_document.set(key, target_of(metric_, key));
    const auto* type = data_model_.metric(metric_.get_string("type"));
    std::vector<std::string> scales = type != nullptr ? type->scales : std::vector<std::string>{scale};
    bool usable = sources_exist() && sources_ok();
    for (const auto& each : scales) {
      auto document = scale_of(each);
      document.set("direction", json::Value::string(direction_));
      json::Value value = usable ? calculate_value(each) : json::Value::null();
      document.set("value", value);
      auto status = calculate_status(each, document, value);
      document.set("status", status);
      // The status started earlier when the previous measurement had the same status on this scale.
      auto previous_scale = previous_.get(each);
      if (previous_.present() && python_equal(previous_scale.get("status"), status)) {
        auto start = previous_scale.get("status_start");
        document.set("status_start", truthy(start) ? start : json::Value::null());
      } else {
        document.set("status_start", measurement_.get("start"));
      }
    }
  }

 private:
  json::Value scale_of(const std::string& scale) {
    auto document = measurement_.get(scale);
    if (!document.is_object()) {
      document = json::Value::object();
      measurement_.set(scale, document);
    }
    return document;
  }

  bool sources_exist() const {
    for (const auto& source : measurement_.get("sources").elements()) {
      if (!metric_.get("sources").get(source.get_string("source_uuid")).present()) return false;
    }
    return true;
  }

  bool sources_ok() const {
    auto sources = measurement_.get("sources").elements();
    const auto* type = data_model_.metric(metric_.get_string("type"));
    for (const auto& source : sources) {
      std::string source_type =
          metric_.get("sources").get(source.get_string("source_uuid")).get_string("type");
      if (type == nullptr ||
          std::find(type->sources.begin(), type->sources.end(), source_type) == type->sources.end()) {
        return false;
      }
    }
    if (sources.empty()) return false;
    return std::none_of(sources.begin(), sources.end(), [](const json::Value& source) {
      return truthy(source.get("parse_error")) || truthy(source.get("connection_error"));
    });
  }

  // The value of a source's ignored entities: fixed, false positive or won't fix, unless that status ended.
  long long ignored_value(const json::Value& source) const {
    std::string source_type = metric_.get("sources").get(source.get_string("source_uuid")).get_string("type");
    auto entity_type = data_model_.document()
                           .get("sources")
                           .get(source_type)
                           .get("entities")
                           .get(metric_.get_string("type"));
    std::string measured = entity_type.get_string("measured_attribute");
    std::string attribute_type = "text";
    for (const auto& attribute : entity_type.get("attributes").elements()) {
      if (attribute.get_string("key") == measured) attribute_type = attribute.get_string("type", "text");
    }
    auto user_data = source.get("entity_user_data");
    double total = 0;
    for (const auto& entity : source.get("entities").elements()) {
      auto data = user_data.get(entity.get_string("key"));
      std::string status = data.get_string("status");
      if (status != "fixed" && status != "false_positive" && status != "wont_fix") continue;
      if (status_end_date_passed(data.get("status_end_date"), when_)) continue;
      if (measured.empty()) {
        total += 1;
      } else if (attribute_type == "float") {
        total += to_double(entity.get(measured));
      } else {
        total += static_cast<double>(to_int(entity.get(measured)).value_or(0));
      }
    }
    return clamped(total);
  }

  json::Value calculate_value(const std::string& scale) const {
    auto sources = measurement_.get("sources").elements();
    if (scale == "version_number") {
      std::vector<Version> versions;
      for (const auto& source : sources)
        versions.push_back(parse_or_zero(source.get("value").as_string().value_or("")));
      auto chosen = addition_ == "min" ? *std::min_element(versions.begin(), versions.end())
                                       : *std::max_element(versions.begin(), versions.end());
      return json::Value::string(chosen.str());
    }
    std::vector<long long> values;
    std::vector<long long> totals;
    for (const auto& source : sources) {
      auto value = to_int(source.get("value"));
      if (!value) return json::Value::null();  // the collector stores whole numbers; anything else is unknown
      values.push_back(*value - ignored_value(source));
      auto total = source.get("total");
      totals.push_back(truthy(total) ? to_int(total).value_or(100) : 100);
    }
    if (scale == "count") return json::Value::string(std::to_string(combine(values, addition_)));
    if (addition_ == "sum") {
      return json::Value::string(
          std::to_string(percentage(combine(values, addition_), combine(totals, addition_), direction_)));
    }
    std::vector<long long> percentages;
    for (std::size_t i = 0; i < values.size(); ++i)
      percentages.push_back(percentage(values[i], totals[i], direction_));
    return json::Value::string(std::to_string(combine(percentages, addition_)));
  }

  bool better_or_equal(const std::string& scale, const json::Value& first, const json::Value& second) const {
    bool higher_is_better = direction_ == ">";
    if (scale == "version_number") {
      auto a = parse_or_zero(first.as_string().value_or("0"));
      auto b = parse_or_zero(second.as_string().value_or("0"));
      return higher_is_better ? !(a < b) : !(b < a);
    }
    if (scale == "percentage") {
      double a = truthy(first) ? to_double(first) : 0;
      double b = truthy(second) ? to_double(second) : 0;
      return higher_is_better ? a >= b : a <= b;
    }
    long long a = truthy(first) ? to_int(first).value_or(0) : 0;
    long long b = truthy(second) ? to_int(second).value_or(0) : 0;
    return higher_is_better ? a >= b : a <= b;
  }

  bool all_issues_done() const {
    auto ids = metric_.get("issue_ids");
    if (!ids.is_array() || ids.size() == 0) return false;
    std::size_t with_status = 0;
    bool done = true;
    for (const auto& status : measurement_.get("issue_status").elements()) {
      bool ours = false;
      for (const auto& id : ids.elements()) ours |= id == status.get("issue_id");
      if (!ours) continue;
      ++with_status;
      done &= status.get_string("status_category") == "done";
    }
    return with_status >= ids.size() && done;
  }

  bool debt_target_expired() const {
    bool any_debt_target = false;
    const auto* type = data_model_.metric(metric_.get_string("type"));
    for (const auto& scale : type != nullptr ? type->scales : std::vector<std::string>{}) {
      auto debt_target = measurement_.get(scale).get("debt_target");
      any_debt_target |= debt_target.present() && !debt_target.is_null();
    }
    if (!any_debt_target) return false;
    bool debt_off = !truthy(metric_.get("accept_debt")) || debt_end_date_passed(metric_, when_.local_date);
    return debt_off || all_issues_done();
  }

  json::Value calculate_status(const std::string& scale, const json::Value& document,
                               const json::Value& value) const {
    bool accept_debt = truthy(metric_.get("accept_debt"));
    if (value.is_null()) {
      return accept_debt && !debt_end_date_passed(metric_, when_.local_date)
                 ? json::Value::string("debt_target_met")
                 : json::Value::null();
    }
    auto evaluate = metric_.get("evaluate_targets");
    if (evaluate.present() && !truthy(evaluate)) return json::Value::string("informative");
    auto target = document.get("target");
    auto near_target = document.get("near_target");
    if (better_or_equal(scale, value, target)) return json::Value::string("target_met");
    if (accept_debt && !debt_target_expired() && better_or_equal(scale, value, document.get("debt_target"))) {
      return json::Value::string("debt_target_met");
    }
    if (better_or_equal(scale, target, near_target) && better_or_equal(scale, value, near_target)) {
      return json::Value::string("near_target_met");
    }
    return json::Value::string("target_not_met");
  }

  json::Value& measurement_;
  const json::Value& previous_;
  const json::Value& metric_;
  const datamodel::DataModel& data_model_;
  const Now& when_;
  std::string direction_;
  std::string addition_;
};

}  // namespace

Now now() {
  std::time_t seconds = std::time(nullptr);
  return {base::iso_timestamp(seconds), base::local_date(seconds), base::local_date_time(seconds)};
}

long long percentage(long long numerator, long long denominator, const std::string& direction) {
  if (denominator == 0) return direction == "<" ? 0 : 100;
  // Exact round-half-up (away from zero) of 100 * numerator / denominator.
  bool negative = (numerator < 0) != (denominator < 0);
  long long n = std::llabs(numerator) * 100;
  long long d = std::llabs(denominator);
  long long rounded = (2 * n + d) / (2 * d);
  return negative ? -rounded : rounded;
}

bool debt_end_date_passed(const json::Value& metric, const std::string& local_date) {
  auto end_date = metric.get("debt_end_date");
  if (!truthy(end_date)) return false;
  return local_date > end_date.as_string().value_or("9999-12-31");
}

void update_measurement(json::Value& measurement, const json::Value& previous, const json::Value& metric,
                        const datamodel::DataModel& data_model, const Now& when) {
  Evaluator(measurement, previous, metric, data_model, when).run();
}

json::Value copy_and_recompute(const json::Value& latest, const json::Value& metric,
                               const datamodel::DataModel& data_model, const Now& when) {
  auto copy = latest.deep_copy();
  copy.erase("_id");
  copy.set("start", json::Value::string(when.iso_timestamp));
  copy.set("end", json::Value::string(when.iso_timestamp));
  update_measurement(copy, latest, metric, data_model, when);
  return copy;
}

}  // namespace qta::model
