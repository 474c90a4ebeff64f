// The exposition format writer and the rendering of the shared counters.
#include "metrics/exposition.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <memory>

#include "app/report_status_metrics.h"
#include "metrics/metrics.h"
#include "routes/route_table.h"

namespace qta::metrics {
namespace {

TEST(Exposition, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value(R"(a"b\c)"
                               "\n"
                               "d"),
            R"(a\"b\\c\nd)");
  EXPECT_EQ(escape_help(R"(say "x" \ )"
                        "\n"),
            R"(say "x" \\ \n)");
  EXPECT_EQ(escape_label_value("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(escape_label_value("bad \xff byte"), "bad \xef\xbf\xbd byte") << "the format is UTF-8";
}

TEST(Exposition, FormatsValues) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(42), "42");
  EXPECT_EQ(format_value(-3), "-3");
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(0.001), "0.001");
  EXPECT_EQ(format_value(1796111141.3155148), "1796111141.3155148");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
  EXPECT_EQ(format_value(1e300), "1e+300");
}

TEST(Exposition, WritesFamiliesAndSamples) {
  Exposition out;
  out.family("x_total", "counter", "Things.\nCounted.");
  out.sample("x_total", {{"route", "/api/<id>"}, {"status", "200"}}, 3);
  out.sample("x_total", {}, 1);
  EXPECT_EQ(out.text(),
            "# HELP x_total Things.\\nCounted.\n"
            "# TYPE x_total counter\n"
            "x_total{route=\"/api/<id>\",status=\"200\"} 3\n"
            "x_total 1\n");
}

TEST(Exposition, HistogramBucketsAreCumulative) {
  Exposition out;
  std::array<double, 2> bounds = {0.1, 1};
  std::array<std::uint64_t, 3> per_bucket = {2, 0, 1};
  out.histogram("d_seconds", {{"route", "r"}}, bounds, per_bucket, 1.5);
  EXPECT_EQ(out.text(),
            "d_seconds_bucket{route=\"r\",le=\"0.1\"} 2\n"
            "d_seconds_bucket{route=\"r\",le=\"1\"} 2\n"
            "d_seconds_bucket{route=\"r\",le=\"+Inf\"} 3\n"
            "d_seconds_sum{route=\"r\"} 1.5\n"
            "d_seconds_count{route=\"r\"} 3\n");
}

TEST(Histogram, PutsAnObservationInTheFirstBucketThatHoldsIt) {
  Histogram histogram;
  histogram.observe(std::chrono::milliseconds(1));   // exactly on the 0.001 bound: le is "less or equal"
  histogram.observe(std::chrono::milliseconds(30));  // 0.05
  histogram.observe(std::chrono::seconds(60));       // +Inf
  EXPECT_EQ(histogram.buckets[0].load(), 1u);
  EXPECT_EQ(histogram.buckets[5].load(), 1u);
  EXPECT_EQ(histogram.buckets[kLatencyBuckets.size()].load(), 1u);
  EXPECT_EQ(histogram.sum_microseconds.load(), 60031000u);
}

TEST(Expose, RendersCountersWithRouteLabelsAndReportGauges) {
  auto counters = std::make_unique<Counters>();
  counters->requests[0][status_index(200)] = 2;
  counters->requests[kUnmatchedRoute][status_index(404)] = 1;
  counters->requests[kUnmatchedRoute][status_index(418)] = 1;
  counters->request_latency[0].buckets[3] = 2;
  counters->processes[7].in_flight = 2;
  counters->processes[9].in_flight = 1;
  counters->processes[9].open_streams = 4;
  counters->worker_restarts = 1;
  app::ReportSummaries summaries;
  summaries.succeeded = true;
  summaries.computed_at = 1700000000;
  summaries.reports.push_back({"r1", "A \"quoted\" title", {{"red", 2}, {"green", 1}}});
  std::string text = app::expose(*counters, &summaries);
  auto has = [&](const std::string& line) { return text.find("\n" + line + "\n") != std::string::npos; };
  EXPECT_TRUE(
      has("quality_time_api_requests_total{method=\"POST\",route=\"/api/v3/login\",status=\"200\"} 2"))
      << text;
  EXPECT_TRUE(has("quality_time_api_requests_total{method=\"\",route=\"unmatched\",status=\"404\"} 1"));
  EXPECT_TRUE(has("quality_time_api_requests_total{method=\"\",route=\"unmatched\",status=\"other\"} 1"));
  EXPECT_TRUE(
      has("quality_time_api_request_duration_seconds_count{method=\"POST\",route=\"/api/v3/login\"} 2"));
  EXPECT_TRUE(has("quality_time_api_requests_in_flight 3"));
  EXPECT_TRUE(has("quality_time_api_open_streams 4"));
  EXPECT_TRUE(has("quality_time_api_worker_restarts_total 1"));
  EXPECT_TRUE(has("quality_time_api_report_summary_timestamp_seconds 1700000000"));
  EXPECT_TRUE(
      has("quality_time_report_metrics{report_uuid=\"r1\",report_title=\"A \\\"quoted\\\" "
          "title\",status=\"red\"} 2"));
  EXPECT_EQ(text.find("route=\"/api/v3/logout\""), std::string::npos) << "rows never answered are left out";
  EXPECT_EQ(app::expose(*counters, nullptr).find("quality_time_report_metrics"), std::string::npos);
}

TEST(Counters, FitTheRouteTableAndAreSharedWithoutLocks) {
  EXPECT_LE(routes::route_table().size(), kMaxRouteRows);
  EXPECT_TRUE(Counter::is_always_lock_free);
  EXPECT_EQ(status_index(200), 0u);
  EXPECT_EQ(status_index(999), kOtherStatus);
}

}  // namespace
}  // namespace qta::metrics
