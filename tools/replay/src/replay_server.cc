#include "mtasts/replay/replay_server.h"

#include <unistd.h>

#include <cstdio>
#include <stdexcept>

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
          {"ca_file", ca_file_},
          {"addresses", addresses}};
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) throw std::runtime_error("cannot write " + tmp);
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !written) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

}  // namespace mtasts::replay
