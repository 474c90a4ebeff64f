// Prometheus metrics on their own listener (API_SERVER_METRICS_LISTEN) and through nginx/metrics.conf:
// the exposition parsed by prometheus_client's parser, the counters moved by real requests, and the
// per-report gauges equal to what metric_status_summary answers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "support/stack.h"

namespace qta::e2e {

namespace {

const std::string kParser = std::string(QTA_SOURCE_DIR) + "/tests/e2e/support/parse_metrics.py";

bool have_parser() {
  return run_command({"/usr/bin/python3", "-c", "import prometheus_client.parser"}, {}).exit_code == 0;
}

// One scrape, as prometheus_client parses it.
class Scrape {
 public:
  explicit Scrape(const std::string& text) : text_(text) {
    auto parsed = run_command({"/usr/bin/python3", kParser}, {}, text);
    if (parsed.exit_code != 0)
      throw std::runtime_error("the exposition does not parse: " + parsed.output + "\n" + text);
    json_ = json::Value::parse(parsed.output);
  }
  // The value of the one sample with this name and these labels (others may be present); -1 when none.
  double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
    double found = -1;
    int matches = 0;
    for (const auto& sample : json_.get("samples").elements()) {
      if (sample.at(0).as_string().value_or("") != name) continue;
      bool all = true;
      for (const auto& [key, wanted] : labels) all = all && sample.at(1).get_string(key) == wanted;
      if (!all) continue;
      found = sample.at(2).as_number().value_or(-2);
      ++matches;
    }
    if (matches > 1) throw std::runtime_error("more than one sample of " + name + " matches");
    return found;
  }
  // 0 for a counter sample that has not appeared yet.
  double count(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
    return std::max(value(name, labels), 0.0);
  }
  std::string type(const std::string& family) const { return json_.get("types").get_string(family); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  json::Value json_;
};

// Sends raw bytes to the metrics listener and returns all it answers before closing.
std::string raw_exchange(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return "connect failed";
  }
  send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string answer;
  char buffer[4096];
  ssize_t got;
  while ((got = recv(fd, buffer, sizeof buffer, 0)) > 0) answer.append(buffer, static_cast<std::size_t>(got));
  close(fd);
  return answer;
}

std::string process_name(pid_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_parser()) GTEST_SKIP() << "no python3-prometheus-client (scripts/setup installs it)";
  }
  Scrape scrape(const Stack& stack) const {
    auto response = HttpClient("http://127.0.0.1:" + std::to_string(stack.metrics_port())).get("/metrics");
    if (response.status != 200)
      throw std::runtime_error("scrape answered " + std::to_string(response.status));
    EXPECT_EQ(response.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    return Scrape(response.body);
  }
};

const std::map<std::string, std::string> kServerRoute = {{"method", "GET"}, {"route", "/api/v3/server"}};
const std::map<std::string, std::string> kLoginRoute = {{"method", "POST"}, {"route", "/api/v3/login"}};

std::map<std::string, std::string> with(std::map<std::string, std::string> labels, const std::string& key,
                                        const std::string& value) {
  labels[key] = value;
  return labels;
}

HttpResponse failed_login(const HttpClient& http) {
  return http.request("POST", "/api/v3/login", R"({"username": "jadoe", "password": "wrong"})",
                      {"Content-Type: application/json"});
}

}  // namespace

TEST_F(MetricsTest, CountersFollowRequestsAndReportGaugesMatchTheSummaries) {
  Stack stack(StackOptions{.environment = {"LOGIN_THROTTLE_USER_FAILURES=2"}, .metrics = true});
  stack.wait_until_initialized();
  auto http = stack.client();

  // A measurement, so that the per-report counts are not all white.
  auto reports = http.get("/api/v3/report").json().get("reports");
  ASSERT_GT(reports.size(), 0u);
  std::string report_uuid, metric_uuid, source_uuid;
  for (const auto& report : reports.elements()) {
    for (const auto& [subject_uuid, subject] : report.get("subjects").items()) {
      for (const auto& [uuid, metric] : subject.get("metrics").items()) {
        auto sources = metric.get("sources").items();
        if (!sources.empty() && metric_uuid.empty() && metric.get_string("scale", "count") == "count") {
          report_uuid = report.get_string("report_uuid");
          metric_uuid = uuid;
          source_uuid = sources.front().first;
        }
      }
    }
  }
  ASSERT_FALSE(metric_uuid.empty());
  auto added = stack.run_server_command({"measurement", "add", metric_uuid, source_uuid + "=0"});
  ASSERT_EQ(added.exit_code, 0) << added.output;

  Scrape before = scrape(stack);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(http.get("/api/v3/server").status, 200);
  EXPECT_EQ(http.get("/api/v3/no/such/route/at/all").status, 404);
  EXPECT_EQ(failed_login(http).status, 200);  // v5.8.0 says {"ok": false}
  EXPECT_EQ(failed_login(http).status, 200);
  EXPECT_EQ(failed_login(http).status, 429);  // the throttle: two failures for the user are enough
  auto pdf = http.request("GET", "/api/v3/report/" + report_uuid + "/pdf", "", {}, 120);
  ASSERT_EQ(pdf.status, 200);
  OpenStreams stream(http.base_url() + "/api/v3/nr_measurements", 1);
  ASSERT_EQ(stream.wait_for_bytes(1, 20), 1);

  // A worker counts a request once it has written the answer, and a stream once its hub holds it: the
  // client may see either a moment before. The stream came last.
  const std::map<std::string, std::string> stream_route = {{"route", "/api/v3/nr_measurements"},
                                                           {"status", "200"}};
  Scrape after = scrape(stack);
  for (int i = 0; i < 100 && (after.value("quality_time_api_open_streams") != 1 ||
                              after.count("quality_time_api_requests_total", stream_route) == 0);
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = scrape(stack);
  }
  // Every family declared with its type.
  EXPECT_EQ(after.type("quality_time_api_requests"), "counter");
  EXPECT_EQ(after.type("quality_time_api_request_duration_seconds"), "histogram");
  EXPECT_EQ(after.type("quality_time_api_requests_in_flight"), "gauge");
  EXPECT_EQ(after.type("quality_time_report_metrics"), "gauge");

  auto delta = [&](const std::string& name, const std::map<std::string, std::string>& labels = {}) {
    return after.count(name, labels) - before.count(name, labels);
  };
  EXPECT_EQ(delta("quality_time_api_requests_total", with(kServerRoute, "status", "200")), 3);
  EXPECT_EQ(delta("quality_time_api_request_duration_seconds_count", kServerRoute), 3);
  EXPECT_EQ(delta("quality_time_api_request_duration_seconds_bucket", with(kServerRoute, "le", "+Inf")), 3);
  EXPECT_GT(delta("quality_time_api_request_duration_seconds_sum", kServerRoute), 0);
  EXPECT_EQ(delta("quality_time_api_requests_total", {{"route", "unmatched"}, {"status", "404"}}), 1);
  EXPECT_EQ(delta("quality_time_api_requests_total", with(kLoginRoute, "status", "200")), 2);
  EXPECT_EQ(delta("quality_time_api_requests_total", with(kLoginRoute, "status", "429")), 1);
  EXPECT_EQ(delta("quality_time_api_login_failures_total"), 2);
  EXPECT_EQ(delta("quality_time_api_logins_throttled_total"), 1);
  EXPECT_EQ(delta("quality_time_api_pdf_render_duration_seconds_count"), 1);
  EXPECT_GT(delta("quality_time_api_pdf_render_duration_seconds_sum"), 0);
  EXPECT_EQ(delta("quality_time_api_requests_total",
                  {{"route", "/api/v3/report/<report_uuid>/pdf"}, {"status", "200"}}),
            1);
  EXPECT_GT(delta("quality_time_api_database_command_duration_seconds_count"), 0);
  EXPECT_EQ(after.value("quality_time_api_database_errors_total", {{"kind", "unavailable"}}), 0);
  EXPECT_EQ(after.value("quality_time_api_open_streams"), 1);
  EXPECT_EQ(after.value("quality_time_api_requests_in_flight"), 0);
  EXPECT_EQ(after.value("quality_time_api_worker_restarts_total"), 0);

  // The per-report gauges: computed once per interval (60 s by default), equal to metric_status_summary.
  EXPECT_EQ(after.value("quality_time_api_report_summary_success"), 1);
  EXPECT_EQ(after.value("quality_time_api_report_summary_timestamp_seconds"),
            before.value("quality_time_api_report_summary_timestamp_seconds"));
  double non_white = 0;
  for (const auto& report : reports.elements()) {
    std::string uuid = report.get_string("report_uuid");
    auto summary = http.get("/api/v3/report/" + uuid + "/metric_status_summary").json();
    for (const char* color : {"red", "green", "yellow", "grey", "blue", "white"}) {
      double gauge = after.value("quality_time_report_metrics", {{"report_uuid", uuid}, {"status", color}});
      EXPECT_EQ(gauge, static_cast<double>(summary.get(color).as_integer().value_or(-1)))
          << uuid << " " << color;
      if (std::string(color) != "white") non_white += gauge;
    }
  }
  EXPECT_GE(non_white, 1) << "the measurement added gave one metric a status";
  stream.close();

  // A killed worker: counted as a restart, and what it had open no longer counts.
  std::vector<pid_t> workers;
  for (pid_t pid : child_pids(stack.server().pid())) {
    if (process_name(pid) != "qta-metrics") workers.push_back(pid);
  }
  ASSERT_FALSE(workers.empty());
  kill(workers.front(), SIGKILL);
  double restarts = 0;
  for (int i = 0; i < 200 && restarts == 0; ++i) {
    restarts = scrape(stack).value("quality_time_api_worker_restarts_total");
    if (restarts == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(restarts, 1);
  Scrape later = scrape(stack);
  EXPECT_EQ(later.value("quality_time_api_requests_in_flight"), 0);
  // What the killed worker counted stays counted.
  EXPECT_GE(later.count("quality_time_api_requests_total", with(kServerRoute, "status", "200")),
            after.count("quality_time_api_requests_total", with(kServerRoute, "status", "200")));
  if (std::getenv("QTA_SHOW_METRICS") != nullptr) std::cout << later.text();
}

TEST_F(MetricsTest, ListenerAnswersOnlyGetMetricsAndSurvivesMalformedRequests) {
  Stack stack(StackOptions{
      .workers = 1, .ldap = false, .environment = {"API_SERVER_METRICS_REPORT_INTERVAL=0"}, .metrics = true});
  int port = stack.metrics_port();
  auto status_line = [](const std::string& answer) { return answer.substr(0, answer.find("\r\n")); };
  EXPECT_EQ(status_line(raw_exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")), "HTTP/1.1 200 OK");
  auto head = raw_exchange(port, "HEAD /metrics HTTP/1.0\r\n\r\n");
  EXPECT_EQ(status_line(head), "HTTP/1.1 200 OK");
  EXPECT_EQ(head.substr(head.find("\r\n\r\n") + 4), "");
  EXPECT_EQ(status_line(raw_exchange(port, "GET /other HTTP/1.1\r\n\r\n")), "HTTP/1.1 404 Not Found");
  EXPECT_EQ(status_line(raw_exchange(port, "POST /metrics HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 405 Method Not Allowed");
  EXPECT_EQ(status_line(raw_exchange(port, "garbage\r\n\r\n")), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(raw_exchange(port, "GET /metrics HTTP/9\r\n\r\n")), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(raw_exchange(port, std::string(20000, 'A'))), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(raw_exchange(port, std::string("GET /metrics\0 HTTP/1.1\r\n\r\n", 26))),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(raw_exchange(port, ""), "");  // connected and left: no answer, no harm
  auto scraped = scrape(stack);
  EXPECT_EQ(scraped.value("quality_time_report_metrics"), -1) << "per-report gauges are off with interval 0";
  EXPECT_GE(scraped.value("quality_time_api_scrapes_total"), 9);

  // Not exposed by the API's nginx site; exposed by nginx/metrics.conf to the allowed host only.
  EXPECT_EQ(stack.client().get("/metrics").status, 404);
  auto through_nginx = stack.nginx_metrics_client().get("/metrics");
  EXPECT_EQ(through_nginx.status, 200);
  Scrape parsed(through_nginx.body);
  EXPECT_GE(parsed.value("quality_time_api_scrapes_total"), 10);
  EXPECT_EQ(stack.nginx_metrics_client().get("/api/v3/server").status, 404);

  // A reload replaces the listener process, not the socket nor the counts.
  kill(stack.server().pid(), SIGHUP);
  for (int i = 0; i < 250 && stack.server_log().find("reloaded:") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  double scrapes = parsed.value("quality_time_api_scrapes_total");
  for (int i = 0; i < 3; ++i) {
    double now = scrape(stack).value("quality_time_api_scrapes_total");
    EXPECT_GT(now, scrapes);
    scrapes = now;
  }
}

}  // namespace qta::e2e
