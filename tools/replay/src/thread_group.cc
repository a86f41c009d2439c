// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/thread_group.h"

#include <exception>
#include <system_error>
#include <utility>

namespace mtasts::replay {

void thread_group::spawn(std::function<void()> fn) {
  const std::lock_guard lock(mutex_);
  reap_locked();
  start_locked(std::move(fn));
}

bool thread_group::try_spawn(std::function<void()> fn, std::size_t limit) {
  const std::lock_guard lock(mutex_);
  reap_locked();
  if (workers_.size() >= limit) return false;
  try {
    start_locked(std::move(fn));
  } catch (const std::system_error&) {
    return false;  // no thread to be had (EAGAIN): refuse this one, keep serving
  }
  return true;
}

void thread_group::start_locked(std::function<void()> fn) {
  auto w = std::make_unique<worker>();
  worker* raw = w.get();
  raw->thread = std::thread([raw, f = std::move(fn)] {
    try {
      f();
    } catch (const std::exception&) {
      // A client that breaks one connection must not take the server down.
    } catch (...) {
    }
    raw->done.store(true);
  });
  workers_.push_back(std::move(w));
}

void thread_group::reap_locked() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if ((*it)->done.load()) {
      (*it)->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void thread_group::join_all() {
  std::list<std::unique_ptr<worker>> all;
  {
    const std::lock_guard lock(mutex_);
    all.swap(workers_);
  }
  for (auto& w : all) {
    if (w->thread.joinable()) w->thread.join();
  }
}

}  // namespace mtasts::replay
