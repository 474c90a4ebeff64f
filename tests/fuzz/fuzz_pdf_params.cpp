// The view settings of the PDF exports (lib/routes/pdf_parameters.cpp, read_print_settings). Input: a query
// string, read for a report and for the reports overview. A bad value gives a well-formed 400 and nothing
// else escapes; accepted settings are within the bounds the PDF code relies on.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/error.h"
#include "pdf/report_document.h"
#include "routes/pdf_settings.h"
#include "support.h"

using namespace qta;
using namespace qta::fuzz;

namespace {

constexpr std::string_view kReportUuid = "97d0ca8e-1a84-4d1f-a7f5-b4a3c2e0e7ad";

bool one_of(const std::string& value, std::initializer_list<std::string_view> allowed) {
  return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

void check(const http::Request& request, const std::string& report_uuid) {
  routes::PrintSettings settings;
  try {
    settings = routes::read_print_settings(request, report_uuid);
  } catch (const http::Error& error) {
    FUZZ_CHECK(error.code() == http::ErrorCode::kBadRequest);
    check_error_answer(error);
    return;
  }
  FUZZ_CHECK(one_of(settings.metrics_to_hide, {"none", "no_action_needed", "all"}));
  for (const auto& column : settings.hidden_columns) {
    FUZZ_CHECK(std::ranges::find(pdf::kColumnNames, column) != pdf::kColumnNames.end());
  }
  for (const auto& [metric_uuid, tab] : settings.tabs) {
    FUZZ_CHECK(!metric_uuid.empty());
    FUZZ_CHECK(tab >= 0 && tab <= 99);
  }
  FUZZ_CHECK(settings.nr_dates >= 1 && settings.nr_dates <= 7);
  FUZZ_CHECK(settings.date_interval == 1 || (settings.date_interval % 7 == 0 && settings.date_interval >= 7 &&
                                             settings.date_interval <= 28));
  FUZZ_CHECK(one_of(settings.date_order, {"ascending", "descending"}));
  FUZZ_CHECK(one_of(settings.sort_direction, {"ascending", "descending"}));
  FUZZ_CHECK(settings.report_url.size() <= 2000);
  // A time-travel date is a timestamp in the past, or "" for now.
  const std::string& date = settings.report_date;
  FUZZ_CHECK(date.empty() || (date.size() >= 10 && date[4] == '-'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string query(reinterpret_cast<const char*>(data), size);
  std::string report_uuid(kReportUuid);
  check(http::Request("GET", "/api/v3/report/" + report_uuid + "/pdf?" + query), report_uuid);
  check(http::Request("GET", "/api/v3/reports_overview/pdf?" + query), "");
  return 0;
}
