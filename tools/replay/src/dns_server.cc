// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/dns_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <vector>

#include "mtasts/replay/dns_wire.h"

namespace mtasts::replay {

namespace {

// Reads exactly n bytes, or fails on EOF, error, timeout or stop.
bool read_exact(int fd, std::uint8_t* buf, std::size_t n, const std::atomic<bool>& stop) {
  std::size_t got = 0;
  while (got < n) {
    if (!wait_fd(fd, POLLIN, clock::now() + io_timeout, stop)) return false;
    const ssize_t r = ::recv(fd, buf + got, n - got, 0);
    if (r == 0) return false;
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    got += static_cast<std::size_t>(r);
  }
  return true;
}

bool write_all(int fd, const std::uint8_t* buf, std::size_t n, const std::atomic<bool>& stop) {
  std::size_t sent = 0;
  while (sent < n) {
    if (!wait_fd(fd, POLLOUT, clock::now() + io_timeout, stop)) return false;
    const ssize_t r = ::send(fd, buf + sent, n - sent, MSG_NOSIGNAL);
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return false;
    }
    sent += static_cast<std::size_t>(r);
  }
  return true;
}

}  // namespace

void dns_server::bind(const std::string& address, std::uint16_t port) {
  bind_on_one_port(port, [&] {
    tcp_.reset();
    udp_ = bind_socket(address, port, sock_kind::udp);
    port_ = bound_port(udp_.get());
    tcp_ = bind_socket(address, port_, sock_kind::tcp);
  });
}

void dns_server::log_question(const dns_reply& reply, const char* transport) {
  if (!reply.question) return;
  log_.write({{"kind", "dns"},
              {"name", reply.question->name},
              {"type", reply.question->type},
              {"transport", transport}});
}

void dns_server::start(thread_group& listeners, thread_group& connections) {
  listeners.spawn([this] { serve_udp(); });
  listeners.spawn([this, &connections] { serve_tcp(connections); });
}

void dns_server::serve_udp() {
  std::vector<std::uint8_t> buf(65536);
  while (!stop_.load()) {
    if (!wait_fd(udp_.get(), POLLIN, clock::now() + io_timeout, stop_)) continue;
    sockaddr_storage from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = ::recvfrom(udp_.get(), buf.data(), buf.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n <= 0) continue;
    const dns_reply reply = answer_query(world_, buf.data(), static_cast<std::size_t>(n), true);
    log_question(reply, "udp");
    if (reply.wire) {
      ::sendto(udp_.get(), reply.wire->data(), reply.wire->size(), MSG_NOSIGNAL,
               reinterpret_cast<const sockaddr*>(&from), from_len);
    }
  }
}

void dns_server::serve_tcp(thread_group& connections) {
  accept_loop(tcp_.get(), stop_, [&](unique_fd c) {
    auto fd = std::make_shared<unique_fd>(std::move(c));
    // Over the limit the lambda, and with it the connection, is dropped at once.
    connections.try_spawn([this, fd] { serve_tcp_connection(std::move(*fd)); },
                          max_replay_connections);
  });
}

void dns_server::serve_tcp_connection(unique_fd fd) {
  // RFC 7766 §6.2.1: several queries may share one connection; each is answered in turn.
  std::vector<std::uint8_t> buf;
  while (!stop_.load()) {
    std::array<std::uint8_t, 2> len{};
    if (!read_exact(fd.get(), len.data(), len.size(), stop_)) return;
    const std::size_t size = static_cast<std::size_t>(len[0]) << 8U | len[1];
    buf.resize(size);
    if (size > 0 && !read_exact(fd.get(), buf.data(), size, stop_)) return;
    const dns_reply reply = answer_query(world_, buf.data(), size, false);
    log_question(reply, "tcp");
    if (!reply.wire || reply.wire->size() > 0xFFFF) continue;
    std::vector<std::uint8_t> out;
    out.push_back(static_cast<std::uint8_t>(reply.wire->size() >> 8U));
    out.push_back(static_cast<std::uint8_t>(reply.wire->size() & 0xFFU));
    out.insert(out.end(), reply.wire->begin(), reply.wire->end());
    if (!write_all(fd.get(), out.data(), out.size(), stop_)) return;
  }
}

}  // namespace mtasts::replay
