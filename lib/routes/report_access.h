#pragma once
// Shared by the routes that work on one report: loading it (404 when absent) and the usual answers.

#include <initializer_list>
#include <string>
#include <string_view>

#include "http/response.h"
#include "json/json.h"
#include "model/report_tree.h"
#include "routes/context.h"

namespace qta::routes {

// The latest version of the report; throws http::Error(kNotFound) "Report with UUID <uuid> not found.".
json::Value load_report(Context& context, const std::string& report_uuid);
[[noreturn]] json::Value report_not_found(const std::string& report_uuid);
// {"ok": true}, optionally with one more string member ({"ok": true, "new_report_uuid": "..."}).
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
const std::string& settable_attribute(const std::string& name, std::initializer_list<std::string_view> managed,
                                      std::string_view item);
http::Response ok_response();
http::Response ok_response(const char* key, const std::string& value);

}  // namespace qta::routes
