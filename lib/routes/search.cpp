// POST /api/v3/<domain_object_type>/search: the uuids of reports, subjects, metrics or sources whose
// attribute has a given value. Errors answer 200 with "ok": false, as v5.8.0 does.
// Unlike v5.8.0, a search of sources by a credential (a password or token parameter) needs a session and
// counts as a guess for the login throttle: an answer tells whether a guessed secret is stored.
#include "auth/login_throttle.h"
#include "auth/session.h"
#include "base/log.h"
#include "db/reports.h"
#include "http/error.h"
#include "model/credentials.h"
#include "model/python_format.h"
#include "routes/handlers.h"

namespace qta::routes {

namespace {

// == as v5.8.0 compares: "1" does not match 1, but 1 matches 1.0 and true; null can be searched for.
// `credentials` is the data model when parameters that are credentials must not be compared, null when
// they may.
bool matches(const json::Value& item, const std::string& attribute, const json::Value& value, bool is_source,
             const datamodel::DataModel* credentials = nullptr) {
  if (is_source) {
    auto parameter = item.get("parameters").get(attribute);
    bool hidden =
        credentials != nullptr && credentials->is_password_parameter(item.get_string("type"), attribute);
    if (!hidden && parameter.present() && model::python_equal(parameter, value)) return true;
  }
  auto own = item.get(attribute);
  return own.present() && model::python_equal(own, value);
}

json::Value failure(const std::string& type, const std::string& error, const json::Value& query) {
  auto body = json::Value::object();
  body.set("domain_object_type", json::Value::string(type));
  body.set("error", json::Value::string(error));
  body.set("ok", json::Value::boolean(false));
  if (query.present()) body.set("search_query", query);
  return body;
}

// The caller of a search by a secret: logged in (401) and not over the guess limit (429); the search
// is counted before it runs, so parallel guesses count too.
void admit_secret_search(Context& context) {
  context.session =
      auth::authorize(context.database, context.request, {}, auth::throttle_rule(context.config));
  const base::Config& config = context.config;
  auth::LoginThrottle throttle(
      context.database,
      {config.login_user_failures, config.login_address_failures, config.login_window_seconds},
      auth::Guess::kSecretSearch);
  const std::string& username = context.session->username();
  const std::string& address = context.request.remote_address();
  std::int64_t now = auth::now_ms();
  if (int wait = throttle.retry_after(username, address, now); wait > 0) {
    base::log_warning("source search by a secret for {} from {} refused: too many searches", username,
                      address);
    throw http::Error(http::ErrorCode::kTooManyRequests,
                      "Too many searches by a credential; try again in " + std::to_string(wait) + " seconds.",
                      wait);
  }
  throttle.record_guess(username, address, now);
}

}  // namespace

http::Response search(Context& context) {
  const std::string& type = context.param("domain_object_type");
  auto body = context.request.json_body();
  if (!body.is_object())
    return http::Response::json(failure(type, "Expected a JSON object with one attribute and value.", {}));
  if (body.size() == 0) return http::Response::json(failure(type, "'pop from an empty set'", {}));
  auto [attribute, value] = body.items().front();
  if (value.is_array() || value.is_object()) {
    return http::Response::json(
        failure(type, std::string("unhashable type: '") + (value.is_array() ? "list" : "dict") + "'", {}));
  }
  auto query = json::Value::object();
  query.set(attribute, value);
  if (type != "report" && type != "subject" && type != "metric" && type != "source") {
    return http::Response::json(failure(type, "'" + type + "'", query));
  }
  // Searches by a secret compare with every credential; other searches stay open, as in v5.8.0, and
  // skip the parameters that GET /api/v3/report hides.
  std::shared_ptr<const datamodel::DataModel> open_search;
  if (type == "source") {
    auto data_model = context.data_model();
    if (model::is_secret_search_attribute(attribute, *data_model)) {
      admit_secret_search(context);
    } else {
      open_search = data_model;
    }
  }
  auto uuids = json::Value::array();
  for (const auto& report : db::latest_reports(context.database)) {
    if (type == "report") {
      if (matches(report, attribute, value, false)) uuids.append(report.get("report_uuid"));
      continue;
    }
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      if (type == "subject") {
        if (matches(subject, attribute, value, false)) uuids.append(json::Value::string(subject_uuid));
        continue;
      }
      for (const auto& [metric_uuid, metric] : subject.get("metrics").items()) {
        if (type == "metric") {
          if (matches(metric, attribute, value, false)) uuids.append(json::Value::string(metric_uuid));
          continue;
        }
        for (const auto& [source_uuid, source] : metric.get("sources").items()) {
          if (matches(source, attribute, value, true, open_search.get()))
            uuids.append(json::Value::string(source_uuid));
        }
      }
    }
  }
  auto answer = json::Value::object();
  answer.set("domain_object_type", json::Value::string(type));
  answer.set("ok", json::Value::boolean(true));
  answer.set("search_query", query);
  answer.set("uuids", uuids);
  return http::Response::json(answer);
}

}  // namespace qta::routes
