// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/socket_io.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace mtasts::replay {

void unique_fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

namespace {

unique_fd bind_unlistened(const std::string& address, std::uint16_t port, sock_kind kind) {
  const std::string what =
      std::string(kind == sock_kind::tcp ? "TCP " : "UDP ") + address + ":" + std::to_string(port);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1)
    throw bind_error("cannot bind " + what + ": not an IPv4 address");
  unique_fd fd(::socket(AF_INET, kind == sock_kind::tcp ? SOCK_STREAM : SOCK_DGRAM, 0));
  if (fd.get() < 0) throw bind_error("cannot create a socket for " + what + ": " + strerror(errno));
  const int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0)
    throw bind_error("cannot bind " + what + ": " + strerror(errno));
  return fd;
}

}  // namespace

unique_fd bind_socket(const std::string& address, std::uint16_t port, sock_kind kind) {
  unique_fd fd = bind_unlistened(address, port, kind);
  if (kind == sock_kind::tcp && ::listen(fd.get(), 64) != 0)
    throw bind_error("cannot listen on " + address + ":" + std::to_string(port) + ": " +
                     strerror(errno));
  set_nonblocking(fd.get());
  return fd;
}

unique_fd reserve_tcp_port(const std::string& address) {
  return bind_unlistened(address, 0, sock_kind::tcp);
}

std::uint16_t bound_port(int fd) {
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) return 0;
  return ntohs(sa.sin_port);
}

void bind_on_one_port(std::uint16_t port, const std::function<void()>& bind_all) {
  for (int pick = 1;; ++pick) {
    try {
      bind_all();
      return;
    } catch (const bind_error&) {
      if (port != 0 || pick >= max_port_picks) throw;
    }
  }
}

bool wait_fd(int fd, short events, clock::time_point deadline, const std::atomic<bool>& stop) {
  // Short ticks so a stop is noticed quickly without a wake-up pipe per connection.
  constexpr auto tick = std::chrono::milliseconds(100);
  while (!stop.load()) {
    const auto now = clock::now();
    if (now >= deadline) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min(left, tick).count()) + 1);
    if (r > 0) return (p.revents & (events | POLLHUP | POLLERR)) != 0;
    if (r < 0 && errno != EINTR) return false;
  }
  return false;
}

void accept_loop(int listen_fd, const std::atomic<bool>& stop,
                 const std::function<void(unique_fd)>& serve) {
  while (!stop.load()) {
    if (!wait_fd(listen_fd, POLLIN, clock::now() + io_timeout, stop)) continue;
    const int c = ::accept(listen_fd, nullptr, nullptr);
    if (c < 0) continue;
    set_nonblocking(c);
    serve(unique_fd(c));
  }
}

void abort_connection(unique_fd& fd) {
  if (fd.get() < 0) return;
  const linger l{1, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
  fd.reset();
}

}  // namespace mtasts::replay
