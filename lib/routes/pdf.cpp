// PDF export routes: the report and the reports overview as printable PDF, with the frontend's view settings.
// This file reads the query parameters and the database into a pdf::PrintJob; lib/pdf draws it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <regex>
#include <set>

#include "db/measurements.h"
#include "db/reports.h"
#include "db/reports_overviews.h"
#include "http/error.h"
#include "metrics/metrics.h"
#include "model/credentials.h"
#include "base/date_time.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "model/summary.h"
#include "pdf/html_text.h"
#include "pdf/report_document.h"
#include "routes/handlers.h"
#include "routes/pdf_settings.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {

constexpr std::int64_t kSecondsPerDay = 24 * 60 * 60;
// Bounds that keep one PDF from occupying a worker thread for long.
constexpr std::size_t kMaxMetrics = 3000;
constexpr std::size_t kMaxExpandedMetrics = 50;
constexpr std::size_t kMaxEntities = 100;
constexpr std::size_t kMaxChanges = 10;
constexpr std::size_t kMaxGraphPoints = 400;
constexpr int kFirstHistoryTab = 5;  // the trend graph (or, for version numbers, the first entity tab) on

[[noreturn]] void bad_parameter(const std::string& name, const std::string& value,
                                const std::string& expected) {
  throw http::Error(http::ErrorCode::kBadRequest, "Invalid value '" + value + "' for the parameter " + name +
                                                      ": expected " + expected + ".");
}

// The parameter under its own name or, as the frontend names its settings per report, `<name>_<report_uuid>`.
// Returns the name used and the value.
std::optional<std::pair<std::string, std::string>> setting(const http::Request& request, const std::string& name,
                                                           const std::string& report_uuid) {
  if (auto value = request.query(name)) return std::pair{name, *value};
  if (!report_uuid.empty()) {
    std::string suffixed = name + "_" + report_uuid;
    if (auto value = request.query(suffixed)) return std::pair{suffixed, *value};
  }
  return std::nullopt;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

int integer_setting(const std::pair<std::string, std::string>& given, int low, int high,
                    const std::string& expected) {
  const auto& [name, value] = given;
  if (value.empty() || value.size() > 3 ||
      !std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; })) {
    bad_parameter(name, value, expected);
  }
  int number = std::stoi(value);
  if (number < low || number > high) bad_parameter(name, value, expected);
  return number;
}

bool boolean_setting(const std::pair<std::string, std::string>& given) {
  if (given.second == "true") return true;
  if (given.second == "false") return false;
  bad_parameter(given.first, given.second, "true or false");
}

// The report date as v5.8.0's time travel takes it; a bare date means the end of that day.
std::string report_date_setting(const std::pair<std::string, std::string>& given) {
  static const std::regex kIsoDate(
      R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)");
  if (!std::regex_match(given.second, kIsoDate))
    bad_parameter(given.first, given.second, "a date as YYYY-MM-DD");
  std::string value = given.second.size() == 10 ? given.second + "T23:59:59+00:00" : given.second;
  return base::report_date_time(value, base::iso_timestamp_now());
}

}  // namespace

PrintSettings read_print_settings(const http::Request& request, const std::string& report_uuid) {
  PrintSettings settings;
  settings.metrics_to_hide = report_uuid.empty() ? "all" : "none";  // the frontend's defaults
  if (auto given = setting(request, "metrics_to_hide", report_uuid)) {
    if (given->second != "none" && given->second != "no_action_needed" && given->second != "all") {
      bad_parameter(given->first, given->second, "none, no_action_needed or all");
    }
    settings.metrics_to_hide = given->second;
  }
  if (auto given = setting(request, "hidden_columns", report_uuid)) {
    for (const auto& column : split_list(given->second)) {
      if (std::ranges::find(pdf::kColumnNames, column) == pdf::kColumnNames.end()) {
        bad_parameter(
            given->first, given->second,
            "a comma-separated list of trend, status, measurement, delta, target, unit, source, time_left, "
            "overrun, comment, issues and tags");
      }
      settings.hidden_columns.insert(column);
    }
  }
  if (auto given = setting(request, "hidden_tags", report_uuid)) {
    for (const auto& tag : split_list(given->second)) settings.hidden_tags.insert(tag);
  }
  auto tabs = setting(request, "tabs", report_uuid);
  if (!tabs) tabs = setting(request, "expanded", report_uuid);
  if (tabs) {
    static const std::regex kTab(R"(([0-9A-Za-z-]+)(:(\d{1,2}))?)");
    for (const auto& item : split_list(tabs->second)) {
      std::smatch match;
      if (!std::regex_match(item, match, kTab)) {
        bad_parameter(tabs->first, tabs->second, "a comma-separated list of <metric_uuid>:<tab_index>");
      }
      settings.tabs.emplace_back(match[1].str(), match[3].matched ? std::stoi(match[3].str()) : 0);
    }
  }
  if (auto given = setting(request, "nr_dates", report_uuid)) {
    settings.nr_dates = integer_setting(*given, 1, 7, "a whole number from 1 to 7");
  }
  if (auto given = setting(request, "date_interval", report_uuid)) {
    settings.date_interval = integer_setting(*given, 1, 28, "1, 7, 14, 21 or 28");
    if (settings.date_interval != 1 && settings.date_interval % 7 != 0) {
      bad_parameter(given->first, given->second, "1, 7, 14, 21 or 28");
    }
  }
  if (auto given = setting(request, "date_order", report_uuid)) {
    if (given->second != "ascending" && given->second != "descending") {
      bad_parameter(given->first, given->second, "ascending or descending");
    }
    settings.date_order = given->second;
  }
  if (auto given = setting(request, "sort_column", report_uuid)) {
    static const std::set<std::string, std::less<>> kSortable{"",        "name",    "status", "measurement",
                                                              "target",  "unit",    "source", "time_left",
                                                              "overrun", "comment", "issues", "tags"};
    if (!kSortable.contains(given->second)) bad_parameter(given->first, given->second, "a column name");
    settings.sort_column = given->second;
  }
  if (auto given = setting(request, "sort_direction", report_uuid)) {
    if (given->second != "ascending" && given->second != "descending") {
      bad_parameter(given->first, given->second, "ascending or descending");
    }
    settings.sort_direction = given->second;
  }
  if (auto given = setting(request, "show_issue_summary", report_uuid))
    settings.show_issue_summary = boolean_setting(*given);
  if (auto given = setting(request, "show_issue_creation_date", report_uuid)) {
    settings.show_issue_creation_date = boolean_setting(*given);
  }
  if (auto given = setting(request, "show_issue_update_date", report_uuid)) {
    settings.show_issue_update_date = boolean_setting(*given);
  }
  if (auto given = setting(request, "show_issue_due_date", report_uuid))
    settings.show_issue_due_date = boolean_setting(*given);
  if (auto given = setting(request, "report_date", report_uuid))
    settings.report_date = report_date_setting(*given);
  if (auto given = request.query("report_url")) {
    if (given->size() > 2000)
      bad_parameter("report_url", given->substr(0, 40) + "...", "a URL of at most 2000 characters");
    settings.report_url = *given;
  }
  return settings;
}

namespace {

// Seconds since the epoch of an ISO timestamp ("2024-02-20T10:11:12+00:00", fractions and offsets allowed).
std::optional<std::int64_t> epoch_seconds(const std::string& iso) {
  std::tm parts{};
  int offset_hours = 0, offset_minutes = 0;
  if (iso.size() < 10 ||
      std::sscanf(iso.c_str(), "%4d-%2d-%2d", &parts.tm_year, &parts.tm_mon, &parts.tm_mday) != 3) {
    return std::nullopt;
  }
  if (iso.size() >= 19)
    std::sscanf(iso.c_str() + 11, "%2d:%2d:%2d", &parts.tm_hour, &parts.tm_min, &parts.tm_sec);
  std::size_t sign = iso.find_first_of("+-", 19);
  if (iso.size() > 19 && sign != std::string::npos) {
    std::sscanf(iso.c_str() + sign + 1, "%2d:%2d", &offset_hours, &offset_minutes);
    if (iso[sign] == '-') offset_hours = -offset_hours, offset_minutes = -offset_minutes;
  }
  parts.tm_year -= 1900;
  parts.tm_mon -= 1;
  return static_cast<std::int64_t>(timegm(&parts)) - offset_hours * 3600 - offset_minutes * 60;
}

std::string date_of(std::int64_t seconds) { return base::iso_timestamp(seconds).substr(0, 10); }
std::string minute_of(std::int64_t seconds) {
  std::string iso = base::iso_timestamp(seconds);
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string plural_days(long long days) { return std::to_string(days) + (days == 1 ? " day" : " days"); }

std::optional<double> number(const json::Value& value) {
  if (auto numeric = value.as_number()) return numeric;
  auto text = value.as_string();
  if (!text || text->empty()) return std::nullopt;
  try {
    std::size_t used = 0;
    double parsed = std::stod(*text, &used);
    if (used == text->size()) return parsed;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::string value_text(const json::Value& value) {
  if (!value.present() || value.is_null()) return "";
  return model::python_str(value);
}

// v5.8.0's default desired response times in days, per status.
int desired_response_days(const json::Value& report, const std::string& status) {
  static const std::map<std::string, int> kDefaults{
      {"debt_target_met", 60}, {"near_target_met", 21}, {"target_not_met", 7}, {"unknown", 3}};
  auto configured = report.get("desired_response_times").get(status);
  if (auto days = number(configured)) return static_cast<int>(std::clamp(*days, -36525.0, 36525.0));  // see stored_days
  return kDefaults.at(status);
}

// Everything one request needs to describe the metrics of its reports.
struct Gathered {
  Context& context;
  const PrintSettings& settings;
  std::shared_ptr<const datamodel::DataModel> data_model;
  model::MeasurementsByMetric measurements{};  // over the whole period the columns need, oldest first
  model::MeasurementsByMetric histories{};     // all measurements of the metrics with a history tab open
  std::int64_t base_seconds = 0;               // the (newest) date of the data
  std::vector<std::int64_t> dates{};           // column dates in display order
};

// The measurement of the metric in force on `date` (YYYY-MM-DD): the newest one that covers the date.
json::Value measurement_on(const std::vector<json::Value>& measurements, const std::string& date) {
  for (auto measurement = measurements.rbegin(); measurement != measurements.rend(); ++measurement) {
    std::string start = measurement->get_string("start").substr(0, 10);
    std::string end = measurement->get_string("end").substr(0, 10);
    if (start <= date && date <= end) return *measurement;
  }
  return json::Value();
}

std::string shown_value(const json::Value& measurement, const std::string& scale) {
  auto value = measurement.get(scale).get("value");
  std::string text = value.present() && !value.is_null() && value_text(value) != "" ? value_text(value) : "?";
  return text == "?" || scale != "percentage" ? text : text + "%";
}

std::string delta(const json::Value& newer, const json::Value& older, const std::string& scale) {
  auto new_value = number(newer.get(scale).get("value"));
  auto old_value = number(older.get(scale).get("value"));
  if (!new_value || !old_value) return "";
  double change = *new_value - *old_value;
  char formatted[32];
  std::snprintf(formatted, sizeof formatted, "%+g", change);
  std::string text = formatted;
  if (change == 0) text = "0";
  return scale == "percentage" && change != 0 ? text + "%" : text;
}

std::string time_left(const json::Value& metric, const json::Value& report, std::int64_t now) {
  std::string status = metric.get_string("status", "unknown");
  if (status.empty()) status = "unknown";
  std::optional<std::int64_t> deadline;
  if (status == "debt_target_met") {
    if (auto end = epoch_seconds(metric.get_string("debt_end_date"))) deadline = *end;
  } else if (status == "near_target_met" || status == "target_not_met" || status == "unknown") {
    if (auto start = epoch_seconds(metric.get_string("status_start"))) {
      deadline = *start + desired_response_days(report, status) * kSecondsPerDay;
    }
  }
  if (!deadline) return "";
  auto days = std::llround(std::max<double>(0, static_cast<double>(*deadline - now)) / kSecondsPerDay);
  return plural_days(days);
}

// The days by which the metric overran its desired response times in the period of the columns.
std::string overrun(const std::vector<json::Value>& measurements, const json::Value& report,
                    const std::string& scale, std::int64_t period_start) {
  std::int64_t total = 0;
  std::string previous_status;
  std::int64_t run_start = 0, run_end = 0;
  auto close_run = [&] {
    if (previous_status.empty() || previous_status == "target_met" || previous_status == "informative")
      return;
    std::int64_t desired = desired_response_days(report, previous_status) * kSecondsPerDay;
    total += std::max<std::int64_t>(0, run_end - run_start - desired);
  };
  for (const auto& measurement : measurements) {
    auto end = epoch_seconds(measurement.get_string("end"));
    auto start = epoch_seconds(measurement.get_string("start"));
    if (!start || !end || *end < period_start) continue;
    std::string status = measurement.get(scale).get_string("status", "unknown");
    if (status.empty()) status = "unknown";
    if (status == previous_status) {
      run_end = *end;
      continue;
    }
    close_run();
    previous_status = status;
    run_start = *start;
    run_end = *end;
  }
  close_run();
  auto days = std::llround(static_cast<double>(total) / kSecondsPerDay);
  return days == 0 ? "" : plural_days(days);
}

std::string direction_sign(const json::Value& metric, const datamodel::MetricType* type) {
  std::string direction = metric.get_string("direction");
  if (direction.empty() && type != nullptr) direction = type->direction;
  if (direction == "<" || direction == "≦") return "≦";
  if (direction == ">" || direction == "≧") return "≧";
  return "";
}

std::vector<std::string> issues(const json::Value& metric, const PrintSettings& settings) {
  std::vector<std::string> lines;
  for (const auto& id : metric.get("issue_ids").elements()) {
    std::string issue_id = value_text(id);
    std::string line = issue_id;
    for (const auto& status : metric.get("issue_status").elements()) {
      if (status.get_string("issue_id") != issue_id) continue;
      if (status.get("connection_error").present() && !status.get("connection_error").is_null())
        line += " (error)";
      std::string name = status.get_string("name");
      line += ": " + (name.empty() ? std::string("?") : name);
      if (settings.show_issue_summary && !status.get_string("summary").empty())
        line += "; " + status.get_string("summary");
      if (settings.show_issue_creation_date && !status.get_string("created").empty()) {
        line += "; created " + status.get_string("created").substr(0, 10);
      }
      if (settings.show_issue_update_date && !status.get_string("updated").empty()) {
        line += "; updated " + status.get_string("updated").substr(0, 10);
      }
      if (settings.show_issue_due_date && !status.get_string("duedate").empty()) {
        line += "; due " + status.get_string("duedate").substr(0, 10);
      }
    }
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> sorted_tags(const json::Value& metric) {
  std::vector<std::string> tags;
  for (const auto& tag : metric.get("tags").elements()) tags.push_back(value_text(tag));
  std::ranges::sort(tags);
  return tags;
}

// A metric is out of view when it has tags and all of them are hidden.
bool hidden_by_tags(const json::Value& metric, const PrintSettings& settings) {
  if (settings.hidden_tags.empty()) return false;
  auto tags = sorted_tags(metric);
  return !tags.empty() &&
         std::ranges::all_of(tags, [&](const auto& tag) { return settings.hidden_tags.contains(tag); });
}

bool needs_no_action(const json::Value& metric) {
  std::string status = metric.get_string("status");
  return status == "target_met" || status == "debt_target_met" || status == "informative";
}

pdf::MetricDetail configuration_tab(const json::Value& metric, const datamodel::DataModel& data_model) {
  const auto* type = data_model.metric(metric.get_string("type"));
  pdf::MetricDetail detail{.title = "Configuration"};
  std::string scale = metric.get_string("scale");
  detail.fields = {
      {"Metric type", type ? type->name : metric.get_string("type")},
      {"Metric name", model::metric_name(metric, data_model)},
      {"Metric scale", scale},
      {"Metric direction", direction_sign(metric, type) == "≦" ? "≦ Fewer is better" : "≧ More is better"},
      {"Metric target", direction_sign(metric, type) + " " + metric.get_string("target", "0")},
      {"Metric near target", direction_sign(metric, type) + " " + metric.get_string("near_target", "0")},
      {"Evaluate targets", metric.get("evaluate_targets").as_boolean().value_or(true) ? "Yes" : "No"},
      {"Metric unit", metric.get_string("unit").empty() && type ? type->unit : metric.get_string("unit")},
      {"Metric tags", [&] {
         std::string joined;
         for (const auto& tag : sorted_tags(metric)) joined += (joined.empty() ? "" : ", ") + tag;
         return joined;
       }()}};
  return detail;
}

pdf::MetricDetail debt_tab(const json::Value& metric) {
  pdf::MetricDetail detail{.title = "Technical debt"};
  std::string ids;
  for (const auto& id : metric.get("issue_ids").elements()) ids += (ids.empty() ? "" : ", ") + value_text(id);
  detail.fields = {{"Accept technical debt", model::truthy(metric.get("accept_debt")) ? "Yes" : "No"},
                   {"Technical debt target", value_text(metric.get("debt_target"))},
                   {"Technical debt end date", value_text(metric.get("debt_end_date"))},
                   {"Issue identifiers", ids}};
  return detail;
}

pdf::MetricDetail sources_tab(const json::Value& metric, const datamodel::DataModel& data_model) {
  pdf::MetricDetail detail{.title = "Sources", .table_header = {"Source", "Source type", "Parameters"}};
  for (const auto& [source_uuid, source] : metric.get("sources").items()) {
    std::string parameters;
    for (const auto& [key, value] : source.get("parameters").items()) {
      if (!model::truthy(value)) continue;
      std::string shown = value.as_string() == model::kHiddenCredentials ? "(hidden)" : value_text(value);
      const auto* type = data_model.source(source.get_string("type"));
      const auto* parameter = type ? type->parameter(key) : nullptr;
      parameters += (parameters.empty() ? "" : "\n") + (parameter ? parameter->name : key) + ": " + shown;
    }
    std::string name = source.get_string("name");
    detail.table_rows.push_back({name.empty() ? model::source_type_name(source, data_model) : name,
                                 model::source_type_name(source, data_model), parameters});
  }
  if (detail.table_rows.empty()) detail.note = "No sources have been configured yet.";
  return detail;
}

pdf::MetricDetail changelog_tab(Gathered& gathered, const std::string& metric_uuid) {
  pdf::MetricDetail detail{.title = "Changelog", .table_header = {"Date", "Change"}};
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& document : db::report_changes(gathered.context.database, metric_uuid, kMaxChanges * 2)) {
    changes.emplace_back(document.get_string("timestamp"), document.get("delta").get_string("description"));
  }
  for (const auto& document : db::measurement_changes(gathered.context.database, metric_uuid, kMaxChanges)) {
    changes.emplace_back(document.get_string("start"), document.get("delta").get_string("description"));
  }
  std::ranges::stable_sort(changes, std::greater<>{}, &std::pair<std::string, std::string>::first);
  const std::string& until = gathered.settings.report_date;
  for (const auto& [timestamp, description] : changes) {
    if (!until.empty() && timestamp > until) continue;  // time travel: not yet happened
    if (detail.table_rows.size() == kMaxChanges) break;
    detail.table_rows.push_back({timestamp.substr(0, 10) + " " + timestamp.substr(11, 5), description});
  }
  if (detail.table_rows.empty()) detail.note = "No changes.";
  return detail;
}

// The trend graph and the entity tabs need the metric's measurement history, read only for expanded metrics.
std::optional<pdf::MetricDetail> history_tab(Gathered& gathered, const json::Value& metric,
                                             const std::string& metric_uuid, int index) {
  const auto& data_model = *gathered.data_model;
  auto found = gathered.histories.find(metric_uuid);
  if (found == gathered.histories.end() || found->second.empty()) return std::nullopt;
  const auto& history = found->second;
  std::string scale = metric.get_string("scale");
  int next = kFirstHistoryTab;
  if (scale != "version_number") {
    if (index == next) {
      pdf::MetricDetail detail{.title = "Trend graph"};
      std::size_t first = history.size() > kMaxGraphPoints ? history.size() - kMaxGraphPoints : 0;
      for (std::size_t each = first; each < history.size(); ++each) {
        if (auto value = number(history[each].get(scale).get("value"))) {
          detail.graph.emplace_back(history[each].get_string("end").substr(0, 10), *value);
        }
      }
      if (detail.graph.empty()) detail.note = "No numeric measurements to show.";
      return detail;
    }
    ++next;
  }
  const json::Value& latest = history.back();
  for (const auto& measured : latest.get("sources").elements()) {
    auto source = metric.get("sources").get(measured.get_string("source_uuid"));
    auto entities = measured.get("entities");
    if (!source.present() || entities.size() == 0) continue;
    if (index != next++) continue;
    std::string name = source.get_string("name");
    pdf::MetricDetail detail{.title = name.empty() ? model::source_type_name(source, data_model) : name};
    auto attributes = data_model.document()
                          .get("sources")
                          .get(source.get_string("type"))
                          .get("entities")
                          .get(metric.get_string("type"))
                          .get("attributes");
    std::vector<std::string> keys;
    for (const auto& attribute : attributes.elements()) {
      if (keys.size() == 6) break;
      keys.push_back(attribute.get_string("key"));
      detail.table_header.push_back(attribute.get_string("name", attribute.get_string("key")));
    }
    if (keys.empty()) {
      keys = {"key"};
      detail.table_header = {"Entity"};
    }
    for (const auto& entity : entities.elements()) {
      if (detail.table_rows.size() == kMaxEntities) break;
      std::vector<std::string> row;
      for (const auto& key : keys) row.push_back(value_text(entity.get(key)));
      detail.table_rows.push_back(row);
    }
    if (entities.size() > kMaxEntities) {
      detail.note =
          "Showing " + std::to_string(kMaxEntities) + " of " + std::to_string(entities.size()) + " entities.";
    }
    return detail;
  }
  return std::nullopt;
}

pdf::MetricDetail metric_detail(Gathered& gathered, const json::Value& metric, const std::string& metric_uuid,
                                int index) {
  const auto& data_model = *gathered.data_model;
  switch (index) {
    case 0:
      return configuration_tab(metric, data_model);
    case 1:
      return debt_tab(metric);
    case 2:
      return sources_tab(metric, data_model);
    case 3:
      return changelog_tab(gathered, metric_uuid);
    case 4: {
      std::string url =
          gathered.settings.report_url.empty() ? "" : gathered.settings.report_url + "#" + metric_uuid;
      return pdf::MetricDetail{.title = "Share", .fields = {{"Metric permanent link", url}}};
    }
    default:
      if (auto detail = history_tab(gathered, metric, metric_uuid, index)) return *detail;
      return pdf::MetricDetail{.title = "Tab " + std::to_string(index),
                               .note = "This metric has no such tab."};
  }
}

pdf::MetricRow metric_row(Gathered& gathered, const json::Value& report, const json::Value& metric,
                          const std::string& metric_uuid) {
  const auto& data_model = *gathered.data_model;
  const auto* type = data_model.metric(metric.get_string("type"));
  std::string scale = metric.get_string("scale", "count");
  pdf::MetricRow row;
  row.name = model::metric_name(metric, data_model);
  row.status = pdf::status_from_name(metric.get_string("status"));
  static const std::vector<json::Value> kNone;
  auto found = gathered.measurements.find(metric_uuid);
  const auto& measurements = found == gathered.measurements.end() ? kNone : found->second;
  std::int64_t week_ago = gathered.base_seconds - 7 * kSecondsPerDay;
  for (const auto& measurement : measurements) {
    auto end = epoch_seconds(measurement.get_string("end"));
    auto value = number(measurement.get(scale).get("value"));
    if (end && *end >= week_ago && value) row.trend.push_back(*value);
  }
  auto latest = metric.get("latest_measurement");
  row.measurement = latest.is_object() ? shown_value(latest, scale) : "?";
  std::int64_t interval = gathered.settings.date_interval * kSecondsPerDay;
  if (gathered.dates.size() > 1) {
    for (std::int64_t date : gathered.dates) {
      auto measurement = measurement_on(measurements, date_of(date));
      row.dated.push_back({measurement.present() ? shown_value(measurement, scale) : "?",
                           pdf::status_from_name(measurement.get(scale).get_string("status"))});
    }
    row.delta = delta(measurement_on(measurements, date_of(gathered.base_seconds)),
                      measurement_on(measurements, date_of(gathered.base_seconds - interval)), scale);
  } else {
    row.delta = delta(latest, measurement_on(measurements, date_of(gathered.base_seconds - interval)), scale);
  }
  if (metric.get("evaluate_targets").as_boolean().value_or(true)) {
    row.target = direction_sign(metric, type) + " " + metric.get_string("target", "0") +
                 (scale == "percentage" ? "%" : "");
  }
  row.unit = metric.get_string("unit");
  if (row.unit.empty() && type != nullptr) row.unit = type->unit;
  for (const auto& [source_uuid, source] : metric.get("sources").items()) {
    std::string name = source.get_string("name");
    row.source += (row.source.empty() ? "" : ", ") +
                  (name.empty() ? model::source_type_name(source, data_model) : name);
  }
  row.time_left = time_left(metric, report, gathered.base_seconds);
  std::int64_t period_start =
      gathered.base_seconds - std::max<std::int64_t>(1, gathered.dates.size() - 1) * interval;
  row.overrun = overrun(measurements, report, scale, period_start);
  row.comment = pdf::html_to_text(metric.get_string("comment"));
  row.issues = issues(metric, gathered.settings);
  for (const auto& tag : sorted_tags(metric)) {
    if (!gathered.settings.hidden_tags.contains(tag)) row.tags.push_back(tag);
  }
  return row;
}

// The frontend's status order for sorting.
int status_rank(pdf::Status status) {
  switch (status) {
    case pdf::Status::kUnknown:
      return 0;
    case pdf::Status::kTargetNotMet:
      return 1;
    case pdf::Status::kNearTargetMet:
      return 2;
    case pdf::Status::kTargetMet:
      return 3;
    case pdf::Status::kDebtTargetMet:
      return 4;
    default:
      return 5;
  }
}

void sort_rows(std::vector<pdf::MetricRow>& rows, const PrintSettings& settings) {
  const std::string& column = settings.sort_column;
  if (column.empty()) return;
  auto key = [&column](const pdf::MetricRow& row) -> std::string {
    if (column == "status") return std::to_string(status_rank(row.status));
    if (column == "measurement") return row.measurement;
    if (column == "target") return row.target;
    if (column == "unit") return row.unit;
    if (column == "source") return row.source;
    if (column == "time_left")
      return std::string(12 - std::min<std::size_t>(12, row.time_left.size()), ' ') + row.time_left;
    if (column == "overrun")
      return std::string(12 - std::min<std::size_t>(12, row.overrun.size()), ' ') + row.overrun;
    if (column == "comment") return row.comment;
    if (column == "issues") return row.issues.empty() ? "" : row.issues.front();
    if (column == "tags") return row.tags.empty() ? "" : row.tags.front();
    return row.name;
  };
  std::ranges::stable_sort(rows, [&](const auto& a, const auto& b) {
    return settings.sort_direction == "descending" ? key(b) < key(a) : key(a) < key(b);
  });
}

// The dashboard of one report: a card per subject and per (shown) tag.
pdf::Dashboard report_dashboard(const Gathered& gathered, const json::Value& report, std::string heading) {
  pdf::Dashboard dashboard{.heading = std::move(heading)};
  std::map<std::string, pdf::StatusCounts> tags;
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    pdf::DashboardCard card{.title = model::subject_name(subject, *gathered.data_model)};
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      if (hidden_by_tags(metric, gathered.settings)) continue;
      auto status = pdf::status_from_name(metric.get_string("status"));
      card.counts.add(status);
      for (const auto& tag : sorted_tags(metric)) {
        if (!gathered.settings.hidden_tags.contains(tag)) tags[tag].add(status);
      }
    }
    dashboard.cards.push_back(card);
  }
  for (const auto& [tag, counts] : tags) dashboard.tag_cards.push_back({tag, counts});
  return dashboard;
}

bool in_view(const PrintSettings& settings, const json::Value& metric) {
  return !(settings.metrics_to_hide == "no_action_needed" && needs_no_action(metric)) && !hidden_by_tags(metric, settings);
}

// The tab that a metric in view shows expanded, if any, while expansions are left.
std::optional<int> expanded_tab(const PrintSettings& settings, const std::string& metric_uuid, std::size_t& expanded_left) {
  if (expanded_left == 0) return std::nullopt;
  for (const auto& [tab_uuid, tab] : settings.tabs) {
    if (tab_uuid != metric_uuid) continue;
    --expanded_left;
    return tab;
  }
  return std::nullopt;
}

// Reads the histories that the tables of these (summarized) reports will show, in one go: the walk is
// add_subjects' own.
void read_histories(Gathered& gathered, const std::vector<json::Value>& reports) {
  const PrintSettings& settings = gathered.settings;
  if (settings.metrics_to_hide == "all") return;
  std::size_t metrics_left = kMaxMetrics, expanded_left = kMaxExpandedMetrics;
  std::vector<std::string> wanted;
  for (const auto& report : reports) {
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
        if (!in_view(settings, metric)) continue;
        if (metrics_left == 0) break;
        --metrics_left;
        auto tab = expanded_tab(settings, metric_uuid, expanded_left);
        if (tab && *tab >= kFirstHistoryTab) wanted.push_back(metric_uuid);
      }
    }
  }
  gathered.histories = db::metric_histories(gathered.context.database, wanted, settings.report_date);
}

// The subject tables of a report, with the metrics in view.
void add_subjects(Gathered& gathered, const json::Value& report, const std::string& prefix,
                  pdf::PrintJob& job, std::size_t& metrics_left, std::size_t& expanded_left) {
  const PrintSettings& settings = gathered.settings;
  if (settings.metrics_to_hide == "all") return;
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    pdf::SubjectSection section{.title = prefix + model::subject_name(subject, *gathered.data_model),
                                .subtitle = subject.get_string("subtitle")};
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      if (!in_view(settings, metric)) continue;
      if (metrics_left == 0) break;
      --metrics_left;
      auto row = metric_row(gathered, report, metric, metric_uuid);
      if (auto tab = expanded_tab(settings, metric_uuid, expanded_left)) {
        row.detail = metric_detail(gathered, metric, metric_uuid, *tab);
      }
      section.metrics.push_back(std::move(row));
    }
    sort_rows(section.metrics, settings);
    job.subjects.push_back(std::move(section));
  }
}

Gathered gather(Context& context, const PrintSettings& settings, const std::vector<json::Value>& reports) {
  Gathered gathered{
      .context = context, .settings = settings, .data_model = context.data_model(settings.report_date)};
  auto now = std::chrono::system_clock::now();
  gathered.base_seconds =
      settings.report_date.empty()
          ? std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()
          : epoch_seconds(settings.report_date).value_or(0);
  for (int index = 0; index < settings.nr_dates; ++index) {
    gathered.dates.push_back(gathered.base_seconds -
                             std::int64_t{index} * settings.date_interval * kSecondsPerDay);
  }
  if (settings.date_order == "ascending") std::ranges::reverse(gathered.dates);
  // One query for the measurements of every column, the delta and the trend line.
  int days = std::max({7, settings.date_interval + 1, (settings.nr_dates - 1) * settings.date_interval + 1});
  if (settings.metrics_to_hide == "all") days = 7;  // dashboards only need the latest statuses
  gathered.measurements =
      db::recent_measurements(context.database, settings.report_date, db::scope_of(reports), days,
                              settings.metrics_to_hide == "all");
  return gathered;
}

pdf::PageFurniture furniture(const Gathered& gathered, const std::string& title) {
  auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  return {
      .title = title,
      .data_date = gathered.settings.report_date.empty() ? minute_of(now) : date_of(gathered.base_seconds),
      .url = gathered.settings.report_url,
      .generated_at = minute_of(now)};
}

std::vector<std::string> date_headers(const Gathered& gathered) {
  std::vector<std::string> headers;
  if (gathered.dates.size() > 1) {
    for (std::int64_t date : gathered.dates) headers.push_back(date_of(date));
  }
  return headers;
}

// "Quality report é 1" → "Quality-report-1": a file name that every browser and shell accepts.
std::string file_name(const std::string& title, const std::string& date) {
  std::string name;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
      name += c;
    else if ((c == ' ' || c == '.') && !name.empty() && name.back() != '-')
      name += '-';
    if (name.size() >= 80) break;
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  return (name.empty() ? "report" : name) + "-" + date + ".pdf";
}

http::Response pdf_response(const pdf::PrintJob& job, const std::string& title, const std::string& date) {
  auto started = std::chrono::steady_clock::now();
  std::string document;
  try {
    document = pdf::render(job);
  } catch (...) {
    metrics::record_pdf_render(std::chrono::steady_clock::now() - started, true);
    throw;
  }
  metrics::record_pdf_render(std::chrono::steady_clock::now() - started, false);
  auto response = http::Response::bytes(std::move(document), "application/pdf");
  response.set_header("Content-Disposition", "attachment; filename=\"" + file_name(title, date) + "\"");
  return response;
}

http::Response did_not_exist_response(Context& context, const PrintSettings& settings, const std::string& report_uuid) {
  Gathered gathered = gather(context, settings, {});
  std::string date = date_of(gathered.base_seconds);
  pdf::PrintJob job{.furniture = furniture(gathered, "Report " + report_uuid),
                    .title = "Sorry, this report didn't exist at " + date,
                    .subtitle = "Report " + report_uuid,
                    .legend = false};
  return pdf_response(job, "report-" + report_uuid, date);
}

}  // namespace

http::Response export_report_as_pdf(Context& context) {
  const std::string& report_uuid = context.param("report_uuid");
  PrintSettings settings = read_print_settings(context.request, report_uuid);
  std::optional<json::Value> stored;
  for (const auto& report : db::reports_as_of(context.database, settings.report_date)) {
    if (report.get_string("report_uuid") == report_uuid) stored = report;
  }
  if (!stored) {
    // At a date before the report was created or after it was deleted, one page that says so, as
    // v5.8.0's renderer shows; a report that never existed is not found.
    if (settings.report_date.empty() || !db::report_exists(context.database, report_uuid)) report_not_found(report_uuid);
    return did_not_exist_response(context, settings, report_uuid);
  }
  Gathered gathered = gather(context, settings, {*stored});
  auto report = model::summarize_report(*stored, gathered.measurements, *gathered.data_model);
  model::hide_credentials(report, *gathered.data_model);
  std::string title = model::report_title(report);
  pdf::PrintJob job{.furniture = furniture(gathered, title),
                    .title = title,
                    .subtitle = report.get_string("subtitle"),
                    .dashboards = {report_dashboard(gathered, report, "")},
                    .date_headers = date_headers(gathered),
                    .hidden_columns = settings.hidden_columns};
  read_histories(gathered, {report});
  std::size_t metrics_left = kMaxMetrics, expanded_left = kMaxExpandedMetrics;
  add_subjects(gathered, report, "", job, metrics_left, expanded_left);
  return pdf_response(job, title, date_of(gathered.base_seconds));
}

http::Response export_reports_overview_as_pdf(Context& context) {
  PrintSettings settings = read_print_settings(context.request, "");
  auto overview =
      db::latest_reports_overview(context.database, settings.report_date).value_or(json::Value::object());
  auto reports = db::reports_as_of(context.database, settings.report_date);
  Gathered gathered = gather(context, settings, reports);
  std::string title = overview.get_string("title", "Reports overview");
  pdf::PrintJob job{.furniture = furniture(gathered, title),
                    .title = title,
                    .subtitle = overview.get_string("subtitle"),
                    .date_headers = date_headers(gathered),
                    .hidden_columns = settings.hidden_columns};
  pdf::Dashboard reports_board{.heading = "Reports"};
  std::map<std::string, pdf::StatusCounts> tags;
  std::vector<json::Value> summarized;
  for (const auto& stored : reports) {
    auto report = model::summarize_report(stored, gathered.measurements, *gathered.data_model);
    model::hide_credentials(report, *gathered.data_model);
    auto board = report_dashboard(gathered, report, model::report_title(report));
    pdf::DashboardCard card{.title = model::report_title(report)};
    for (const auto& subject : board.cards) {
      for (pdf::Status status : pdf::kStatuses)
        card.counts.counts[static_cast<std::size_t>(status)] += subject.counts.of(status);
    }
    for (const auto& tag : board.tag_cards) {
      for (pdf::Status status : pdf::kStatuses)
        tags[tag.title].counts[static_cast<std::size_t>(status)] += tag.counts.of(status);
    }
    reports_board.cards.push_back(card);
    board.tag_cards.clear();  // tags are summed over all reports in the first dashboard
    job.dashboards.push_back(board);
    summarized.push_back(report);
  }
  for (const auto& [tag, counts] : tags) reports_board.tag_cards.push_back({tag, counts});
  job.dashboards.insert(job.dashboards.begin(), reports_board);
  read_histories(gathered, summarized);
  std::size_t metrics_left = kMaxMetrics, expanded_left = kMaxExpandedMetrics;
  for (const auto& report : summarized) {
    add_subjects(gathered, report, model::report_title(report) + " ❯ ", job, metrics_left, expanded_left);
  }
  return pdf_response(job, title, date_of(gathered.base_seconds));
}

}  // namespace qta::routes
