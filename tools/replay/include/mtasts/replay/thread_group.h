// SPDX-License-Identifier: Apache-2.0
// Threads for listeners and connections: each connection gets its own thread (the replay
// serves a handful of clients), finished ones are joined as new ones start, and stop() joins
// the rest once every socket loop has seen the stop flag.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace mtasts::replay {

class thread_group {
 public:
  thread_group() = default;
  ~thread_group() { join_all(); }
  thread_group(const thread_group&) = delete;
  thread_group& operator=(const thread_group&) = delete;

  // Runs fn on a new thread; an exception thrown by fn ends only that thread.
  void spawn(std::function<void()> fn);
  // Runs fn on a new thread unless `limit` threads of this group are still running, or the
  // system has no thread to give; false when fn was not started.
  bool try_spawn(std::function<void()> fn, std::size_t limit);
  void join_all();

 private:
  struct worker {
    std::thread thread;
    std::atomic<bool> done{false};
  };
  void reap_locked();
  void start_locked(std::function<void()> fn);
  std::mutex mutex_;
  std::list<std::unique_ptr<worker>> workers_;
};

}  // namespace mtasts::replay
