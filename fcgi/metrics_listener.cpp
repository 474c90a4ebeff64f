// The metrics listener: one connection at a time, each with a deadline, one request per connection.
#include "fcgi/metrics_listener.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/database_settings.h"
#include "app/report_status_metrics.h"
#include "base/log.h"
#include "db/mongo_database.h"
#include "fcgi/child_signals.h"
#include "metrics/exposition.h"
#include "metrics/metrics.h"
#include "metrics/scrape_request.h"

namespace qta::fcgi {

namespace {

using Clock = std::chrono::steady_clock;

// A scraper has this long to send its request and read the answer: a client that stalls holds the
// listener no longer than this (scrapes are serialised; Prometheus' own timeout is 10 s by default).
constexpr auto kConnectionDeadline = std::chrono::seconds(5);
constexpr auto kLinger = std::chrono::seconds(1);
// Database connections: the listener reads for one scrape at a time; one to spare.
constexpr int kDatabaseConnections = 2;
// The pause after accept() failed for want of descriptors or memory.
constexpr auto kAcceptRetryPause = std::chrono::milliseconds(100);
constexpr std::size_t kMaxDrained = 1 << 20;

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int millis_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits until `fd` is ready for `events` or the deadline passes (false).
bool wait_for(int fd, short events, Clock::time_point deadline) {
  while (true) {
    int left = millis_left(deadline);
    if (left == 0) return false;
    pollfd entry{fd, events, 0};
    int ready = poll(&entry, 1, left);
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

bool send_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && errno == EINTR) {
      continue;
    } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd, POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

class Listener {
 public:
  Listener(const base::Config& config, int listen_fd) : config_(config), listen_fd_(listen_fd) {
    if (config.metrics_report_interval_seconds > 0) {
      database_.emplace(app::serving_database_settings(config, kDatabaseConnections));
      summaries_ = std::make_unique<app::ReportSummaryCache>(
          *database_, std::chrono::seconds(config.metrics_report_interval_seconds));
    }
  }

  int run(int stop_fd) {
    while (true) {
      pollfd entries[2] = {{listen_fd_, POLLIN, 0}, {stop_fd, POLLIN, 0}};
      if (poll(entries, 2, -1) < 0) {
        if (errno == EINTR) continue;
        base::log_error("metrics listener: poll failed: {}", std::strerror(errno));
        return 1;
      }
      if (entries[1].revents != 0) return 0;
      if ((entries[0].revents & POLLIN) == 0) continue;
      int connection = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
      if (connection < 0) {
        // The client left before accept (try the next), or no descriptors or memory: not at full speed.
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          std::this_thread::sleep_for(kAcceptRetryPause);
        }
        continue;
      }
      FileDescriptor closer(connection);
      try {
        serve(connection);
      } catch (const std::exception& error) {
        base::log_error("metrics listener: a scrape failed: {}", error.what());
      }
    }
  }

 private:
  void serve(int fd) {
    auto deadline = Clock::now() + kConnectionDeadline;
    std::string received;
    metrics::ScrapeVerdict verdict = metrics::ScrapeVerdict::kIncomplete;
    while (verdict == metrics::ScrapeVerdict::kIncomplete) {
      if (!wait_for(fd, POLLIN, deadline)) return;  // silent or too slow: closed without an answer
      char buffer[2048];
      ssize_t got = recv(fd, buffer, sizeof buffer, 0);
      if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (got <= 0) {
        // The client closed (or reset) before a whole request head: answer what there is, if anything.
        if (received.empty()) return;
        verdict = metrics::ScrapeVerdict::kBadRequest;
        break;
      }
      received.append(buffer, static_cast<std::size_t>(got));
      verdict = metrics::judge_request(received);
    }
    if (metrics::Counters* counters = metrics::counters())
      counters->scrapes.fetch_add(1, std::memory_order_relaxed);
    std::string answer;
    if (verdict == metrics::ScrapeVerdict::kScrape || verdict == metrics::ScrapeVerdict::kHead) {
      answer = metrics::http_answer(200, metrics::kExpositionContentType, exposition(),
                                    verdict == metrics::ScrapeVerdict::kScrape);
    } else {
      answer = metrics::error_answer(verdict);
    }
    if (!send_all(fd, answer, deadline)) return;
    shutdown(fd, SHUT_WR);
    // Closing with unread input would reset the connection, and a reset can destroy the answer before
    // the client has read it (a refused oversized head): read what is left until the client closes.
    auto linger = std::min(deadline, Clock::now() + kLinger);
    char sink[4096];
    std::size_t drained = 0;
    while (drained < kMaxDrained && wait_for(fd, POLLIN, linger)) {
      ssize_t got = recv(fd, sink, sizeof sink, 0);
      if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
      if (got <= 0) break;
      drained += static_cast<std::size_t>(got);
    }
  }

  std::string exposition() {
    metrics::Counters* counters = metrics::counters();
    if (counters == nullptr) return "";
    if (!summaries_) return app::expose(*counters, nullptr);
    std::optional<app::ReportSummaries> summaries;
    {
      db::RequestDeadline deadline(std::chrono::milliseconds(config_.database_request_timeout_ms));
      summaries = summaries_->get();
    }
    return app::expose(*counters, &*summaries);
  }

  const base::Config& config_;
  int listen_fd_;
  std::optional<db::MongoDatabase> database_;
  std::unique_ptr<app::ReportSummaryCache> summaries_;
};

}  // namespace

int run_metrics_listener(const base::Config& config, int listen_fd) {
  // The stop signals arrive blocked from the master; they are read from a signalfd with the connections.
  sigset_t stop_signals = block_child_signals();
  int stop_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
  if (stop_fd < 0) {
    base::log_error("metrics listener cannot start: signalfd: {}", std::strerror(errno));
    return 1;
  }
  FileDescriptor stop_closer(stop_fd);
  prctl(PR_SET_NAME, "qta-metrics");  // tells it apart from the workers in ps and top
  try {
    Listener listener(config, listen_fd);
    base::log_info("metrics listener ready");
    return listener.run(stop_fd);
  } catch (const std::exception& error) {
    base::log_error("metrics listener cannot start: {}", error.what());
    return 1;
  }
}

}  // namespace qta::fcgi
