// The engine's clock_port over the system's real-time clock.
#pragma once

#include <ctime>

#include "mtasts/engine/ports.h"

namespace mtasts::live {

class system_clock final : public engine::clock_port {
 public:
  engine::unix_seconds now() override {
    return static_cast<engine::unix_seconds>(std::time(nullptr));
  }
};

// The live ports judge certificates themselves (transport_verified), so the engine never
// asks an x509_port; should it, nothing is trusted.
class no_x509 final : public engine::x509_port {
 public:
  engine::cert_status verify(const engine::cert_chain&, std::string_view, engine::name_rule,
                             engine::unix_seconds) override {
    return engine::cert_status::untrusted;
  }
};

}  // namespace mtasts::live
