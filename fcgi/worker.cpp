// Worker process: accept threads, dispatch, hand-over of streams, graceful stop.
#include "fcgi/worker.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "app/database_settings.h"
#include "base/log.h"
#include "db/mongo_database.h"
#include "fcgi/child_signals.h"
#include "fcgi/fcgi_exchange.h"
#include "fcgi/stream_hub.h"
#include "http/error.h"
#include "metrics/metrics.h"
#include "routes/route_table.h"

namespace qta::fcgi {

namespace {

constexpr int kWakeSignal = SIGUSR2;
constexpr std::size_t kMaxStreamsPerWorker = 2000;
constexpr int kStartingRetryAfterSeconds = 2;
// Database connections beyond one per accept thread: the stream hub's ticks, and one to spare.
constexpr int kExtraDatabaseConnections = 2;
// How often shutdown wakes the accept threads again, until all have left accept().
constexpr auto kWakeInterval = std::chrono::milliseconds(20);
// The pause after a failed accept, so that a lasting failure does not spin.
constexpr auto kAcceptRetryPause = std::chrono::milliseconds(10);

void on_wake_signal(int) {}  // only interrupts accept()

std::string new_request_id() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  auto bits = generator();
  for (char& c : id) {
    c = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

class Worker {
 public:
  Worker(const base::Config& config, int listen_fd, const std::atomic<bool>& initialized)
      : config_(config),
        listen_fd_(listen_fd),
        initialized_(initialized),
        database_(app::serving_database_settings(config, config.threads + kExtraDatabaseConnections)),
        dispatcher_(config_, database_),
        hub_(kMaxStreamsPerWorker) {}

  int run(const sigset_t& stop_signals) {
    running_threads_ = config_.threads;
    for (int i = 0; i < config_.threads; ++i) threads_.emplace_back([this] { accept_loop(); });
    base::log_info("worker ready with {} threads ({} may run expensive routes, {} more wait for them)",
                   config_.threads, dispatcher_.expensive_slots().size(),
                   dispatcher_.expensive_slots().waiting_room());
    int signal = 0;
    sigwait(&stop_signals, &signal);
    base::log_info("worker stopping on signal {}", signal);
    stopping_ = true;
    announce_shutdown();
    // A signal sent just before a thread enters accept() is lost, so keep nudging until all have left.
    while (running_threads_ > 0) {
      for (auto& thread : threads_) pthread_kill(thread.native_handle(), kWakeSignal);
      std::this_thread::sleep_for(kWakeInterval);
    }
    for (auto& thread : threads_) thread.join();
    hub_.stop();
    base::log_info("worker stopped");
    return 0;
  }

 private:
  void accept_loop() {
    sigset_t wake;
    sigemptyset(&wake);
    sigaddset(&wake, kWakeSignal);
    pthread_sigmask(SIG_UNBLOCK, &wake, nullptr);
    while (!stopping_) {
      try {
        auto exchange = std::make_unique<Exchange>(listen_fd_);
        if (!exchange->accept()) {
          if (!stopping_) std::this_thread::sleep_for(kAcceptRetryPause);  // transient accept error
          continue;
        }
        serve(exchange);
      } catch (...) {
        // Only the exchange itself can fail here (out of memory): this thread keeps accepting.
        base::log_error("accepting a request failed");
        std::this_thread::sleep_for(kAcceptRetryPause);
      }
    }
    --running_threads_;
  }

  // The per-request boundary: whatever a request does, the worker and its other requests live on.
  void serve(std::unique_ptr<Exchange>& exchange) noexcept {
    try {
      answer(exchange);
    } catch (const std::exception& error) {
      // Only writing the answer can get here (no memory for it): nginx answers 502 for this request.
      base::log_error("request ended without an answer: {}", error.what());
    } catch (...) {
      base::log_error("request ended without an answer");
    }
    base::set_thread_request_id("");
  }

  void answer(std::unique_ptr<Exchange>& exchange) {
    auto started = std::chrono::steady_clock::now();
    metrics::InFlight in_flight;
    std::size_t route_row = metrics::kUnmatchedRoute;
    db::CommandCount database_commands;
    http::Response response;
    std::string method = "?";
    std::string path = "?";
    std::string request_id;
    try {
      http::Request request = exchange->read_request();
      if (request.id().empty()) request.set_id(new_request_id());
      request_id = request.id();
      base::set_thread_request_id(request_id);
      method = request.method();
      path = request.path();
      request.set_client_gone_probe([&exchange] { return exchange->peer_gone(); });
      if (request.client_gone()) {
        base::log_warning("{} {} not started: the client has gone", method, path);
        base::set_thread_request_id("");
        return;
      }
      if (!initialized_) {
        throw http::Error(http::ErrorCode::kUnavailable, "The server is starting, please try again shortly.",
                          kStartingRetryAfterSeconds);
      }
      response = dispatcher_.dispatch(request, route_row);
    } catch (const http::Error& error) {  // raised while reading the request or before dispatch
      response = http::to_response(error);
    } catch (const std::exception& error) {
      base::log_error("{} {} failed before dispatch: {}", method, path, error.what());
      response = http::internal_error_response(request_id);
    } catch (...) {
      base::log_error("{} {} failed before dispatch", method, path);
      response = http::internal_error_response(request_id);
    }
    if (!request_id.empty()) response.set_header("X-Request-Id", request_id);
    if (config_.database_commands_header) {
      response.set_header("X-Database-Commands", std::to_string(database_commands.commands()));
    }
    if (response.stream_body()) {
      serve_stream(exchange, response);
    } else {
      exchange->write_response(response);
    }
    auto duration = std::chrono::steady_clock::now() - started;
    metrics::record_request(route_row, response.status(), duration);
    auto elapsed = std::chrono::duration<double, std::milli>(duration).count();
    base::log_info("{} {} {} {} ms {} database commands in {} ms", method, path, response.status(), elapsed,
                   database_commands.commands(), database_commands.database_time().count() / 1000.0);
  }

  void serve_stream(std::unique_ptr<Exchange>& exchange, const http::Response& response) {
    auto stream = response.stream_body();
    auto sink = [&](std::string_view chunk) { return exchange->write_chunk(chunk); };
    if (!exchange->write_stream_head(response) || !stream->open(sink)) return;
    if (!hub_.adopt(exchange, stream)) {
      base::log_warning("stream refused: {} streams already open in this worker", hub_.size());
    }
  }

  const base::Config& config_;
  int listen_fd_;
  const std::atomic<bool>& initialized_;
  db::MongoDatabase database_;
  routes::Dispatcher dispatcher_;
  StreamHub hub_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> running_threads_{0};
};

}  // namespace

int run_worker(const base::Config& config, int listen_fd, const std::atomic<bool>& initialized) {
  // Every thread blocks the stop signals; the main thread waits for them with sigwait(). Accept threads
  // unblock only the wake signal, whose handler is installed without SA_RESTART so accept() returns.
  sigset_t stop_signals = block_child_signals({kWakeSignal});
  struct sigaction wake {};
  wake.sa_handler = on_wake_signal;
  sigaction(kWakeSignal, &wake, nullptr);
  signal(SIGCHLD, SIG_DFL);

  initialize_fcgi();
  try {
    Worker worker(config, listen_fd, initialized);
    return worker.run(stop_signals);
  } catch (const std::exception& error) {
    base::log_error("worker cannot start: {}", error.what());
    return 1;
  }
}

}  // namespace qta::fcgi
