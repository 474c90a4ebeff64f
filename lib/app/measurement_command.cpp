// The measurement ingest subcommand.
#include "app/measurement_command.h"

#include <iostream>

#include "app/database_settings.h"
#include "app/subcommand.h"
#include "db/datamodel_cache.h"
#include "db/measurements.h"
#include "db/mongo_database.h"
#include "db/reports.h"
#include "model/ingest.h"
#include "model/report_tree.h"

namespace qta::app {

namespace {
void usage(std::ostream& err) {
  err << "Usage: quality-time-api measurement add METRIC_UUID SOURCE_UUID=VALUE [SOURCE_UUID=VALUE ...]\n"
         "Stores a measurement of the metric with these source values, as the collector would.\n";
}
}  // namespace

int run_measurement_command(const base::Config& config, const std::vector<std::string>& arguments,
                            std::ostream& out, std::ostream& err) {
  if (arguments.size() < 3 || arguments[0] != "add") {
    usage(err);
    return 2;
  }
  const std::string& metric_uuid = arguments[1];
  auto pushed = json::Value::object();
  auto sources = json::Value::array();
  for (std::size_t i = 2; i < arguments.size(); ++i) {
    auto equals = arguments[i].find('=');
    if (equals == std::string::npos || equals == 0) {
      usage(err);
      return 2;
    }
    auto source = json::Value::object();
    source.set("source_uuid", json::Value::string(arguments[i].substr(0, equals)));
    source.set("value", json::Value::string(arguments[i].substr(equals + 1)));
    sources.append(source);
  }
  pushed.set("sources", sources);
  return run_subcommand(err, [&] {
    db::MongoDatabase database(database_settings(config));
    auto reports = db::latest_reports(database);
    auto place = model::find_metric(reports, metric_uuid);
    if (!place) throw CommandError("no metric " + metric_uuid);
    auto stored_model = db::data_model_cache().at(database, "");
    if (!stored_model) throw CommandError("the database has no data model yet");
    auto latest = db::latest_measurement(database, metric_uuid);
    json::Value measurement;
    try {
      measurement = model::measurement_from_push(pushed, place->report.get_string("report_uuid"), metric_uuid,
                                                 place->metric, latest.value_or(json::Value()),
                                                 *stored_model->model, model::now(), config.report_limits);
    } catch (const model::IngestError& error) {
      throw CommandError(std::string("invalid measurement: ") + error.what());
    }
    db::insert_measurement(database, measurement);
    out << "stored a measurement of metric " << metric_uuid << "\n";
    return 0;
  });
}

}  // namespace qta::app
