// The signal mask and dispositions of the serving children.
#include "fcgi/child_signals.h"

#include <pthread.h>

namespace qta::fcgi {

sigset_t block_child_signals(std::initializer_list<int> also_blocked) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigset_t blocked = stop_signals;
  sigaddset(&blocked, SIGHUP);
  for (int signal : also_blocked) sigaddset(&blocked, signal);
  pthread_sigmask(SIG_SETMASK, &blocked, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return stop_signals;
}

}  // namespace qta::fcgi
