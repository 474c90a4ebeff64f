// The query parameters of the PDF export: the frontend's view settings, checked one kind at a time.
#include <algorithm>
#include <initializer_list>
#include <optional>
#include <regex>
#include <set>

#include "base/date_time.h"
#include "http/error.h"
#include "pdf/report_document.h"
#include "routes/pdf_settings.h"

namespace qta::routes {

namespace {

// A parameter as given: the name it came under and its value.
using Given = std::pair<std::string, std::string>;

[[noreturn]] void bad_parameter(const std::string& name, const std::string& value,
                                const std::string& expected) {
  throw http::Error(http::ErrorCode::kBadRequest, "Invalid value '" + value + "' for the parameter " + name +
                                                      ": expected " + expected + ".");
}

// The query parameters of one PDF, each under its own name or, as the frontend names its settings per report,
// `<name>_<report_uuid>`.
struct Parameters {
  const http::Request& request;
  const std::string& report_uuid;

  std::optional<Given> get(const std::string& name) const {
    if (auto value = request.query(name)) return Given{name, *value};
    if (!report_uuid.empty()) {
      std::string suffixed = name + "_" + report_uuid;
      if (auto value = request.query(suffixed)) return Given{suffixed, *value};
    }
    return std::nullopt;
  }
};

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

const std::string& one_of(const Given& given, std::initializer_list<std::string_view> allowed,
                          const std::string& expected) {
  if (std::ranges::find(allowed, given.second) == allowed.end())
    bad_parameter(given.first, given.second, expected);
  return given.second;
}

int integer_setting(const Given& given, int low, int high, const std::string& expected) {
  const auto& [name, value] = given;
  if (value.empty() || value.size() > 3 ||
      !std::ranges::all_of(value, [](char c) { return c >= '0' && c <= '9'; })) {
    bad_parameter(name, value, expected);
  }
  int number = std::stoi(value);
  if (number < low || number > high) bad_parameter(name, value, expected);
  return number;
}

bool boolean_setting(const Given& given) {
  return one_of(given, {"true", "false"}, "true or false") == "true";
}

// Which metrics and columns the tables show.
void read_filters(const Parameters& parameters, PrintSettings& settings) {
  if (auto given = parameters.get("metrics_to_hide")) {
    settings.metrics_to_hide =
        one_of(*given, {"none", "no_action_needed", "all"}, "none, no_action_needed or all");
  }
  if (auto given = parameters.get("hidden_columns")) {
    for (const auto& column : split_list(given->second)) {
      if (std::ranges::find(pdf::kColumnNames, column) == pdf::kColumnNames.end()) {
        bad_parameter(given->first, given->second,
                      "a comma-separated list of trend, status, measurement, delta, target, unit, source, "
                      "time_left, overrun, comment, issues and tags");
      }
      settings.hidden_columns.insert(column);
    }
  }
  if (auto given = parameters.get("hidden_tags")) {
    for (const auto& tag : split_list(given->second)) settings.hidden_tags.insert(tag);
  }
}

// The metrics shown expanded, and the tab each opens.
void read_tabs(const Parameters& parameters, PrintSettings& settings) {
  auto tabs = parameters.get("tabs");
  if (!tabs) tabs = parameters.get("expanded");
  if (!tabs) return;
  static const std::regex kTab(R"(([0-9A-Za-z-]+)(:(\d{1,2}))?)");
  for (const auto& item : split_list(tabs->second)) {
    std::smatch match;
    if (!std::regex_match(item, match, kTab)) {
      bad_parameter(tabs->first, tabs->second, "a comma-separated list of <metric_uuid>:<tab_index>");
    }
    settings.tabs.emplace_back(match[1].str(), match[3].matched ? std::stoi(match[3].str()) : 0);
  }
}

// The measurement columns: how many dates, how far apart, in which order.
void read_date_columns(const Parameters& parameters, PrintSettings& settings) {
  if (auto given = parameters.get("nr_dates")) {
    settings.nr_dates = integer_setting(*given, 1, 7, "a whole number from 1 to 7");
  }
  if (auto given = parameters.get("date_interval")) {
    settings.date_interval = integer_setting(*given, 1, 28, "1, 7, 14, 21 or 28");
    if (settings.date_interval != 1 && settings.date_interval % 7 != 0) {
      bad_parameter(given->first, given->second, "1, 7, 14, 21 or 28");
    }
  }
  if (auto given = parameters.get("date_order")) {
    settings.date_order = one_of(*given, {"ascending", "descending"}, "ascending or descending");
  }
}

void read_sorting(const Parameters& parameters, PrintSettings& settings) {
  if (auto given = parameters.get("sort_column")) {
    settings.sort_column = one_of(*given,
                                  {"", "name", "status", "measurement", "target", "unit", "source",
                                   "time_left", "overrun", "comment", "issues", "tags"},
                                  "a column name");
  }
  if (auto given = parameters.get("sort_direction")) {
    settings.sort_direction = one_of(*given, {"ascending", "descending"}, "ascending or descending");
  }
}

// What the issues column shows besides each issue's name.
void read_issue_fields(const Parameters& parameters, PrintSettings& settings) {
  if (auto given = parameters.get("show_issue_summary"))
    settings.show_issue_summary = boolean_setting(*given);
  if (auto given = parameters.get("show_issue_creation_date")) {
    settings.show_issue_creation_date = boolean_setting(*given);
  }
  if (auto given = parameters.get("show_issue_update_date")) {
    settings.show_issue_update_date = boolean_setting(*given);
  }
  if (auto given = parameters.get("show_issue_due_date"))
    settings.show_issue_due_date = boolean_setting(*given);
}

// The report date as v5.8.0's time travel takes it; a bare date means the end of that day.
std::string report_date_setting(const Given& given) {
  static const std::regex kIsoDate(
      R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)");
  if (!std::regex_match(given.second, kIsoDate))
    bad_parameter(given.first, given.second, "a date as YYYY-MM-DD");
  std::string value = given.second.size() == 10 ? given.second + "T23:59:59+00:00" : given.second;
  return base::report_date_time(value, base::iso_timestamp_now());
}

// The date of the data, and the report's address for the footer and the share tab.
void read_date_and_url(const Parameters& parameters, PrintSettings& settings) {
  if (auto given = parameters.get("report_date")) settings.report_date = report_date_setting(*given);
  if (auto given = parameters.request.query("report_url")) {
    if (given->size() > 2000)
      bad_parameter("report_url", given->substr(0, 40) + "...", "a URL of at most 2000 characters");
    settings.report_url = *given;
  }
}

}  // namespace

PrintSettings read_print_settings(const http::Request& request, const std::string& report_uuid) {
  Parameters parameters{request, report_uuid};
  PrintSettings settings;
  settings.metrics_to_hide = report_uuid.empty() ? "all" : "none";  // the frontend's defaults
  read_filters(parameters, settings);
  read_tabs(parameters, settings);
  read_date_columns(parameters, settings);
  read_sorting(parameters, settings);
  read_issue_fields(parameters, settings);
  read_date_and_url(parameters, settings);
  return settings;
}

}  // namespace qta::routes
