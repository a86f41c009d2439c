// SPDX-License-Identifier: Apache-2.0
// One accepted TCP connection, in plain text or (after accept_tls) TLS, with every read and
// write bounded by an idle timeout (io_timeout unless a test asks for less) and ended by the
// server's stop flag.
#pragma once

#include <openssl/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "mtasts/replay/socket_io.h"

namespace mtasts::replay {

class connection {
 public:
  connection(unique_fd fd, const std::atomic<bool>& stop,
             std::chrono::milliseconds idle_timeout = io_timeout)
      : fd_(std::move(fd)), stop_(stop), idle_timeout_(idle_timeout) {}
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // The TLS server handshake. `prepare` runs on the new SSL before it starts (to attach
  // per-connection state or a certificate). False when the handshake failed or timed out.
  bool accept_tls(SSL_CTX* ctx, const std::function<void(SSL*)>& prepare);
  [[nodiscard]] SSL* ssl() const { return ssl_; }

  // Some bytes into buf: > 0 bytes read, 0 on EOF, error, timeout or stop.
  std::size_t read_some(char* buf, std::size_t size);
  bool write_all(std::string_view data);
  // Waits until the peer closes, or the server stops (a recorded timeout).
  void hold_until_closed();
  // TLS close_notify (RFC 8446 §6.1) if in TLS, then FIN.
  void close();
  // RST, no close_notify: the replay aborts the connection.
  void abort();

 private:
  // Retries an OpenSSL call while it wants I/O; its return value, or <= 0 on failure.
  int ssl_call(const std::function<int()>& op);
  unique_fd fd_;
  const std::atomic<bool>& stop_;
  std::chrono::milliseconds idle_timeout_;
  SSL* ssl_ = nullptr;
};

}  // namespace mtasts::replay
