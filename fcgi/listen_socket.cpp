// Socket activation or a bound unix socket.
#include "fcgi/listen_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace qta::fcgi {

namespace {
constexpr int kSystemdFirstFd = 3;  // SD_LISTEN_FDS_START
constexpr int kBacklog = 1024;

bool systemd_handed_us_a_socket() {
  const char* pid = std::getenv("LISTEN_PID");
  const char* fds = std::getenv("LISTEN_FDS");
  return pid != nullptr && fds != nullptr && std::atol(pid) == static_cast<long>(getpid()) && std::atoi(fds) >= 1;
}

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }
}  // namespace

ListenSocket open_listen_socket(const std::string& path) {
  ListenSocket result;
  if (systemd_handed_us_a_socket()) {
    // Clear the variables so that nothing we start later believes the socket is meant for it.
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    result.fd = kSystemdFirstFd;
    result.socket_activated = true;
    return result;
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path) {
    throw std::runtime_error("API_SERVER_SOCKET must be a path shorter than " +
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
  if (listen(fd, kBacklog) != 0) {
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
