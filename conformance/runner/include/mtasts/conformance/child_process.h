// SPDX-License-Identifier: Apache-2.0
// A shim process under the runner's control (conformance/PROTOCOL.md): pipes for stdin,
// stdout and stderr, its own process group, deadlines on every wait, caps on what it may
// print. A shim that hangs, floods or dies is contained to the test it was running, and its
// whole process tree ends with the child_process object (containment.h).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::conformance {

using deadline = std::chrono::steady_clock::time_point;

class child_process {
 public:
  struct options {
    // The child's whole environment ("NAME=value" each) instead of the runner's (argv[0] is
    // still looked up on the runner's PATH). The tree marker is added either way.
    std::optional<std::vector<std::string>> environment;
  };
  // Starts argv (argv[0] looked up on PATH). Returns nullptr and sets `error` on failure
  // (also once the runner is stopping after an interrupt).
  static std::unique_ptr<child_process> start(const std::vector<std::string>& argv,
                                              std::string& error);
  static std::unique_ptr<child_process> start(const std::vector<std::string>& argv,
                                              const options& how, std::string& error);
  // Ends the whole tree: SIGKILL to the process group, the leader reaped, then the orphans
  // of this tree (end_tree in containment.h). Also after the child exited normally: a
  // grandchild that still runs is killed with it.
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  enum class io_status { ok, eof, timeout, too_large, failed };

  // Writes all of `data` to the child's stdin.
  io_status write(std::string_view data, deadline until);
  void close_stdin();
  // Reads one line (without '\n'); too_large past `max_line` bytes.
  io_status read_line(std::string& line, std::size_t max_line, deadline until);
  // Reads stdout to EOF; too_large past `max_total` bytes.
  io_status read_to_end(std::string& out, std::size_t max_total, deadline until);

  // Waits for exit: the exit code, or 128 + signal number for a signal; nullopt on timeout
  // (the process group is then killed).
  std::optional<int> wait(deadline until);
  void kill_group();
  // The exit status if the child has exited, without waiting or killing it. The exited
  // child stays unreaped until the destructor, so its group id cannot be reused meanwhile.
  std::optional<int> exited();
  // SIGTERM to the process group: a server gets the chance to flush and exit.
  void terminate_group();

  // What the child wrote on stderr (the first 64 KiB), for diagnostics.
  [[nodiscard]] const std::string& stderr_text() const { return stderr_; }
  // Whether the last status came from a signal.
  [[nodiscard]] bool signalled() const { return signalled_; }

 private:
  child_process() = default;
  // Polls stdout (and drains stderr) until stdout is readable or the deadline passes.
  io_status fill(deadline until);

  pid_t pid_ = -1;
  std::uint64_t tree_ = 0;  // containment.h serial
  int stdin_ = -1, stdout_ = -1, stderr_fd_ = -1;
  std::string buffer_;            // stdout bytes read but not yet returned
  std::size_t line_scanned_ = 0;  // read_line: the prefix of buffer_ known to hold no '\n'
  bool stdout_eof_ = false;
  std::string stderr_;
  bool exited_ = false;
  bool signalled_ = false;
  int status_ = 0;
};

// The last `n` bytes of a child's output or fewer (never half a UTF-8 character), without
// trailing line ends and made printable, for a one-line diagnostic ("…" marks a cut).
std::string output_tail(std::string_view text, std::size_t n = 300);

}  // namespace mtasts::conformance
