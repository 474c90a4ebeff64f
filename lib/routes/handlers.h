#pragma once
// Declarations of every route handler, grouped by the file (domain area) that defines them.

#include "http/response.h"
#include "routes/context.h"

namespace qta::routes {

// auth.cpp
http::Response post_login(Context& context);
http::Response post_logout(Context& context);
// datamodel.cpp
http::Response get_data_model(Context& context);
// documentation.cpp
http::Response get_api(Context& context);
// logo.cpp
http::Response get_logo(Context& context);
// measurements.cpp
http::Response stream_nr_measurements(Context& context);
// reports_overview.cpp
http::Response get_reports_overview(Context& context);
// server.cpp
http::Response get_server(Context& context);
// settings.cpp
http::Response get_settings(Context& context);
http::Response put_settings(Context& context);

}  // namespace qta::routes
