// SPDX-License-Identifier: Apache-2.0
// Everything the runner starts ends with the test that started it, and everything it made
// ends with the run: the one home of "kill everything we started" and "remove every
// temporary file of ours" (conformance/PROTOCOL.md "Processes").
//
// Each started process (a tree) runs in its own process group and carries
// MTASTS_RUNNER_TREE=<runner pid>-<serial> in its environment, which its descendants inherit.
// While a run_containment is alive the runner is a child subreaper: a descendant whose parent
// dies (a daemonising grandchild, one that called setsid()) becomes the runner's child instead
// of init's. When a tree ends, its group is killed and every such orphan that belongs to no
// live tree (by its marker; one without a marker belongs to none) is killed and reaped, until
// none is left. Neither the group (setsid() leaves it) nor pipe EOF (closing fds hides a
// process from it) is relied on alone.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace mtasts::conformance {

inline constexpr const char* tree_marker_variable = "MTASTS_RUNNER_TREE";

// Holds the registry while a tree is forked, so that the orphan sweep never takes a process
// being started for an orphan. Used by child_process::start and run_quietly only.
class tree_start {
 public:
  tree_start();
  ~tree_start();
  tree_start(const tree_start&) = delete;
  tree_start& operator=(const tree_start&) = delete;

  // The runner is stopping (an interrupt): start nothing new.
  [[nodiscard]] bool refused() const;
  // "MTASTS_RUNNER_TREE=<runner pid>-<serial>", the environment entry of the new tree.
  [[nodiscard]] const std::string& marker_entry() const { return marker_entry_; }
  // Registers the forked process (the leader of its group) under this serial.
  void started(pid_t pid);
  [[nodiscard]] std::uint64_t serial() const { return serial_; }

 private:
  std::uint64_t serial_;
  std::string marker_entry_;
};

// A tree has ended (its leader may still run or be an unreaped zombie: a zombie leader keeps
// the group id from being reused): SIGKILL to its group, reap the leader, forget the tree,
// then kill and reap the orphans that belong to no live tree.
void end_tree(std::uint64_t serial, pid_t leader);

// SIGKILL to every live tree and every orphan; waits until each is gone. For the end of a
// run and for an interrupt.
void kill_everything();

// Temporary files and directories of ours. `create` runs with the registry held and returns
// the path it made; the path is then removed by an interrupt unless forgotten first. nullopt
// when `create` fails or the runner is stopping.
std::optional<std::string> make_temp_path(
    const std::function<std::optional<std::string>()>& create);
// The owner removed (or renamed) the path itself.
void forget_temp_path(const std::string& path);
// Removes the path (a directory with its contents) and forgets it, serialised with the
// interrupt path so two removers never race over the same entries.
void remove_temp_path(const std::string& path);
// Where temporary paths go: $TMPDIR, else /tmp.
std::string temp_directory();

// For the length of a command that starts processes (`mtasts conform`): the runner is a
// child subreaper, and SIGINT, SIGTERM and SIGHUP kill every tree, run the interrupt hooks
// (network namespaces), remove every temporary path of ours and exit with 128 + the signal
// number. The handler only writes the signal number to a pipe; a thread does the work. A
// second signal during that work ends the runner at once. On destruction every orphan left is
// killed and the previous signal dispositions come back.
class run_containment {
 public:
  run_containment();
  ~run_containment();
  run_containment(const run_containment&) = delete;
  run_containment& operator=(const run_containment&) = delete;

 private:
  bool owner_ = false;  // false when another run_containment was already active
};

// Work an interrupt must do after the processes are gone (deleting network namespaces).
// Returns an id for forget_interrupt_hook.
int add_interrupt_hook(std::function<void()> hook);
void forget_interrupt_hook(int id);

}  // namespace mtasts::conformance
