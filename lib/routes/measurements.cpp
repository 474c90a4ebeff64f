// Measurement routes: reading measurements, entity edits, pushed measurements, and the number of
// measurements as a server-sent-event stream.
#include "db/measurements.h"

#include <chrono>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>

#include "base/date_time.h"
#include "base/log.h"
#include "db/reports.h"
#include "db/storable.h"
#include "http/error.h"
#include "model/desired_response_times.h"
#include "model/ingest.h"
#include "model/measurement.h"
#include "model/python_format.h"
#include "model/report_tree.h"
#include "routes/handlers.h"
#include "routes/report_access.h"

namespace qta::routes {

namespace {

// The measurement count shared by all streams of this process for a second: a hundred streams ticking
// together cost one query, and a dead database costs one timeout per second, not one per stream.
class SharedMeasurementCount {
 public:
  std::int64_t get(db::Database& database) {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - checked_ > std::chrono::seconds(1)) {
      checked_ = now;
      count_.reset();
      count_ = database.estimated_count("measurements");  // throws while the database is unavailable
    }
    if (!count_)
      throw http::Error(http::ErrorCode::kUnavailable,
                        "The database is unavailable, please try again later.");
    return *count_;
  }

 private:
  std::mutex mutex_;
  std::chrono::steady_clock::time_point checked_;
  std::optional<std::int64_t> count_;
};

SharedMeasurementCount& shared_count() {
  static SharedMeasurementCount instance;
  return instance;
}

// How long an EventSource client waits before it reconnects, in ms (sent with every event, as v5.8.0 does).
constexpr int kReconnectMs = 2000;
// The size of the "flush" event's data.
constexpr std::size_t kFlushBytes = 64 * 1024;

std::string sse_event(std::int64_t id, std::string_view event, std::string_view data) {
  std::string packed = "retry: " + std::to_string(kReconnectMs) + "\nid: " + std::to_string(id) + "\nevent: ";
  packed += event;
  packed += "\ndata: ";
  packed += data;
  packed += "\n\n";
  return packed;
}

// Sends "init" with the current count, a 64 KiB "flush" event (v5.8.0 sends it to push the stream
// through buffering proxies, and its frontend expects it), then a "delta" event whenever the count has
// changed, checked every API_SERVER_STREAM_INTERVAL seconds (ten, as v5.8.0). Unchanged ticks send an SSE
// comment so that proxies see a live connection and a departed client is noticed.
class NrMeasurementsStream : public http::Stream {
 public:
  NrMeasurementsStream(db::Database& database, std::int64_t first_event_id, std::int64_t count,
                       int interval_seconds)
      : database_(database), event_id_(first_event_id), count_(count), interval_seconds_(interval_seconds) {}

  bool open(const Sink& sink) override {
    if (!sink(sse_event(event_id_++, "init", std::to_string(count_)))) return false;
    return sink(sse_event(event_id_++, "flush", std::string(kFlushBytes, '.')));
  }

  bool tick(const Sink& sink) override {
    std::int64_t count;
    try {
      count = shared_count().get(database_);
    } catch (const std::exception&) {
      return sink(": database unavailable\n\n");  // keep the stream; the next tick tries again
    }
    if (count == count_) return sink(": no change\n\n");
    count_ = count;
    return sink(sse_event(event_id_++, "delta", std::to_string(count)));
  }

  int tick_interval_seconds() const override { return interval_seconds_; }

 private:
  db::Database& database_;
  std::int64_t event_id_;
  std::int64_t count_;
  int interval_seconds_;
};

std::int64_t first_event_id(const http::Request& request) {
  auto last = request.header("Last-Event-Id");
  if (!last) return 0;
  try {
    long long last_id = std::stoll(*last);
    return last_id < std::numeric_limits<long long>::max() ? last_id + 1 : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

http::Response stream_nr_measurements(Context& context) {
  // Counted here, not in the stream, so that a dead database is a 503 before any event is sent.
  std::int64_t count = shared_count().get(context.database);
  auto stream = std::make_shared<NrMeasurementsStream>(context.database, first_event_id(context.request),
                                                       count, context.config.stream_interval_seconds);
  return http::Response::stream(stream, "text/event-stream");
}

}  // namespace qta::routes

namespace qta::routes {

namespace {

json::Value measurements_answer(const std::vector<json::Value>& measurements) {
  auto list = json::Value::array();
  for (const auto& measurement : measurements) list.append(measurement);
  auto body = json::Value::object();
  body.set("measurements", list);
  return body;
}

}  // namespace

http::Response get_measurements(Context& context) {
  return http::Response::json(measurements_answer(db::measurements_in_period(
      context.database, context.report_date("min_report_date"), context.report_date())));
}

http::Response get_metric_measurements(Context& context) {
  std::string metric_uuid = context.param("metric_uuid");
  metric_uuid = metric_uuid.substr(0, metric_uuid.find('&'));  // v5.8.0 ignores anything from '&' on
  return http::Response::json(
      measurements_answer(db::all_metric_measurements(context.database, metric_uuid, context.report_date())));
}

http::Response set_entity_attribute(Context& context) {
  const std::string& attribute = attribute_name(context.param("attribute"));
  // The entity key becomes a key of the stored entity_user_data.
  if (!db::nested_key_problem(context.param("entity_key")).empty()) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      "Invalid entity key '" + context.param("entity_key") + "'.");
  }
  auto value = context.body_value(attribute);
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto latest = db::latest_measurement(context.database, metric_uuid);
  if (!latest)
    throw http::Error(http::ErrorCode::kNotFound, "Metric " + metric_uuid + " has no measurements.");
  auto data_model = context.data_model();
  auto when = model::now();
  auto measurement = latest->deep_copy();
  measurement.erase("_id");
  measurement.set("start", json::Value::string(when.iso_timestamp));
  measurement.set("end", json::Value::string(when.iso_timestamp));
  const std::string& source_uuid = context.param("source_uuid");
  const std::string& entity_key = context.param("entity_key");
  json::Value source;
  for (const auto& candidate : measurement.get("sources").elements()) {
    if (candidate.get_string("source_uuid") == source_uuid) source = candidate;
  }
  json::Value entity;
  for (const auto& candidate : source.get("entities").elements()) {
    if (candidate.get_string("key") == entity_key) entity = candidate;
  }
  if (!entity.present()) {
    throw http::Error(http::ErrorCode::kNotFound,
                      "Entity " + entity_key + " of source " + source_uuid + " not found.");
  }
  std::string entity_description;
  for (const auto& [key, entity_value] : entity.items()) {
    if (key == "key" || key == "url") continue;
    entity_description += (entity_description.empty() ? "" : "/") + model::python_str(entity_value);
  }
  auto user_data = model::children(source, "entity_user_data");
  auto entity_data = model::children(user_data, entity_key.c_str());
  auto old_value = model::or_empty(entity_data.get(attribute));
  std::string description = context.author().name + " changed the " + attribute + " of '" +
                            entity_description + "' from '" + model::python_str(old_value) + "' to '" +
                            model::python_str(value) + "'";
  entity_data.set(attribute, value);
  if (attribute == "status") {
    auto days = model::entity_response_days(place.report, value.as_string().value_or(""));
    auto end_date =
        days && *days != 0 ? json::Value::string(base::local_date_in(*days)) : json::Value::null();
    entity_data.set("status_end_date", end_date);
    description += " and changed the status end date to '" + model::python_str(end_date) + "'";
  }
  auto delta = json::Value::object();
  auto uuids = json::Value::array();
  for (const auto& id :
       {place.report.get_string("report_uuid"), place.subject_uuid, metric_uuid, source_uuid}) {
    uuids.append(json::Value::string(id));
  }
  delta.set("uuids", uuids);
  delta.set("description", json::Value::string(description + "."));
  delta.set("email", json::Value::string(context.author().email));
  measurement.set("delta", delta);
  model::update_measurement(measurement, *latest, place.metric, *data_model, when);
  return http::Response::json(db::insert_measurement(context.database, measurement));
}

http::Response post_metric_measurement(Context& context) {
  auto pushed = context.body_object();
  auto reports = db::latest_reports(context.database);
  const std::string& metric_uuid = context.param("metric_uuid");
  auto place = load_metric(reports, metric_uuid);
  auto data_model = context.data_model();
  auto latest = db::latest_measurement(context.database, metric_uuid);
  try {
    auto measurement = model::measurement_from_push(pushed, place.report.get_string("report_uuid"),
                                                    metric_uuid, place.metric, latest.value_or(json::Value()),
                                                    *data_model, model::now(), context.config.report_limits);
    return http::Response::json(db::insert_measurement(context.database, measurement));
  } catch (const model::IngestError& error) {
    throw http::Error(http::ErrorCode::kBadRequest,
                      std::string("Invalid measurement: ") + error.what() + ".");
  }
}

}  // namespace qta::routes
