#pragma once
// A worker process: a fixed set of accept threads answering requests, and a stream hub for the
// long-lived ones. Runs until SIGTERM, then stops accepting, lets in-flight requests finish, exits.

#include <atomic>

#include "base/config.h"

namespace qta::fcgi {

// Runs in the forked child; returns the process exit code. Until `initialized` is set (by the master, in
// memory it shares with the worker), every request is answered 503 with Retry-After.
int run_worker(const base::Config& config, int listen_fd, const std::atomic<bool>& initialized);

}  // namespace qta::fcgi
