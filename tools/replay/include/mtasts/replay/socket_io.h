// SPDX-License-Identifier: Apache-2.0
// Loopback sockets for the replay servers: an owning descriptor, binding, and waiting with a
// deadline that also ends when the server is stopping, so no connection outlives a stop.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace mtasts::replay {

using clock = std::chrono::steady_clock;

// How long one read or write may wait before the connection is dropped.
inline constexpr std::chrono::seconds io_timeout{30};

// How many client connections the replay serves at once, DNS over TCP, HTTPS and SMTP
// together (a check makes a handful). One more is closed as soon as it is accepted; the next
// after a connection ends is served again.
inline constexpr std::size_t max_replay_connections = 64;

class unique_fd {
 public:
  unique_fd() = default;
  explicit unique_fd(int fd) : fd_(fd) {}
  ~unique_fd() { reset(); }
  unique_fd(unique_fd&& o) noexcept : fd_(o.release()) {}
  unique_fd& operator=(unique_fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = o.release();
    }
    return *this;
  }
  unique_fd(const unique_fd&) = delete;
  unique_fd& operator=(const unique_fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

// A socket could not be bound: the CLI reports it and exits 2.
class bind_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class sock_kind : std::uint8_t { tcp, udp };

// A non-blocking socket bound to address:port (TCP ones listening). Port 0 picks one.
unique_fd bind_socket(const std::string& address, std::uint16_t port, sock_kind kind);
// A TCP socket bound to a free port on address that never listens: while it is open nobody
// else can listen there, and a connection to it is refused.
unique_fd reserve_tcp_port(const std::string& address);
// The port a bound socket got.
std::uint16_t bound_port(int fd);

// How many ports a server asked for port 0 tries when it needs one port on several sockets
// (DNS on UDP and TCP, SMTP on every MX address): the first socket picks a free port, and
// another process may hold it for the others.
inline constexpr int max_port_picks = 16;

// Runs bind_all, which binds every socket of one server on `port` (0: the first socket picks
// one) and throws bind_error. With port 0 a bind_error is retried (bind_all starts afresh),
// at most max_port_picks times in all; with a fixed port it is thrown at once.
void bind_on_one_port(std::uint16_t port, const std::function<void()>& bind_all);

void set_nonblocking(int fd);

// Waits for `events` (POLLIN / POLLOUT) on fd. False on deadline, stop, or a poll error.
bool wait_fd(int fd, short events, clock::time_point deadline, const std::atomic<bool>& stop);

// Accepts connections on a listening socket until stop, handing each (non-blocking) to
// serve; the listener thread of every replay TCP server.
void accept_loop(int listen_fd, const std::atomic<bool>& stop,
                 const std::function<void(unique_fd)>& serve);

// Closes with an RST instead of a FIN (SO_LINGER 0): a connection the replay aborts.
void abort_connection(unique_fd& fd);

}  // namespace mtasts::replay
