// SPDX-License-Identifier: Apache-2.0
// Network namespaces for black-box runs; see network_namespace.h.
#include "mtasts/conformance/network_namespace.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "mtasts/conformance/atomic_file.h"
#include "mtasts/conformance/containment.h"

namespace mtasts::conformance {
namespace {

namespace fs = std::filesystem;

constexpr const char* name_prefix = "mtasts-bb-";
std::condition_variable free_changed;

void delete_namespace(const std::string& name) {
  run_quietly({"ip", "netns", "del", name});
  std::error_code ec;
  fs::remove_all(fs::path("/etc/netns") / name, ec);
}

// Namespaces of earlier runs whose process is gone (killed before its cleanup ran).
void sweep_stale() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/var/run/netns", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(name_prefix, 0) != 0) continue;
    const std::string rest = name.substr(std::strlen(name_prefix));
    const pid_t owner = static_cast<pid_t>(std::atol(rest.substr(0, rest.find('-')).c_str()));
    if (owner > 0 && (::kill(owner, 0) == 0 || errno == EPERM)) continue;
    delete_namespace(name);
  }
}

}  // namespace

int run_quietly(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  std::uint64_t tree = 0;
  {
    // Registered as a tree of its own (also while the run stops: deleting a namespace is
    // part of stopping), so that the orphan sweep leaves it to this waitpid.
    tree_start start;
    pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
      ::setpgid(0, 0);
      const int devnull = ::open("/dev/null", O_RDWR);
      if (devnull >= 0) {
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
      }
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    ::setpgid(pid, pid);
    start.started(pid);
    tree = start.serial();
  }
  siginfo_t info{};
  int status = -1;
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0) {
    if (errno != EINTR) break;
  }
  if (info.si_pid == pid && info.si_code == CLD_EXITED) status = info.si_status;
  end_tree(tree, pid);
  return status;
}

std::unique_ptr<namespace_pool> namespace_pool::create(std::size_t count, std::string& error) {
  if (::geteuid() != 0) {
    error = "network namespaces need root (ip netns add)";
    return nullptr;
  }
  sweep_stale();
  std::unique_ptr<namespace_pool> pool(new namespace_pool());
  // An interrupt (containment.h) deletes them after every process in them is gone.
  namespace_pool* raw = pool.get();
  pool->interrupt_hook_ = add_interrupt_hook([raw] {
    std::vector<std::string> names;
    {
      const std::lock_guard lock(raw->mutex_);
      names = raw->all_;
    }
    for (const std::string& name : names) delete_namespace(name);
  });
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = name_prefix + std::to_string(::getpid()) + "-" + std::to_string(i);
    {
      // Registered before it exists, so an interrupt during set-up still removes it.
      const std::lock_guard lock(pool->mutex_);
      pool->all_.push_back(name);
    }
    if (run_quietly({"ip", "netns", "add", name}) != 0) {
      error = "ip netns add " + name + " failed";
      return nullptr;  // the destructor removes what was made
    }
    // Loopback only: the namespace has no other interface, so no packet can leave it.
    if (run_quietly({"ip", "-n", name, "link", "set", "lo", "up"}) != 0) {
      error = "ip -n " + name + " link set lo up failed";
      return nullptr;
    }
    // `ip netns exec` bind-mounts /etc/netns/<name>/* over /etc/*.
    const fs::path etc = fs::path("/etc/netns") / name;
    std::error_code ec;
    fs::create_directories(etc, ec);
    if (ec) {
      error = "cannot create " + etc.string() + ": " + ec.message();
      return nullptr;
    }
    for (const auto& [file, text] :
         {std::pair<const char*, const char*>{
              "resolv.conf", "nameserver 127.0.0.1\noptions timeout:2 attempts:2\n"},
          {"hosts", "127.0.0.1 localhost\n::1 localhost\n"}}) {
      if (const std::optional<std::string> failed =
              write_file_atomically((etc / file).string(), text)) {
        error = *failed;
        return nullptr;
      }
    }
    const std::lock_guard lock(pool->mutex_);
    pool->free_.push_back(name);
  }
  return pool;
}

namespace_pool::~namespace_pool() {
  forget_interrupt_hook(interrupt_hook_);
  for (const std::string& name : all_) delete_namespace(name);
}

std::string namespace_pool::acquire() {
  std::unique_lock lock(mutex_);
  free_changed.wait(lock, [&] { return !free_.empty(); });
  std::string name = free_.back();
  free_.pop_back();
  return name;
}

void namespace_pool::release(const std::string& name) {
  {
    const std::lock_guard lock(mutex_);
    free_.push_back(name);
  }
  free_changed.notify_one();
}

std::vector<std::string> namespace_pool::exec_prefix(const std::string& name) {
  return {"ip", "netns", "exec", name};
}

}  // namespace mtasts::conformance
