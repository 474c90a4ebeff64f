#pragma once
// The FastCGI listening socket: handed over by systemd (LISTEN_FDS) or bound to a unix socket path.

#include <sys/types.h>

#include <string>

namespace qta::fcgi {

struct ListenSocket {
  int fd = -1;
  bool socket_activated = false;
  std::string path;  // the bound path when we created it (removed at exit), "" when inherited
  // The socket file we bound, to recognise it at exit: by then another server may have bound a new one
  // at the same path (after our file was removed), and that one is not ours to remove.
  dev_t device = 0;
  ino_t inode = 0;
};

// Throws std::runtime_error with the reason when the socket cannot be had.
ListenSocket open_listen_socket(const std::string& path);

// The metrics listener of API_SERVER_METRICS_LISTEN: HOST:PORT, [IPV6]:PORT (TCP) or unix:PATH. Throws
// std::runtime_error with the reason when it cannot be had.
ListenSocket open_metrics_listener(const std::string& setting_value);

// Removes the socket file if it is still the one `socket` bound; leaves any other file at the path.
void remove_own_socket_file(const ListenSocket& socket);

}  // namespace qta::fcgi
