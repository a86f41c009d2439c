// SPDX-License-Identifier: Apache-2.0
// Runs `mtasts replay-serve` for one fixture test on loopback ports it picks itself (port 0),
// as a child process, and reads the ports, its ready file and its log back.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mtasts::replay_test {

using json = nlohmann::json;

class replay_process {
 public:
  // fixture: relative to the source tree's fixtures/. Waits for the ready file (or the
  // child's exit); started() tells which.
  // https_port: 0 lets the server pick one. The ports bound are read from the ready file.
  replay_process(const std::string& fixture, const std::string& test, int step = 0,
                 std::uint16_t https_port = 0);
  ~replay_process();
  replay_process(const replay_process&) = delete;
  replay_process& operator=(const replay_process&) = delete;

  [[nodiscard]] bool started() const { return started_; }
  // Sends sig and waits; the exit status (-1 if it did not exit normally within 10 s).
  int stop(int sig);
  // The exit status when the child exited by itself (waits up to 10 s).
  int wait_exit();

  [[nodiscard]] const json& ready() const { return ready_; }
  [[nodiscard]] std::vector<json> log_lines() const;
  [[nodiscard]] std::string stderr_text() const;

  std::uint16_t dns_port = 0, https_port = 0, smtp_port = 0;
  std::string fixture_path;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  bool started_ = false;
  json ready_;
};

// The test object named `test` in a fixture file (relative to fixtures/).
json fixture_test(const std::string& fixture, const std::string& test);

}  // namespace mtasts::replay_test
