// The dashboards, metric rows and expanded metric tabs of the PDF export, from what the route read.
#include "routes/pdf_content.h"

#include <algorithm>
#include <cstdio>

#include "base/date_time.h"
#include "model/credentials.h"
#include "model/desired_response_times.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "pdf/html_text.h"

namespace qta::routes {

namespace {

// Bounds that keep one PDF from occupying a worker thread for long.
constexpr std::size_t kMaxMetrics = 3000;
constexpr std::size_t kMaxExpandedMetrics = 50;
constexpr std::size_t kMaxEntities = 100;
constexpr std::size_t kMaxGraphPoints = 400;
constexpr std::size_t kMaxEntityColumns = 6;

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

bool in_view(const PrintSettings& settings, const json::Value& metric) {
  return !(settings.metrics_to_hide == "no_action_needed" && needs_no_action(metric)) &&
         !hidden_by_tags(metric, settings);
}

// The tab that a metric in view shows expanded, if any, while expansions are left.
std::optional<int> expanded_tab(const PrintSettings& settings, const std::string& metric_uuid,
                                std::size_t& expanded_left) {
  if (expanded_left == 0) return std::nullopt;
  for (const auto& [tab_uuid, tab] : settings.tabs) {
    if (tab_uuid != metric_uuid) continue;
    --expanded_left;
    return tab;
  }
  return std::nullopt;
}

}  // namespace

std::vector<ShownSubject> shown_subjects(const PrintSettings& settings,
                                         const std::vector<json::Value>& reports) {
  std::vector<ShownSubject> shown;
  if (settings.metrics_to_hide == "all") return shown;
  std::size_t metrics_left = kMaxMetrics, expanded_left = kMaxExpandedMetrics;
  for (const auto& report : reports) {
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      ShownSubject table{.report = report, .subject = subject};
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
        if (!in_view(settings, metric)) continue;
        if (metrics_left == 0) break;
        --metrics_left;
        table.metrics.push_back({metric_uuid, metric, expanded_tab(settings, metric_uuid, expanded_left)});
      }
      shown.push_back(std::move(table));
    }
  }
  return shown;
}

pdf::Dashboard report_dashboard(const PdfData& data, const json::Value& report, std::string heading) {
  pdf::Dashboard dashboard{.heading = std::move(heading)};
  std::map<std::string, pdf::StatusCounts> tags;
  for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
    pdf::DashboardCard card{.title = model::subject_name(subject, *data.data_model)};
    for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
      if (hidden_by_tags(metric, data.settings)) continue;
      auto status = pdf::status_from_name(metric.get_string("status"));
      card.counts.add(status);
      for (const auto& tag : sorted_tags(metric)) {
        if (!data.settings.hidden_tags.contains(tag)) tags[tag].add(status);
      }
    }
    dashboard.cards.push_back(card);
  }
  for (const auto& [tag, counts] : tags) dashboard.tag_cards.push_back({tag, counts});
  return dashboard;
}

namespace {

std::string direction_sign(const json::Value& metric, const datamodel::MetricType* type) {
  std::string direction = metric.get_string("direction");
  if (direction.empty() && type != nullptr) direction = type->direction;
  if (direction == "<" || direction == "≦") return "≦";
  if (direction == ">" || direction == "≧") return "≧";
  return "";
}

pdf::MetricDetail configuration_tab(const json::Value& metric, const datamodel::DataModel& data_model) {
  const auto* type = data_model.metric(metric.get_string("type"));
  std::string sign = direction_sign(metric, type);
  std::string tags;
  for (const auto& tag : sorted_tags(metric)) tags += (tags.empty() ? "" : ", ") + tag;
  pdf::MetricDetail detail{.title = "Configuration"};
  detail.fields = {
      {"Metric type", type ? type->name : metric.get_string("type")},
      {"Metric name", model::metric_name(metric, data_model)},
      {"Metric scale", metric.get_string("scale")},
      {"Metric direction", sign == "≦" ? "≦ Fewer is better" : "≧ More is better"},
      {"Metric target", sign + " " + metric.get_string("target", "0")},
      {"Metric near target", sign + " " + metric.get_string("near_target", "0")},
      {"Evaluate targets", metric.get("evaluate_targets").as_boolean().value_or(true) ? "Yes" : "No"},
      {"Metric unit", metric.get_string("unit").empty() && type ? type->unit : metric.get_string("unit")},
      {"Metric tags", tags}};
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

std::string source_parameters(const json::Value& source, const datamodel::DataModel& data_model) {
  std::string parameters;
  for (const auto& [key, value] : source.get("parameters").items()) {
    if (!model::truthy(value)) continue;
    std::string shown = value.as_string() == model::kHiddenCredentials ? "(hidden)" : value_text(value);
    const auto* type = data_model.source(source.get_string("type"));
    const auto* parameter = type ? type->parameter(key) : nullptr;
    parameters += (parameters.empty() ? "" : "\n") + (parameter ? parameter->name : key) + ": " + shown;
  }
  return parameters;
}

pdf::MetricDetail sources_tab(const json::Value& metric, const datamodel::DataModel& data_model) {
  pdf::MetricDetail detail{.title = "Sources", .table_header = {"Source", "Source type", "Parameters"}};
  for (const auto& [source_uuid, source] : metric.get("sources").items()) {
    std::string name = source.get_string("name");
    detail.table_rows.push_back({name.empty() ? model::source_type_name(source, data_model) : name,
                                 model::source_type_name(source, data_model),
                                 source_parameters(source, data_model)});
  }
  if (detail.table_rows.empty()) detail.note = "No sources have been configured yet.";
  return detail;
}

pdf::MetricDetail changelog_tab(const PdfData& data, const std::string& metric_uuid) {
  pdf::MetricDetail detail{.title = "Changelog", .table_header = {"Date", "Change"}};
  const std::string& until = data.settings.report_date;
  auto found = data.changes.find(metric_uuid);
  if (found != data.changes.end()) {
    for (const auto& [timestamp, description] : found->second) {
      if (!until.empty() && timestamp > until) continue;  // time travel: not yet happened
      if (detail.table_rows.size() == kMaxChanges) break;
      detail.table_rows.push_back({timestamp.substr(0, 10) + " " + timestamp.substr(11, 5), description});
    }
  }
  if (detail.table_rows.empty()) detail.note = "No changes.";
  return detail;
}

pdf::MetricDetail trend_graph_tab(const std::vector<json::Value>& history, const std::string& scale) {
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

// The entities that a source measured for the metric, with the columns that the data model names.
pdf::MetricDetail entities_tab(const json::Value& metric, const json::Value& source,
                               const json::Value& entities, const datamodel::DataModel& data_model) {
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
    if (keys.size() == kMaxEntityColumns) break;
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

// The trend graph and the entity tabs (one per source with entities) show the metric's measurement history.
std::optional<pdf::MetricDetail> history_tab(const PdfData& data, const ShownMetric& shown, int index) {
  auto found = data.histories.find(shown.uuid);
  if (found == data.histories.end() || found->second.empty()) return std::nullopt;
  const auto& history = found->second;
  std::string scale = shown.metric.get_string("scale");
  int next = kFirstHistoryTab;
  if (scale != "version_number") {
    if (index == next) return trend_graph_tab(history, scale);
    ++next;
  }
  for (const auto& measured : history.back().get("sources").elements()) {
    auto source = shown.metric.get("sources").get(measured.get_string("source_uuid"));
    auto entities = measured.get("entities");
    if (!source.present() || entities.size() == 0) continue;
    if (index == next++) return entities_tab(shown.metric, source, entities, *data.data_model);
  }
  return std::nullopt;
}

pdf::MetricDetail metric_detail(const PdfData& data, const ShownMetric& shown, int index) {
  const auto& data_model = *data.data_model;
  switch (index) {
    case 0:
      return configuration_tab(shown.metric, data_model);
    case 1:
      return debt_tab(shown.metric);
    case 2:
      return sources_tab(shown.metric, data_model);
    case kChangelogTab:
      return changelog_tab(data, shown.uuid);
    case 4: {
      std::string url = data.settings.report_url.empty() ? "" : data.settings.report_url + "#" + shown.uuid;
      return pdf::MetricDetail{.title = "Share", .fields = {{"Metric permanent link", url}}};
    }
    default:
      if (auto detail = history_tab(data, shown, index)) return *detail;
      return pdf::MetricDetail{.title = "Tab " + std::to_string(index),
                               .note = "This metric has no such tab."};
  }
}

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
      auto add = [&](bool shown, const char* key, const std::string& label, std::size_t length) {
        if (shown && !status.get_string(key).empty())
          line += "; " + label + status.get_string(key).substr(0, length);
      };
      add(settings.show_issue_summary, "summary", "", std::string::npos);
      add(settings.show_issue_creation_date, "created", "created ", 10);
      add(settings.show_issue_update_date, "updated", "updated ", 10);
      add(settings.show_issue_due_date, "duedate", "due ", 10);
    }
    lines.push_back(line);
  }
  return lines;
}

// The trend, measurement, date and delta columns.
void add_measurement_columns(const PdfData& data, const json::Value& metric,
                             const std::vector<json::Value>& measurements, const std::string& scale,
                             pdf::MetricRow& row) {
  std::int64_t week_ago = data.base_seconds - 7 * base::kSecondsPerDay;
  for (const auto& measurement : measurements) {
    auto end = base::epoch_seconds(measurement.get_string("end"));
    auto value = number(measurement.get(scale).get("value"));
    if (end && *end >= week_ago && value) row.trend.push_back(*value);
  }
  auto latest = metric.get("latest_measurement");
  row.measurement = latest.is_object() ? shown_value(latest, scale) : "?";
  auto previous = measurement_on(
      measurements, base::iso_date(data.base_seconds - data.settings.date_interval * base::kSecondsPerDay));
  if (data.dates.size() > 1) {
    for (std::int64_t date : data.dates) {
      auto measurement = measurement_on(measurements, base::iso_date(date));
      row.dated.push_back({measurement.present() ? shown_value(measurement, scale) : "?",
                           pdf::status_from_name(measurement.get(scale).get_string("status"))});
    }
    row.delta = delta(measurement_on(measurements, base::iso_date(data.base_seconds)), previous, scale);
  } else {
    row.delta = delta(latest, previous, scale);
  }
}

// The time left and overrun columns: days, from the report's desired response times.
void add_response_columns(const PdfData& data, const ShownSubject& table, const json::Value& metric,
                          const std::vector<json::Value>& measurements, const std::string& scale,
                          pdf::MetricRow& row) {
  if (auto days = model::days_left(metric, table.report, data.base_seconds))
    row.time_left = plural_days(*days);
  std::int64_t interval = data.settings.date_interval * base::kSecondsPerDay;
  std::int64_t period_start =
      data.base_seconds -
      std::max<std::int64_t>(1, static_cast<std::int64_t>(data.dates.size()) - 1) * interval;
  auto overrun = model::overrun_days(measurements, table.report, scale, period_start);
  row.overrun = overrun == 0 ? "" : plural_days(overrun);
}

pdf::MetricRow metric_row(const PdfData& data, const ShownSubject& table, const ShownMetric& shown) {
  const auto& data_model = *data.data_model;
  const json::Value& metric = shown.metric;
  const auto* type = data_model.metric(metric.get_string("type"));
  std::string scale = metric.get_string("scale", "count");
  pdf::MetricRow row{.name = model::metric_name(metric, data_model),
                     .status = pdf::status_from_name(metric.get_string("status"))};
  static const std::vector<json::Value> kNone;
  auto found = data.measurements.find(shown.uuid);
  const auto& measurements = found == data.measurements.end() ? kNone : found->second;
  add_measurement_columns(data, metric, measurements, scale, row);
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
  add_response_columns(data, table, metric, measurements, scale, row);
  row.comment = pdf::html_to_text(metric.get_string("comment"));
  row.issues = issues(metric, data.settings);
  for (const auto& tag : sorted_tags(metric)) {
    if (!data.settings.hidden_tags.contains(tag)) row.tags.push_back(tag);
  }
  if (shown.tab) row.detail = metric_detail(data, shown, *shown.tab);
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

// A right-aligned key, so that "9 days" sorts before "10 days".
std::string right_aligned(const std::string& text) {
  return std::string(12 - std::min<std::size_t>(12, text.size()), ' ') + text;
}

std::string sort_key(const pdf::MetricRow& row, const std::string& column) {
  if (column == "status") return std::to_string(status_rank(row.status));
  if (column == "measurement") return row.measurement;
  if (column == "target") return row.target;
  if (column == "unit") return row.unit;
  if (column == "source") return row.source;
  if (column == "time_left") return right_aligned(row.time_left);
  if (column == "overrun") return right_aligned(row.overrun);
  if (column == "comment") return row.comment;
  if (column == "issues") return row.issues.empty() ? "" : row.issues.front();
  if (column == "tags") return row.tags.empty() ? "" : row.tags.front();
  return row.name;
}

void sort_rows(std::vector<pdf::MetricRow>& rows, const PrintSettings& settings) {
  const std::string& column = settings.sort_column;
  if (column.empty()) return;
  std::ranges::stable_sort(rows, [&](const auto& a, const auto& b) {
    return settings.sort_direction == "descending" ? sort_key(b, column) < sort_key(a, column)
                                                   : sort_key(a, column) < sort_key(b, column);
  });
}

}  // namespace

pdf::SubjectSection subject_section(const PdfData& data, const ShownSubject& shown,
                                    const std::string& prefix) {
  pdf::SubjectSection section{.title = prefix + model::subject_name(shown.subject, *data.data_model),
                              .subtitle = shown.subject.get_string("subtitle")};
  for (const auto& metric : shown.metrics) section.metrics.push_back(metric_row(data, shown, metric));
  sort_rows(section.metrics, data.settings);
  return section;
}

}  // namespace qta::routes
