// SPDX-License-Identifier: Apache-2.0
// Level P in batch (conformance/PROTOCOL.md "Batch"): many level-P questions as JSON lines to
// one `SHIM batch` process. The request and answer lines, and the runner's side, which
// restarts the shim after a crash or a hang and reports that question as crashed or timed out.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/level_p.h"

namespace mtasts::conformance {

// {"id", "command", "file"?}: the question's level-P arguments without FILE, and FILE's bytes.
json batch_request(const level_p_input& in, std::uint64_t id);

// The question a request line asks, or nullopt and `error` ("/command: ...") when the line is
// not a request.
std::optional<level_p_input> batch_request_input(const json& request, std::string& error);

// {"id", "exit", "answer"?}: the answer line of a shim (answer omitted for exit 89).
json batch_answer_line(std::uint64_t id, int exit_code, const json& answer);

// The runner's side: one `SHIM batch` process at a time, started on the first question and
// again after any question that crashed or timed out it.
class batch_shim {
 public:
  batch_shim(std::vector<std::string> shim, std::chrono::milliseconds timeout)
      : argv_(std::move(shim)), timeout_(timeout) {
    argv_.emplace_back("batch");
  }
  // The answer, as run_level_p gives it for the same question alone: status answered (exit 0,
  // 1 or 3 and the object), unimplemented (exit 89), crashed (the process died, closed
  // stdout, or printed something other than this question's answer line) or timed_out.
  level_p_answer ask(const level_p_input& in);
  // Processes started so far (1 + restarts).
  [[nodiscard]] std::size_t starts() const { return starts_; }
  // Ends the current process (its whole tree); the next question starts a new one.
  void stop() { child_.reset(); }

 private:
  level_p_answer lost(level_p_status status, std::string cause, std::string detail);
  std::vector<std::string> argv_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<child_process> child_;
  std::uint64_t next_id_ = 0;
  std::size_t starts_ = 0;
};

}  // namespace mtasts::conformance
