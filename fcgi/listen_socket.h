#pragma once
// The FastCGI listening socket: handed over by systemd (LISTEN_FDS) or bound to a unix socket path.

#include <string>

namespace qta::fcgi {

struct ListenSocket {
  int fd = -1;
  bool socket_activated = false;
  std::string path;  // the bound path when we created it (removed at exit), "" when inherited
};

// Throws std::runtime_error with the reason when the socket cannot be had.
ListenSocket open_listen_socket(const std::string& path);

}  // namespace qta::fcgi
