// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/replay_server.h"

#include <stdexcept>

#include "mtasts/conformance/atomic_file.h"

namespace mtasts::replay {

namespace {
constexpr const char* loopback = "127.0.0.1";
}

replay_server::replay_server(replay_world world, cert_minter& certs, event_log& log)
    : world_(std::move(world)),
      ca_file_(certs.ca_file()),
      dns_(world_, log, stop_),
      https_(world_, certs, log, stop_),
      smtp_(world_, certs, log, stop_) {}

replay_server::~replay_server() { stop(); }

void replay_server::start(const ports& p) {
  dns_.bind(loopback, p.dns);
  https_.bind(loopback, p.https);
  smtp_.bind(p.smtp);
  dns_.start(listeners_, connections_);
  https_.start(listeners_, connections_);
  smtp_.start(listeners_, connections_);
  started_ = true;
}

void replay_server::stop() {
  stop_.store(true);
  // Listeners first, so no connection thread is spawned while the rest are joined.
  listeners_.join_all();
  connections_.join_all();
}

conformance::json replay_server::ready_info() const {
  conformance::json addresses = conformance::json::object();
  for (const auto& [host, address] : world_.addresses) addresses[host] = address;
  return {{"dns", std::string(loopback) + ":" + std::to_string(dns_.port())},
          {"https", std::string(loopback) + ":" + std::to_string(https_.port())},
          {"smtp_port", smtp_.port()},
          {"ca_file", ca_file_},
          {"addresses", addresses}};
}

void write_file_atomically(const std::string& path, const std::string& text) {
  if (const std::optional<std::string> error = conformance::write_file_atomically(path, text))
    throw std::runtime_error(*error);
}

}  // namespace mtasts::replay
