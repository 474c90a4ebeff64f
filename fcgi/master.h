#pragma once
// The master process: forks the workers and one initialisation child, respawns workers that die,
// replaces them on SIGHUP with a re-read configuration, and stops them all on SIGTERM/SIGINT.

#include <functional>

#include "base/config.h"

namespace qta::fcgi {

using ConfigLoader = std::function<base::Config()>;  // throws base::ConfigError

// Returns the process exit code: 0 after a clean stop. With a metrics listener (metrics_fd >= 0), one
// more child serves the metrics on it.
int run_master(ConfigLoader load_config, base::Config config, int listen_fd, int metrics_fd = -1);

}  // namespace qta::fcgi
