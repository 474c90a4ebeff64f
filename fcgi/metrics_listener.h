#pragma once
// The metrics listener process: answers GET /metrics on API_SERVER_METRICS_LISTEN from the counters the
// master shares with all its children, plus the per-report metric counts it reads itself. A process of
// its own so that neither a slow scraper nor a database read for a scrape takes a worker's thread, and
// so that the master stays single-threaded (it forks).

#include "base/config.h"

namespace qta::fcgi {

// Runs in the forked child until SIGTERM/SIGINT; returns the process exit code.
int run_metrics_listener(const base::Config& config, int listen_fd);

}  // namespace qta::fcgi
