// Pre-fork master: worker generations, respawn, graceful reload and stop.
#include "fcgi/master.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "app/database_settings.h"
#include "app/initialization.h"
#include "base/log.h"
#include "datamodel/data_model.h"
#include "db/mongo_database.h"
#include "fcgi/metrics_listener.h"
#include "fcgi/worker.h"
#include "http/error.h"
#include "metrics/metrics.h"

namespace qta::fcgi {

namespace {

using Clock = std::chrono::steady_clock;

// The initialisation retries while the database is unreachable, and says so at the first attempt and
// then every this many attempts (a minute).
constexpr auto kInitializationRetryPause = std::chrono::seconds(2);
constexpr int kInitializationWarnEvery = 30;
// A child that ended within this time of its start, or a failed initialisation, is started again only
// after this pause: no fork loop.
constexpr auto kRespawnPause = std::chrono::seconds(1);
// How often a stop checks whether the children have ended.
constexpr auto kStopPollInterval = std::chrono::milliseconds(20);

enum class Role { kWorker, kInitializer, kMetrics };

struct Child {
  Role role;
  int generation;
  Clock::time_point started;
  std::size_t metrics_slot;  // a worker's gauges in the shared metrics
};

int initializer_main(const base::Config& config) {
  signal(SIGTERM, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  app::InitializationSettings settings;
  try {
    settings.data_model = datamodel::read_data_model_file(config.data_model_file);
  } catch (const datamodel::DataModelError& error) {
    base::log_error("database initialisation cannot start: {}", error.what());
    return 1;
  }
  settings.keep_database_data_model = config.keep_database_data_model;
  if (config.load_example_reports) settings.example_reports_dir = config.example_reports_dir;
  db::MongoDatabase database(app::database_settings(config));
  for (int attempt = 1;; ++attempt) {
    try {
      app::initialize_database(database, settings);
      base::log_info("database initialised");
      return 0;
    } catch (const http::Error& error) {
      if (attempt == 1 || attempt % kInitializationWarnEvery == 0) {
        base::log_warning("database initialisation waits for the database (attempt {}): {}", attempt,
                          error.what());
      }
    }
    std::this_thread::sleep_for(kInitializationRetryPause);
  }
}

// A flag in memory shared with the workers forked after it: they answer 503 until the initialisation
// child has finished, as v5.8.0 does not listen before its initialisation is done.
class SharedFlag {
 public:
  SharedFlag() {
    void* memory =
        mmap(nullptr, sizeof(std::atomic<bool>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::runtime_error("cannot map shared memory for the start-up flag");
    flag_ = new (memory) std::atomic<bool>(false);
  }
  ~SharedFlag() { munmap(flag_, sizeof(std::atomic<bool>)); }
  SharedFlag(const SharedFlag&) = delete;
  SharedFlag& operator=(const SharedFlag&) = delete;
  std::atomic<bool>& get() { return *flag_; }

 private:
  std::atomic<bool>* flag_;
};
static_assert(std::atomic<bool>::is_always_lock_free, "the flag is shared between processes");

class Master {
 public:
  Master(ConfigLoader loader, base::Config config, int listen_fd, int metrics_fd)
      : loader_(std::move(loader)),
        config_(std::move(config)),
        listen_fd_(listen_fd),
        metrics_fd_(metrics_fd) {
    metrics::create_shared_counters();  // before any fork: every child shares it
  }

  int run() {
    sigset_t signals;
    sigemptyset(&signals);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&signals, s);
    sigprocmask(SIG_BLOCK, &signals, nullptr);

    spawn(Role::kInitializer);
    if (metrics_fd_ >= 0) spawn(Role::kMetrics);
    for (int i = 0; i < worker_count(); ++i) spawn(Role::kWorker);
    base::log_warning("quality-time-api master {} started {} workers of {} threads", getpid(), worker_count(),
                      config_.threads);
    while (true) {
      timespec timeout{1, 0};
      int signal = sigtimedwait(&signals, nullptr, &timeout);
      if (signal == SIGTERM || signal == SIGINT) return stop();
      if (signal == SIGHUP) reload();
      reap();
    }
  }

 private:
  int worker_count() const {
    if (config_.workers > 0) return config_.workers;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 0 ? static_cast<int>(cores) : 1;
  }

  void spawn(Role role) {
    pid_t master = getpid();
    std::size_t slot = role == Role::kWorker ? take_metrics_slot() : metrics::kNoProcessSlot;
    pid_t pid = fork();
    if (pid < 0) {
      base::log_error("fork failed; will retry");
      release_metrics_slot(slot);
      return;
    }
    if (pid == 0) {
      // A master killed with SIGKILL cannot stop its children: they stop by themselves (SIGTERM, the
      // graceful stop), instead of serving on as orphans that keep the socket and confuse the next server.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != master) std::exit(0);  // it died before prctl()
      metrics::set_process_slot(slot);
      int code = role == Role::kWorker    ? run_worker(config_, listen_fd_, initialized_.get())
                 : role == Role::kMetrics ? run_metrics_listener(config_, metrics_fd_)
                                          : initializer_main(config_);
      db::shutdown_driver();
      std::exit(code);  // not _exit: LeakSanitizer checks workers at exit in the sanitizer build
    }
    children_[pid] = Child{role, generation_, Clock::now(), slot};
  }

  // A worker's slot for its in-flight and open-stream gauges; freed (and zeroed) when it has exited, so
  // that what a killed worker was doing does not stay counted.
  std::size_t take_metrics_slot() {
    for (std::size_t slot = 0; slot < metrics_slots_used_.size(); ++slot) {
      if (!metrics_slots_used_[slot]) {
        metrics_slots_used_[slot] = true;
        metrics::clear_process_slot(slot);
        return slot;
      }
    }
    return metrics::kNoProcessSlot;
  }
  void release_metrics_slot(std::size_t slot) {
    if (slot >= metrics_slots_used_.size()) return;
    metrics::clear_process_slot(slot);
    metrics_slots_used_[slot] = false;
  }

  void reap() {
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      auto found = children_.find(pid);
      if (found == children_.end()) continue;
      Child child = found->second;
      children_.erase(found);
      release_metrics_slot(child.metrics_slot);
      if (child.role == Role::kInitializer) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
          initialized_.get() = true;
          base::log_warning("start-up initialisation done; serving requests");
        } else {
          base::log_error("database initialisation process {} failed; starting it again", pid);
          std::this_thread::sleep_for(kRespawnPause);
          spawn(Role::kInitializer);
        }
        continue;
      }
      if (child.generation != generation_) continue;  // an old generation leaving after a reload
      if (child.role == Role::kMetrics) {
        base::log_error("metrics listener {} ended (status {}); starting a new one", pid, status);
        if (Clock::now() - child.started < kRespawnPause) std::this_thread::sleep_for(kRespawnPause);
        spawn(Role::kMetrics);
        continue;
      }
      metrics::record_worker_restart();
      if (WIFSIGNALED(status)) {
        base::log_error("worker {} killed by signal {}; starting a new one", pid, WTERMSIG(status));
      } else {
        base::log_error("worker {} exited with code {}; starting a new one", pid, WEXITSTATUS(status));
      }
      // A worker that dies at once (bad configuration, broken database URL) must not become a fork loop.
      if (Clock::now() - child.started < kRespawnPause) std::this_thread::sleep_for(kRespawnPause);
      spawn(Role::kWorker);
    }
  }

  void reload() {
    try {
      std::string metrics_listen = config_.metrics_listen;
      config_ = loader_();
      if (config_.metrics_listen != metrics_listen) {
        base::log_warning(
            "API_SERVER_METRICS_LISTEN takes effect at the next start; still serving metrics on '{}'",
            metrics_listen);
      }
      base::set_log_level(config_.log_level);
    } catch (const std::exception& error) {
      base::log_error("reload refused, keeping the running configuration: {}", error.what());
      return;
    }
    int old_generation = generation_++;
    for (int i = 0; i < worker_count(); ++i) spawn(Role::kWorker);
    if (metrics_fd_ >= 0) spawn(Role::kMetrics);  // with the new report interval; the listener stays open
    // The old workers finish what they are serving while the new ones already accept.
    for (const auto& [pid, child] : children_) {
      if (child.role != Role::kInitializer && child.generation == old_generation) kill(pid, SIGTERM);
    }
    base::log_warning("reloaded: {} new workers, the old ones are finishing", worker_count());
  }

  int stop() {
    base::log_warning("stopping: waiting up to {} s for in-flight requests",
                      config_.shutdown_timeout_seconds);
    for (const auto& [pid, child] : children_) kill(pid, SIGTERM);
    auto deadline = Clock::now() + std::chrono::seconds(config_.shutdown_timeout_seconds);
    while (!children_.empty() && Clock::now() < deadline) {
      int status = 0;
      pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid > 0) {
        children_.erase(pid);
      } else {
        std::this_thread::sleep_for(kStopPollInterval);
      }
    }
    for (const auto& [pid, child] : children_) {
      base::log_warning("process {} did not stop in time; killing it", pid);
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    base::log_warning("stopped");
    return 0;
  }

  ConfigLoader loader_;
  base::Config config_;
  int listen_fd_;
  int metrics_fd_;
  std::vector<bool> metrics_slots_used_ = std::vector<bool>(metrics::kMaxProcessSlots, false);
  int generation_ = 0;
  std::map<pid_t, Child> children_;
  SharedFlag initialized_;
};

}  // namespace

int run_master(ConfigLoader load_config, base::Config config, int listen_fd, int metrics_fd) {
  return Master(std::move(load_config), std::move(config), listen_fd, metrics_fd).run();
}

}  // namespace qta::fcgi
