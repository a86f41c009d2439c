// SPDX-License-Identifier: Apache-2.0
// Private network namespaces for black-box runs (conformance/PROTOCOL.md "Level N"): one per
// parallel job, loopback only, with their own resolv.conf and hosts. Every namespace this
// process made is deleted on destruction and on an interrupt (an interrupt hook of
// containment.h), and stale ones left by a killed run (the owner's pid is in the name) are
// swept at start.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mtasts::conformance {

class namespace_pool {
 public:
  // Makes `count` namespaces named mtasts-bb-<pid>-<i>. nullptr and `error` when `ip netns`
  // is unavailable (not root, no iproute2, no CAP_SYS_ADMIN).
  static std::unique_ptr<namespace_pool> create(std::size_t count, std::string& error);
  ~namespace_pool();
  namespace_pool(const namespace_pool&) = delete;
  namespace_pool& operator=(const namespace_pool&) = delete;

  // A namespace name for the caller's exclusive use until release(); blocks while none is free.
  std::string acquire();
  void release(const std::string& name);

  // The argv prefix that runs a command inside `name`.
  static std::vector<std::string> exec_prefix(const std::string& name);

 private:
  namespace_pool() = default;
  std::mutex mutex_;
  std::vector<std::string> all_, free_;
  int interrupt_hook_ = 0;
};

// Runs argv to completion (stdout and stderr discarded), as a tree of containment.h; its
// exit status, or -1.
int run_quietly(const std::vector<std::string>& argv);

}  // namespace mtasts::conformance
