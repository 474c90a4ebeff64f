// Socket activation or a bound unix socket.
#include "fcgi/listen_socket.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace qta::fcgi {

namespace {
constexpr int kSystemdFirstFd = 3;  // SD_LISTEN_FDS_START
constexpr int kBacklog = 1024;
constexpr int kMetricsBacklog = 16;  // scrapers are few

bool systemd_handed_us_a_socket() {
  const char* pid = std::getenv("LISTEN_PID");
  const char* fds = std::getenv("LISTEN_FDS");
  return pid != nullptr && fds != nullptr && std::atol(pid) == static_cast<long>(getpid()) &&
         std::atoi(fds) >= 1;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}
}  // namespace

namespace {

ListenSocket bind_unix_socket(const std::string& path, const char* setting, int backlog) {
  ListenSocket result;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path) {
    throw std::runtime_error(std::string(setting) + " must be a path shorter than " +
                             std::to_string(sizeof address.sun_path) + " bytes: '" + path + "'");
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket()");
  // A socket file left by a previous run that died would make bind() fail; a live server on the same
  // path would answer connect(), and then we must not steal its socket.
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    close(fd);
    throw std::runtime_error("another server is already listening on " + path);
  }
  unlink(path.c_str());
  mode_t old_mask = umask(0117);  // rw for owner and group: nginx reaches it through the group
  int bound = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  umask(old_mask);
  if (bound != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    fail("bind(" + path + ")");
  }
  if (listen(fd, backlog) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    fail("listen(" + path + ")");
  }
  struct stat bound_file;
  if (stat(path.c_str(), &bound_file) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    fail("stat(" + path + ")");
  }
  result.fd = fd;
  result.path = path;
  result.device = bound_file.st_dev;
  result.inode = bound_file.st_ino;
  return result;
}

ListenSocket bind_tcp_socket(const std::string& setting_value) {
  std::string host;
  std::string port;
  std::size_t colon = setting_value.rfind(':');
  if (!setting_value.empty() && setting_value.front() == '[') {
    std::size_t bracket = setting_value.find(']');
    if (bracket != std::string::npos && bracket + 1 == colon)
      host = setting_value.substr(1, bracket - 1);
    else
      colon = std::string::npos;
  } else if (colon != std::string::npos) {
    host = setting_value.substr(0, colon);
  }
  if (colon == std::string::npos || colon + 1 == setting_value.size()) {
    throw std::runtime_error("API_SERVER_METRICS_LISTEN must be HOST:PORT, [IPV6]:PORT or unix:PATH, not '" +
                             setting_value + "'");
  }
  port = setting_value.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (int problem = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found);
      problem != 0) {
    throw std::runtime_error("API_SERVER_METRICS_LISTEN '" + setting_value + "': " + gai_strerror(problem));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
  int fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) fail("socket()");
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // a restart while old connections linger
  if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, kMetricsBacklog) != 0) {
    int saved = errno;
    close(fd);
    errno = saved;
    fail("cannot listen on API_SERVER_METRICS_LISTEN " + setting_value);
  }
  ListenSocket result;
  result.fd = fd;
  return result;
}

}  // namespace

ListenSocket open_listen_socket(const std::string& path) {
  if (systemd_handed_us_a_socket()) {
    // Clear the variables so that nothing we start later believes the socket is meant for it.
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    ListenSocket result;
    result.fd = kSystemdFirstFd;
    result.socket_activated = true;
    return result;
  }
  return bind_unix_socket(path, "API_SERVER_SOCKET", kBacklog);
}

ListenSocket open_metrics_listener(const std::string& setting_value) {
  constexpr std::string_view kUnixPrefix = "unix:";
  if (setting_value.starts_with(kUnixPrefix)) {
    return bind_unix_socket(setting_value.substr(kUnixPrefix.size()), "API_SERVER_METRICS_LISTEN's path",
                            kMetricsBacklog);
  }
  return bind_tcp_socket(setting_value);
}

void remove_own_socket_file(const ListenSocket& socket) {
  if (socket.path.empty()) return;
  struct stat file;
  // A file replaced between this check and unlink() would still go: nothing unlinks by inode, and the
  // window is a few microseconds at exit.
  if (lstat(socket.path.c_str(), &file) != 0 || !S_ISSOCK(file.st_mode) || file.st_dev != socket.device ||
      file.st_ino != socket.inode) {
    return;
  }
  unlink(socket.path.c_str());
}

}  // namespace qta::fcgi
