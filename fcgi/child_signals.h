#pragma once
// The signal set-up of a forked child that serves (a worker, the metrics listener).

#include <signal.h>

#include <initializer_list>

namespace qta::fcgi {

// Sets the calling thread's signal mask, which the threads it starts later inherit, to block the stop
// signals (SIGTERM, SIGINT), SIGHUP (the master's reload, not the child's) and `also_blocked`, and
// ignores SIGPIPE: a peer gone mid-write is an error return, not a dead child. Returns the stop
// signals, for the child to read with sigwait() or a signalfd. Call before starting any thread.
sigset_t block_child_signals(std::initializer_list<int> also_blocked = {});

}  // namespace qta::fcgi
