#pragma once
// Declarations of every route handler, grouped by the file (domain area) that defines them.

#include "http/response.h"
#include "routes/context.h"

namespace qta::routes {

// auth.cpp
http::Response post_login(Context& context);
http::Response post_logout(Context& context);
// changelog.cpp
http::Response get_changelog(Context& context);
http::Response get_report_changelog(Context& context);
http::Response get_subject_changelog(Context& context);
http::Response get_metric_changelog(Context& context);
http::Response get_source_changelog(Context& context);
// datamodel.cpp
http::Response get_data_model(Context& context);
// documentation.cpp
http::Response get_api(Context& context);
// openapi.cpp
http::Response get_openapi(Context& context);
// issue_tracker.cpp
http::Response post_report_issue_tracker_attribute(Context& context);
http::Response get_report_issue_tracker_options(Context& context);
http::Response get_report_issue_tracker_suggestions(Context& context);
http::Response add_metric_issue(Context& context);
// logo.cpp
http::Response get_logo(Context& context);
// measurements.cpp
http::Response stream_nr_measurements(Context& context);
http::Response get_measurements(Context& context);
http::Response get_metric_measurements(Context& context);
http::Response set_entity_attribute(Context& context);
http::Response post_metric_measurement(Context& context);
// metric.cpp
http::Response post_metric_new(Context& context);
http::Response post_metric_copy(Context& context);
http::Response post_move_metric(Context& context);
http::Response delete_metric(Context& context);
http::Response post_metric_attribute(Context& context);
http::Response post_metric_debt(Context& context);
// notification.cpp
http::Response post_new_notification_destination(Context& context);
http::Response delete_notification_destination(Context& context);
http::Response post_notification_destination_attributes(Context& context);
// report.cpp
http::Response get_public_key(Context& context);
http::Response export_report_as_json(Context& context);
http::Response post_report_import(Context& context);
http::Response get_report(Context& context);
http::Response get_report_metric_status_summary(Context& context);
http::Response post_report_new(Context& context);
http::Response post_report_copy(Context& context);
http::Response delete_report(Context& context);
http::Response post_report_attribute(Context& context);
// pdf.cpp
http::Response export_report_as_pdf(Context& context);
http::Response export_reports_overview_as_pdf(Context& context);
// reports_overview.cpp
http::Response get_reports_overview(Context& context);
http::Response post_reports_overview_attribute(Context& context);
// search.cpp
http::Response search(Context& context);
// server.cpp
http::Response get_server(Context& context);
// settings.cpp
http::Response get_settings(Context& context);
http::Response put_settings(Context& context);
// tokens.cpp
http::Response post_token(Context& context);
http::Response get_tokens(Context& context);
http::Response delete_token(Context& context);
// source.cpp
http::Response post_source_new(Context& context);
http::Response post_source_copy(Context& context);
http::Response post_move_source(Context& context);
http::Response delete_source(Context& context);
http::Response post_source_attribute(Context& context);
http::Response post_source_parameter(Context& context);
// subject.cpp
http::Response post_new_subject(Context& context);
http::Response post_subject_copy(Context& context);
http::Response post_move_subject(Context& context);
http::Response delete_subject(Context& context);
http::Response post_subject_attribute(Context& context);

}  // namespace qta::routes
