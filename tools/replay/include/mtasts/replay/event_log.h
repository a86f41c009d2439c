// SPDX-License-Identifier: Apache-2.0
// The --log file: one JSON object per observed event, flushed per line so a runner reading
// it while the server runs sees every event that happened.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "mtasts/conformance/fixture.h"

namespace mtasts::replay {

class event_log {
 public:
  event_log() = default;  // discards every event
  // Opens (truncates) path; throws std::runtime_error when it cannot.
  explicit event_log(const std::string& path);
  ~event_log();
  event_log(const event_log&) = delete;
  event_log& operator=(const event_log&) = delete;

  // Thread-safe. Keys keep the order given (kind first, as the contract shows them); invalid
  // UTF-8 from clients is replaced, never thrown on.
  void write(const nlohmann::ordered_json& event);
  void flush();

 private:
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
};

}  // namespace mtasts::replay
