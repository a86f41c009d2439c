// SPDX-License-Identifier: Apache-2.0
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

}  // namespace mtasts::live
