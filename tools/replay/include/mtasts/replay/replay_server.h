// SPDX-License-Identifier: Apache-2.0
// All the replay's servers for one fixture step: DNS, HTTPS and SMTP on
// loopback, started together and stopped together.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "mtasts/conformance/fixture.h"
#include "mtasts/replay/cert_minter.h"
#include "mtasts/replay/dns_server.h"
#include "mtasts/replay/event_log.h"
#include "mtasts/replay/https_server.h"
#include "mtasts/replay/replay_world.h"
#include "mtasts/replay/smtp_server.h"
#include "mtasts/replay/thread_group.h"

namespace mtasts::replay {

struct ports {
  std::uint16_t dns = 53;
  std::uint16_t https = 443;
  std::uint16_t smtp = 25;
};

class replay_server {
 public:
  // Mints the certificates; binds nothing yet.
  replay_server(replay_world world, cert_minter& certs, event_log& log);
  ~replay_server();
  replay_server(const replay_server&) = delete;
  replay_server& operator=(const replay_server&) = delete;

  // Binds every socket, then starts serving. A port of 0 picks a free one (ready_info tells
  // which). Throws bind_error (nothing is left running).
  void start(const ports& p);
  // Stops every loop and joins every thread; idempotent.
  void stop();

  // The ready file's object, with the ports actually bound: {"dns": "127.0.0.1:PORT",
  // "https": "127.0.0.1:PORT", "smtp_port": PORT (with no MX host, one where nothing listens),
  // "ca_file", "addresses"}.
  [[nodiscard]] conformance::json ready_info() const;

 private:
  replay_world world_;
  std::string ca_file_;
  std::atomic<bool> stop_{false};
  dns_server dns_;
  https_server https_;
  smtp_server smtp_;
  thread_group listeners_, connections_;
  bool started_ = false;
};

// Writes text to path atomically (conformance/atomic_file.h, the one home of whole-file
// writes). Throws std::runtime_error.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace mtasts::replay
