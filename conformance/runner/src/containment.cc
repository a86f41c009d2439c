// SPDX-License-Identifier: Apache-2.0
// Trees of processes, orphans, temporary paths and interrupts; see containment.h.
#include "mtasts/conformance/containment.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace mtasts::conformance {
namespace {

struct registry {
  std::mutex mutex;                      // everything below but the sweep
  std::map<std::uint64_t, pid_t> trees;  // serial → leader (not yet reaped)
  std::uint64_t next_serial = 1;
  bool stopping = false;
  std::set<std::string> temp_paths;
  std::map<int, std::function<void()>> hooks;
  int next_hook = 1;
  // One sweeper at a time: an orphan is reaped only by the sweep that killed it, so a pid is
  // never waited for after it may have been reused.
  std::mutex sweep_mutex;
  std::atomic<bool> subreaper{false};
};

registry& reg() {
  static registry r;
  return r;
}

// Reads a small /proc file whole; empty when it is gone.
std::string read_proc(const std::string& path) {
  std::string text;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

// The runner's children, from every process's stat line (field 4 is the parent): for kernels
// without /proc/PID/task/TID/children.
std::set<pid_t> our_children_by_scan() {
  std::set<pid_t> out;
  const pid_t self = ::getpid();
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return out;
  while (const dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    const std::string stat = read_proc(std::string("/proc/") + entry->d_name + "/stat");
    const std::size_t close = stat.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos || close + 4 >= stat.size()) continue;
    const long parent = std::strtol(stat.c_str() + close + 4, nullptr, 10);
    if (parent == self) out.insert(static_cast<pid_t>(std::strtol(entry->d_name, nullptr, 10)));
  }
  ::closedir(proc);
  return out;
}

// The runner's children, listed per thread (a child belongs to the thread that forked it;
// an orphan to whichever thread the kernel chose).
std::set<pid_t> our_children() {
  const std::string main_task = "/proc/self/task/" + std::to_string(::getpid()) + "/children";
  if (::access(main_task.c_str(), R_OK) != 0) return our_children_by_scan();
  std::set<pid_t> out;
  DIR* tasks = ::opendir("/proc/self/task");
  if (tasks == nullptr) return out;
  while (const dirent* entry = ::readdir(tasks)) {
    if (entry->d_name[0] == '.') continue;
    const std::string list =
        read_proc(std::string("/proc/self/task/") + entry->d_name + "/children");
    std::size_t i = 0;
    while (i < list.size()) {
      const std::size_t end = list.find(' ', i);
      const std::string word = list.substr(i, end == std::string::npos ? end : end - i);
      const long pid = std::strtol(word.c_str(), nullptr, 10);
      if (pid > 0) out.insert(static_cast<pid_t>(pid));
      if (end == std::string::npos) break;
      i = end + 1;
    }
  }
  ::closedir(tasks);
  return out;
}

std::string marker_prefix() {
  return std::string(tree_marker_variable) + "=" + std::to_string(::getpid()) + "-";
}

// The serial in a process's marker, when it carries one of this runner's.
std::optional<std::uint64_t> tree_of(pid_t pid) {
  const std::string environment = read_proc("/proc/" + std::to_string(pid) + "/environ");
  const std::string prefix = marker_prefix();
  for (std::size_t at = 0; at < environment.size();) {
    const std::size_t end = environment.find('\0', at);
    const std::string_view entry =
        std::string_view(environment).substr(at, end == std::string::npos ? end : end - at);
    if (entry.substr(0, prefix.size()) == prefix) {
      std::uint64_t serial = 0;
      for (const char c : entry.substr(prefix.size())) {
        if (c < '0' || c > '9') return std::nullopt;
        serial = serial * 10 + static_cast<std::uint64_t>(c - '0');
      }
      return serial;
    }
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return std::nullopt;
}

void reap(pid_t pid) {
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Kills and reaps the runner's children that are no tree's leader (orphans) and, unless
// `everything`, belong to no live tree; again until none is left (an orphan's own children
// become the runner's when it is reaped). Only a subreaper has such children.
void sweep(bool everything) {
  registry& r = reg();
  if (!r.subreaper) return;
  const std::lock_guard sweeping(r.sweep_mutex);
  for (;;) {
    std::vector<pid_t> victims;
    {
      const std::lock_guard lock(r.mutex);
      std::set<pid_t> leaders;
      for (const auto& [serial, pid] : r.trees) leaders.insert(pid);
      for (const pid_t child : our_children()) {
        if (leaders.count(child)) continue;
        if (!everything) {
          const std::optional<std::uint64_t> tree = tree_of(child);
          if (tree && r.trees.count(*tree)) continue;
        }
        ::kill(child, SIGKILL);
        victims.push_back(child);
      }
    }
    if (victims.empty()) return;
    for (const pid_t v : victims) reap(v);
  }
}

// Removes a temporary path whole; the caller holds the registry, so no other remover works
// on the same entries at once (a concurrent remove_all gives up on an entry the other took).
void remove_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

// The interrupt path: the handler only writes the signal number here.
std::atomic<int> interrupt_pipe_write{-1};
volatile std::sig_atomic_t interrupt_received = 0;
constexpr int contained_signals[] = {SIGINT, SIGTERM, SIGHUP};

void on_interrupt_signal(int sig) {
  if (interrupt_received != 0) {  // a second signal: stop at once
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return;
  }
  interrupt_received = sig;
  const int saved = errno;
  const auto byte = static_cast<unsigned char>(sig);
  [[maybe_unused]] const ssize_t n = ::write(interrupt_pipe_write.load(), &byte, 1);
  errno = saved;
}

void write_stderr(const std::string& text) {
  [[maybe_unused]] const ssize_t n = ::write(2, text.data(), text.size());
}

[[noreturn]] void stop_after_interrupt(int sig) {
  registry& r = reg();
  {
    const std::lock_guard lock(r.mutex);
    r.stopping = true;  // nothing new starts; no temporary path is made
  }
  kill_everything();
  std::vector<std::function<void()>> hooks;
  {
    const std::lock_guard lock(r.mutex);
    for (const auto& [id, hook] : r.hooks) hooks.push_back(hook);
  }
  for (const std::function<void()>& hook : hooks) hook();
  {
    // Held to the exit: an owner removing one of these paths now would race this removal
    // over the same entries (remove_temp_path).
    r.mutex.lock();
    for (const std::string& path : r.temp_paths) remove_path(path);
  }
  write_stderr("mtasts: interrupted by signal " + std::to_string(sig) +
               ": stopped every process of the run and removed its temporary files\n");
  ::_exit(128 + sig);
}

}  // namespace

tree_start::tree_start() {
  registry& r = reg();
  r.mutex.lock();
  serial_ = r.next_serial++;
  marker_entry_ = marker_prefix() + std::to_string(serial_);
}

tree_start::~tree_start() { reg().mutex.unlock(); }

bool tree_start::refused() const { return reg().stopping; }

void tree_start::started(pid_t pid) { reg().trees[serial_] = pid; }

void end_tree(std::uint64_t serial, pid_t leader) {
  if (leader > 0) {
    ::kill(-leader, SIGKILL);
    reap(leader);
  }
  {
    const std::lock_guard lock(reg().mutex);
    reg().trees.erase(serial);
  }
  sweep(false);
}

void kill_everything() {
  registry& r = reg();
  std::vector<pid_t> leaders;
  {
    const std::lock_guard lock(r.mutex);
    for (const auto& [serial, pid] : r.trees) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);  // one that left its group with setsid()
      leaders.push_back(pid);
    }
  }
  // Until each leader is dead (its owner reaps it): its children are then the runner's.
  for (const pid_t pid : leaders) {
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 &&
           errno == EINTR) {
    }
  }
  sweep(true);
}

std::optional<std::string> make_temp_path(
    const std::function<std::optional<std::string>()>& create) {
  const std::lock_guard lock(reg().mutex);
  if (reg().stopping) return std::nullopt;
  std::optional<std::string> path = create();
  if (path) reg().temp_paths.insert(*path);
  return path;
}

void forget_temp_path(const std::string& path) {
  const std::lock_guard lock(reg().mutex);
  reg().temp_paths.erase(path);
}

void remove_temp_path(const std::string& path) {
  const std::lock_guard lock(reg().mutex);
  remove_path(path);
  reg().temp_paths.erase(path);
}

std::string temp_directory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

int add_interrupt_hook(std::function<void()> hook) {
  const std::lock_guard lock(reg().mutex);
  const int id = reg().next_hook++;
  reg().hooks[id] = std::move(hook);
  return id;
}

void forget_interrupt_hook(int id) {
  const std::lock_guard lock(reg().mutex);
  reg().hooks.erase(id);
}

namespace {

struct containment_state {
  int pipe_read = -1;
  std::thread watcher;
  struct sigaction previous[std::size(contained_signals)] = {};
};
containment_state* active = nullptr;

}  // namespace

run_containment::run_containment() {
  if (active != nullptr) return;  // one is enough; the outermost owns it
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return;
  owner_ = true;
  // Orphans of everything started from now on come to the runner, not to init.
  reg().subreaper = ::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
  active = new containment_state();
  active->pipe_read = fds[0];
  interrupt_pipe_write = fds[1];
  active->watcher = std::thread([read_fd = fds[0]] {
    for (;;) {
      unsigned char sig = 0;
      const ssize_t n = ::read(read_fd, &sig, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || sig == 0) return;  // the destructor's stop
      stop_after_interrupt(sig);
    }
  });
  struct sigaction action {};
  action.sa_handler = on_interrupt_signal;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // workers' waits and reads go on until the watcher acts
  for (std::size_t i = 0; i < std::size(contained_signals); ++i)
    ::sigaction(contained_signals[i], &action, &active->previous[i]);
}

run_containment::~run_containment() {
  if (!owner_ || active == nullptr) return;
  kill_everything();
  for (std::size_t i = 0; i < std::size(contained_signals); ++i)
    ::sigaction(contained_signals[i], &active->previous[i], nullptr);
  const unsigned char stop = 0;
  [[maybe_unused]] const ssize_t n = ::write(interrupt_pipe_write.load(), &stop, 1);
  active->watcher.join();
  ::close(active->pipe_read);
  ::close(interrupt_pipe_write.exchange(-1));
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
  reg().subreaper = false;
  delete active;
  active = nullptr;
}

}  // namespace mtasts::conformance
