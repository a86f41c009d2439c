// SPDX-License-Identifier: Apache-2.0
// The replay's DNS server on UDP and TCP (RFC 1035 §4.2; TCP messages carry a two-byte length,
// §4.2.2), answering from the recorded world.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "mtasts/replay/event_log.h"
#include "mtasts/replay/replay_world.h"
#include "mtasts/replay/socket_io.h"
#include "mtasts/replay/thread_group.h"

namespace mtasts::replay {

struct dns_reply;

class dns_server {
 public:
  dns_server(const replay_world& world, event_log& log, const std::atomic<bool>& stop)
      : world_(world), log_(log), stop_(stop) {}

  // Binds UDP and TCP on address:port (port 0: one free port for both). Throws bind_error.
  void bind(const std::string& address, std::uint16_t port);
  [[nodiscard]] std::uint16_t port() const { return port_; }
  // Runs the UDP and TCP loops on threads of `listeners`; connections on `connections`.
  void start(thread_group& listeners, thread_group& connections);

 private:
  void serve_udp();
  void serve_tcp(thread_group& connections);
  void serve_tcp_connection(unique_fd fd);
  void log_question(const dns_reply& reply, const char* transport);

  const replay_world& world_;
  event_log& log_;
  const std::atomic<bool>& stop_;
  unique_fd udp_, tcp_;
  std::uint16_t port_ = 0;
};

}  // namespace mtasts::replay
