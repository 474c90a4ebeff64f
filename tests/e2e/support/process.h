#pragma once
// Child processes for the end-to-end tests: started with an environment, stopped with a signal.

#include <sys/types.h>

#include <string>
#include <vector>

namespace qta::e2e {

class Process {
 public:
  Process() = default;
  // Starts `argv` with the current environment plus `environment` (KEY=VALUE); output goes to `log_path`.
  Process(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
          const std::string& log_path);
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  ~Process();  // SIGKILLs a process still running

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int signal_number) const;
  // Waits up to `seconds` for the process to exit; returns its wait status, or -1 on timeout.
  int wait(double seconds);
  // SIGTERM, wait, then SIGKILL if needed; returns the wait status of the exit.
  int stop(double seconds = 15);

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

struct CommandResult {
  int exit_code = -1;
  std::string output;  // standard output and standard error together
};
// Runs a command to its end with `input` on its standard input.
CommandResult run_command(const std::vector<std::string>& argv, const std::vector<std::string>& environment,
                          const std::string& input = "");

// Children of a process (from /proc), e.g. the workers of the master.
std::vector<pid_t> child_pids(pid_t parent);
// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();
// Polls until a TCP connect to 127.0.0.1:port succeeds or the time is up.
bool wait_for_port(int port, double seconds);
std::string read_file(const std::string& path);

}  // namespace qta::e2e
