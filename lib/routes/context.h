#pragma once
// What a handler gets: the request, its path parameters, the configuration and the database.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/session.h"
#include "base/config.h"
#include "datamodel/data_model.h"
#include "db/database.h"
#include "db/reports.h"
#include "http/request.h"
#include "http/response.h"

namespace qta::routes {

using PathParams = std::vector<std::pair<std::string, std::string>>;

class Context {
 public:
  Context(const http::Request& the_request, PathParams params, const base::Config& the_config,
          db::Database& the_database)
      : request(the_request), config(the_config), database(the_database), params_(std::move(params)) {}

  // The value of a <name> placeholder of the matched route; a name the route lacks is a bug (logic_error).
  const std::string& param(std::string_view name) const;
  // The value of a placeholder that only some of the handler's routes have; nullopt for the others.
  std::optional<std::string> optional_param(std::string_view name) const;
  // The time-travel date of a query parameter (report_date, min_report_date), or "" for now.
  std::string report_date(std::string_view parameter = "report_date") const;
  // Who is changing something: the session's display name and email ("An operator" without a session).
  db::Author author() const;
  // The data model in force at `max_iso_timestamp` ("" for now); 503 while none is stored yet.
  std::shared_ptr<const datamodel::DataModel> data_model(const std::string& max_iso_timestamp = "") const;
  // The request body, which must be a JSON object (400 otherwise). The dispatcher has checked that the
  // database can store it (db/storable.h) before the handler runs.
  json::Value body_object() const;
  // body[key], which must be present (400 otherwise).
  json::Value body_value(const std::string& key) const;

  const http::Request& request;
  const base::Config& config;
  db::Database& database;
  // The caller's session: always set for routes that need authentication, absent for open routes.
  std::optional<auth::Session> session;

 private:
  PathParams params_;
};

}  // namespace qta::routes
