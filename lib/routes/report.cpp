// Report routes: read (with summaries), create, copy, delete, change attributes; the public key, export
// and import.
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "auth/session.h"
#include "base/log.h"
#include "crypto/random.h"
#include "crypto/rsa_keys.h"
#include "datamodel/data_model.h"
#include "db/bson.h"
#include "db/measurements.h"
#include "db/reports.h"
#include "db/secrets.h"
#include "db/storable.h"
#include "html/sanitize.h"
#include "http/error.h"
#include "model/credentials.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "model/summary.h"
#include "model/transformations.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {
// The status summary counts the metrics by the measurements of the past week.
constexpr int kStatusSummaryDays = 7;

// A report as a report GET shows it unsummarised: as stored, with its id as text and its credentials
// hidden.
std::string stored_report_text(const json::Value& report, const datamodel::DataModel& data_model) {
  auto shown = report.deep_copy();
  db::stringify_id(shown);
  model::hide_credentials(shown, data_model);
  return shown.dump();
}

// A report GET answers with every report, all but the one asked for as stored: on a large instance
// megabytes of JSON that change only when a report does, which copying, hiding and serialising again
// for each request made the bulk of its cost. So each worker keeps that text of each report, for the
// version the read cache holds (an entry holds that version, so its identity cannot be reused) and the
// data model that hid its credentials. Memory: about the JSON text of the newest versions, a tenth of
// what the read cache counts for them.
class StoredReportTexts {
 public:
  std::string text(const json::Value& report, const std::shared_ptr<const datamodel::DataModel>& data_model) {
    std::string report_uuid = report.get_string("report_uuid");
    {
      std::lock_guard lock(mutex_);
      auto found = entries_.find(report_uuid);
      if (found != entries_.end() && found->second.version.raw() == report.raw() &&
          same_owner(found->second.data_model, data_model)) {
        return found->second.text;
      }
    }
    std::string text = stored_report_text(report, *data_model);
    std::lock_guard lock(mutex_);
    entries_[report_uuid] = Entry{report, data_model, text};
    return text;
  }

  // Forgets the reports that are gone (deleted ones), so that their versions are not kept alive.
  void keep_only(const std::vector<json::Value>& reports) {
    std::set<std::string> current;
    for (const auto& report : reports) current.insert(report.get_string("report_uuid"));
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](const auto& entry) { return !current.contains(entry.first); });
  }

 private:
  struct Entry {
    json::Value version;
    std::weak_ptr<const datamodel::DataModel> data_model;
    std::string text;
  };

  static bool same_owner(const std::weak_ptr<const datamodel::DataModel>& kept,
                         const std::shared_ptr<const datamodel::DataModel>& current) {
    return !kept.owner_before(current) && !current.owner_before(kept);
  }

  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // by report uuid
};

StoredReportTexts& stored_report_texts() {
  static StoredReportTexts texts;
  return texts;
}
}  // namespace

http::Response get_report(Context& context) {
  std::string date = context.report_date();
  // /api/v3/report and /api/v3/report/ have no report_uuid: they ask for all reports.
  std::string wanted = context.optional_param("report_uuid").value_or("");
  auto data_model = context.data_model(date);
  // Now: the read cache's own documents, which only copies of them may change.
  auto reports =
      date.empty() ? db::shared_current_reports(context.database) : db::reports_as_of(context.database, date);
  std::vector<json::Value> summarized;
  for (const auto& report : reports) {
    if (wanted.empty() || report.get_string("report_uuid") == wanted) summarized.push_back(report);
  }
  auto measurements = db::recent_measurements(context.database, date, db::scope_of(summarized));
  // A report that did not exist at the date (or does not exist) is simply not in the list, as in v5.8.0:
  // the frontend then says that the report didn't exist at that date. The answer is written as text,
  // as Response::json would ({"ok":true,"reports":[...]}), so that kept texts need no parsing.
  std::string answer = R"({"ok":true,"reports":[)";
  for (std::size_t index = 0; index < reports.size(); ++index) {
    const auto& report = reports[index];
    if (index > 0) answer += ',';
    if (wanted.empty() || report.get_string("report_uuid") == wanted) {
      auto shown = model::summarize_report(report, measurements, *data_model);
      db::stringify_id(shown);
      model::hide_credentials(shown, *data_model);
      answer += shown.dump();
    } else if (date.empty()) {
      answer += stored_report_texts().text(report, data_model);
    } else {
      answer += stored_report_text(report, *data_model);
    }
  }
  answer += "]}";
  if (date.empty()) stored_report_texts().keep_only(reports);
  return http::Response::bytes(std::move(answer), "application/json");
}

http::Response get_report_metric_status_summary(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  auto data_model = context.data_model();
  auto measurements =
      db::recent_measurements(context.database, "", db::scope_of({report}), kStatusSummaryDays, true);
  auto body = json::Value::object();
  body.set("report_uuid", report.get("report_uuid"));
  body.set("title", report.get("title").present() ? report.get("title") : json::Value::string(""));
  for (const auto& [color, count] : model::status_colors(report, measurements, *data_model).items())
    body.set(color, count);
  return http::Response::json(body);
}

http::Response post_report_new(Context& context) {
  std::string report_uuid = crypto::uuid4();
  auto report = json::Value::object();
  report.set("report_uuid", json::Value::string(report_uuid));
  report.set("title", json::Value::string("New report"));
  report.set("subjects", json::Value::object());
  db::insert_new_reports(context.database, "{user} created a new report.", {report_uuid}, context.author(),
                         {report});
  return ok_response("new_report_uuid", report_uuid);
}

http::Response post_report_copy(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  auto copy = model::copy_report(report, *context.data_model());
  std::string copy_uuid = copy.get_string("report_uuid");
  enforce_report_limits(context, copy);
  db::insert_new_reports(context.database, "{user} copied the report '" + model::report_title(report) + "'.",
                         {report.get_string("report_uuid"), copy_uuid}, context.author(), {copy});
  return ok_response("new_report_uuid", copy_uuid);
}

http::Response delete_report(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  report.set("deleted", json::Value::string("true"));  // a string, as v5.8.0 stores it
  db::insert_new_reports(context.database, "{user} deleted the report '" + model::report_title(report) + "'.",
                         {report.get_string("report_uuid")}, context.author(), {report});
  return ok_response();
}

http::Response post_report_attribute(Context& context) {
  auto report = load_report(context, context.param("report_uuid"));
  const std::string& attribute =
      settable_attribute(context.param("report_attribute"),
                         {"_id", "report_uuid", "timestamp", "delta", "last", "deleted", "subjects",
                          "notification_destinations", "issue_tracker"},
                         "report");
  auto value = context.body_value(attribute);
  if (attribute == "comment" && model::truthy(value)) {
    if (!value.is_string()) throw http::Error(http::ErrorCode::kBadRequest, "A comment must be a string.");
    value = json::Value::string(html::sanitize_html(*value.as_string()));
  }
  std::string old_title = model::report_title(report);
  auto old_value = model::or_empty(report.get(attribute));
  report.set(attribute, value);
  // v5.8.0 writes a new version even when nothing changed.
  std::string change = attribute == "layout" ? ""
                                             : " from '" + model::python_str(old_value) + "' to '" +
                                                   model::python_str(value) + "'";
  db::insert_new_reports(context.database,
                         "{user} changed the " + attribute + " of report '" + old_title + "'" + change + ".",
                         {report.get_string("report_uuid")}, context.author(), {report});
  return ok_response();
}

}  // namespace qta::routes

namespace qta::routes {

http::Response get_public_key(Context& context) {
  auto keys = db::find_export_keys(context.database);
  auto body = json::Value::object();
  if (!keys) {
    throw http::Error(http::ErrorCode::kUnavailable,
                      "The key pair of this instance is not generated yet; the server is starting.");
  }
  body.set("public_key", json::Value::string(keys->public_key));
  return http::Response::json(body);
}

http::Response export_report_as_json(Context& context) {
  auto keys = db::find_export_keys(context.database);
  auto given = context.request.query("public_key");
  if (!given && !keys)
    throw http::Error(http::ErrorCode::kInternal,
                      "Cannot find the public key of this Quality-time instance.");
  std::string public_key = given ? *given : keys->public_key;
  if (given && !(keys && crypto::same_public_key(*given, keys->public_key))) {
    // Whoever holds the private key of a foreign key reads every credential of the export: only those who
    // may edit reports (and so set credentials) may choose that key. Unlike v5.8.0, where anyone logged in
    // may.
    context.session = auth::authorize(context.database, context.request, {auth::Permission::kEditReports},
                                      auth::throttle_rule(context.config));
  }
  auto report = load_report(context, context.param("report_uuid"));
  db::stringify_id(report);
  try {
    model::encrypt_credentials(report, public_key, *context.data_model());
  } catch (const crypto::CryptoError& error) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      std::string("Cannot encrypt with the given public key: ") + error.what());
  }
  return http::Response::json(report);
}

http::Response post_report_import(Context& context) {
  auto report = context.body_object();
  enforce_report_limits(context, report);
  auto data_model = context.data_model();
  if (auto problem = model::import_problem(report, *data_model); !problem.empty()) {
    throw http::Error(http::ErrorCode::kBadRequest, "Cannot import the report: " + problem + ".");
  }
  auto keys = db::find_export_keys(context.database);
  if (!keys)
    throw http::Error(http::ErrorCode::kInternal,
                      "Cannot find the private key of this Quality-time instance.");
  try {
    model::decrypt_credentials(report, keys->private_key, *data_model);
  } catch (const model::DecryptionError& error) {
    base::log_warning("report import refused: {}", error.what());
    throw http::Error(http::ErrorCode::kBadRequest,
                      "Decryption of source credentials failed.                 "
                      "Did you use the public key of this Quality-time instance to encrypt this report?");
  }
  for (const char* versioning : {"_id", "timestamp", "delta", "last", "deleted"}) report.erase(versioning);
  model::replace_report_uuids(report);
  std::string report_uuid = report.get_string("report_uuid");
  db::insert_new_reports(context.database, "{user} imported a new report", {report_uuid}, context.author(),
                         {report});
  return ok_response("new_report_uuid", report_uuid);
}

}  // namespace qta::routes
