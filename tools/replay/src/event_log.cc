// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/event_log.h"

#include <stdexcept>

namespace mtasts::replay {

// A streaming log, one line per event as it happens and read while it grows: not a
// whole-file write, so not conformance/atomic_file.h.
event_log::event_log(const std::string& path) : file_(std::fopen(path.c_str(), "w")) {
  if (file_ == nullptr) throw std::runtime_error("cannot open log file " + path);
}

event_log::~event_log() {
  if (file_ != nullptr) std::fclose(file_);
}

void event_log::write(const nlohmann::ordered_json& event) {
  if (file_ == nullptr) return;
  // Host headers, SNI and DNS names come from clients: replace bytes that are not UTF-8.
  const std::string line =
      event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  const std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

void event_log::flush() {
  const std::lock_guard lock(mutex_);
  if (file_ != nullptr) std::fflush(file_);
}

}  // namespace mtasts::replay
