#pragma once
// The view settings of a PDF export, read from the query string as the frontend writes them into its URL.
// A pure function of the request, so that it can be tested and fuzzed without a database.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"

namespace qta::routes {

struct PrintSettings {
  std::string metrics_to_hide;
  std::set<std::string, std::less<>> hidden_columns;
  std::set<std::string, std::less<>> hidden_tags;
  std::vector<std::pair<std::string, int>> tabs;  // metric uuid, tab index
  int nr_dates = 1;
  int date_interval = 7;
  std::string date_order = "descending";
  std::string sort_column;
  std::string sort_direction = "ascending";
  bool show_issue_summary = false;
  bool show_issue_creation_date = false;
  bool show_issue_update_date = false;
  bool show_issue_due_date = false;
  std::string report_date;  // ISO timestamp; "" for now
  std::string report_url;
};

// The settings for the report with `report_uuid` ("" for the reports overview): each under its own name or
// as `<name>_<report_uuid>`. Throws http::Error(kBadRequest) naming the first invalid parameter.
PrintSettings read_print_settings(const http::Request& request, const std::string& report_uuid);

}  // namespace qta::routes
