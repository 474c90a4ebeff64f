#pragma once
// Shared by the routes that work on a report or its items: loading them (404 when absent), the checks
// before storing and the usual answers.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "http/response.h"
#include "json/json.h"
#include "model/report_tree.h"
#include "routes/context.h"

namespace qta::routes {

// Each load_* function answers 404 (http::Error(kNotFound), "<Item> with UUID <uuid> not found.") when
// the item is absent.

// The latest version of the report, read from the database.
json::Value load_report(Context& context, const std::string& report_uuid);
// The report among `reports` (the latest versions of all reports, db::latest_reports).
json::Value load_report(const std::vector<json::Value>& reports, const std::string& report_uuid);
// The subject, metric or source among `reports` (db::latest_reports), with the items that hold it.
model::SubjectPlace load_subject(const std::vector<json::Value>& reports, const std::string& subject_uuid);
model::MetricPlace load_metric(const std::vector<json::Value>& reports, const std::string& metric_uuid);
model::SourcePlace load_source(const std::vector<json::Value>& reports, const std::string& source_uuid);
// One of the report's notification destinations.
json::Value load_notification_destination(const json::Value& report, const std::string& destination_uuid);
// Throws the 404 of a missing report.
[[noreturn]] json::Value report_not_found(const std::string& report_uuid);

// Moves an item to the position named by `position` ("first", "last", "previous", "next"); 400 otherwise.
model::Reordering reorder_or_400(json::Value& container, const char* map_key, const std::string& key,
                                 const json::Value& position);
// Throws http::Error(kBadRequest) when the report exceeds what one report may hold (model/report_limits.h);
// called by every route that adds to a report, before anything is stored.
void enforce_report_limits(const Context& context, const json::Value& report);
// An attribute name from the URL or the body, checked to be storable as a key (db::key_problem): not
// empty, no '.', no leading '$', no NUL.
const std::string& attribute_name(const std::string& name);
// An attribute name for an attribute route: storable, and none of `managed`, the fields that hold the
// item's children or its version bookkeeping (such as a report's "subjects" or "last"), which other
// routes change and which a value of the wrong shape would make unreadable (400).
const std::string& settable_attribute(const std::string& name,
                                      std::initializer_list<std::string_view> managed, std::string_view item);
// {"ok": true}, optionally with one more string member ({"ok": true, "new_report_uuid": "..."}).
http::Response ok_response();
http::Response ok_response(const char* key, const std::string& value);

}  // namespace qta::routes
