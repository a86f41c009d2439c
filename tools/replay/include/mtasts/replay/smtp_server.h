// SPDX-License-Identifier: Apache-2.0
// The replay's SMTP servers: one listener per recorded MX host on its own loopback address,
// offering STARTTLS (RFC 3207) as recorded and presenting a certificate minted for the host
// and its `tls.verdict` (RFC 8461 §4.2). No mail is ever accepted.
#pragma once

#include <openssl/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mtasts/replay/cert_minter.h"
#include "mtasts/replay/event_log.h"
#include "mtasts/replay/replay_world.h"
#include "mtasts/replay/socket_io.h"
#include "mtasts/replay/thread_group.h"

namespace mtasts::replay {

// The longest command line a client may send, its CRLF included. RFC 5321 §4.5.3.1.4
// caps one at 512 octets; this is generous, but bounded. A longer line gets "500 5.5.2 line
// too long" and the connection ends.
inline constexpr std::size_t max_smtp_command_line = 4096;

class smtp_server {
 public:
  // Mints every MX host's certificate now.
  smtp_server(const replay_world& world, cert_minter& certs, event_log& log,
              const std::atomic<bool>& stop);
  ~smtp_server();
  smtp_server(const smtp_server&) = delete;
  smtp_server& operator=(const smtp_server&) = delete;

  // One listener per MX host on its address:port (port 0: one free port for all). Throws
  // bind_error.
  void bind(std::uint16_t port);
  // The port every MX address listens on (with no MX host: one where nothing listens).
  [[nodiscard]] std::uint16_t port() const { return port_; }
  void start(thread_group& listeners, thread_group& connections);

 private:
  struct listener {
    const mx_host* host = nullptr;
    const minted_cert* cert = nullptr;
    unique_fd fd;
  };
  void serve(listener& l, thread_group& connections);
  void serve_connection(const listener& l, unique_fd fd);
  void log_event(const mx_host& host, const char* event);

  const replay_world& world_;
  event_log& log_;
  const std::atomic<bool>& stop_;
  SSL_CTX* ctx_ = nullptr;
  std::vector<std::unique_ptr<listener>> listeners_;
  unique_fd reserved_;  // holds port_ when there is no MX host
  std::uint16_t port_ = 0;
};

}  // namespace mtasts::replay
