// SPDX-License-Identifier: Apache-2.0
// Progress of a long run on stderr: on a terminal one line redrawn in place (done/total,
// failures so far, time left), elsewhere (CI logs) one line per tenth of the run.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace mtasts::cli {

class progress_meter {
 public:
  // `what` names the run ("mine"); `terminal` chooses the redrawn line.
  progress_meter(std::ostream& out, std::string what, bool terminal);
  // After each unit of work; cheap when nothing is printed.
  void update(std::size_t done, std::size_t total, std::size_t failures);
  // Ends the redrawn line, so the report starts on a fresh one.
  void finish();

  // The line itself, for tests: "mine: 120/531 (22%), 3 unexpected, about 31 s left".
  static std::string line(const std::string& what, std::size_t done, std::size_t total,
                          std::size_t failures, double elapsed_seconds);

 private:
  std::ostream& out_;
  std::string what_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  std::size_t last_tenth_ = 0;
  bool drawn_ = false;
};

// Whether stderr is a terminal.
bool stderr_is_terminal();

}  // namespace mtasts::cli
