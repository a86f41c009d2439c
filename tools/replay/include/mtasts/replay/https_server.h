// SPDX-License-Identifier: Apache-2.0
// The replay's HTTPS server (RFC 8461 §3.3: HTTPS with a certificate valid for the Policy
// Host; RFC 9112 for the messages). Each recorded URL is served its exchanges in order, the
// last one repeating; the certificate is chosen by SNI.
#pragma once

#include <openssl/types.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/replay/cert_minter.h"
#include "mtasts/replay/event_log.h"
#include "mtasts/replay/replay_world.h"
#include "mtasts/replay/socket_io.h"
#include "mtasts/replay/thread_group.h"

namespace mtasts::replay {

class https_server {
 public:
  // Mints every host's certificate now (cert_minter is not used after construction).
  https_server(const replay_world& world, cert_minter& certs, event_log& log,
               const std::atomic<bool>& stop);
  ~https_server();
  https_server(const https_server&) = delete;
  https_server& operator=(const https_server&) = delete;

  void bind(const std::string& address, std::uint16_t port);  // throws bind_error
  [[nodiscard]] std::uint16_t port() const { return port_; }
  void start(thread_group& listeners, thread_group& connections);

  // The exchange a request for url gets now (advancing its cursor), if url is recorded.
  std::optional<https_exchange> take(const std::string& url);
  // Called during the handshake with the SNI host: true when the replay must fail it
  // (every URL of the host is at a tls_error or connect_error exchange, which is consumed).
  bool handshake_fails(const std::string& host);
  // The certificate for an SNI host; the first host's for an unknown or absent SNI.
  const minted_cert* cert_for(const std::string& host) const;

 private:
  void serve(thread_group& connections);
  void serve_connection(unique_fd fd);

  const replay_world& world_;
  event_log& log_;
  const std::atomic<bool>& stop_;
  SSL_CTX* ctx_ = nullptr;
  unique_fd listen_;
  std::uint16_t port_ = 0;
  std::map<std::string, const minted_cert*> certs_;  // by host
  std::mutex mutex_;
  std::map<std::string, std::size_t> cursor_;  // by URL: the next exchange served
};

}  // namespace mtasts::replay
