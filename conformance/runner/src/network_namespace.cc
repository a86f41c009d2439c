// Network namespaces for black-box runs; see network_namespace.h.
#include "mtasts/conformance/network_namespace.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "mtasts/conformance/child_process.h"

namespace mtasts::conformance {
namespace {

namespace fs = std::filesystem;

constexpr const char* name_prefix = "mtasts-bb-";

// The cleanup command, prepared in advance so the signal handler only forks and execs
// (both async-signal-safe).
std::array<char, 8192> cleanup_script{};
std::condition_variable free_changed;

void on_fatal_signal(int sig) {
  // Servers and implementations first: a namespace is only gone once nothing runs in it.
  kill_all_child_groups();
  if (cleanup_script[0] != '\0') {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const char* argv[] = {"/bin/sh", "-c", cleanup_script.data(), nullptr};
      ::execv("/bin/sh", const_cast<char* const*>(argv));
      ::_exit(127);
    }
    if (pid > 0) ::waitpid(pid, nullptr, 0);
  }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

std::string cleanup_command(const std::vector<std::string>& names) {
  std::string script;
  for (const std::string& n : names)
    script.append("ip netns del ")
        .append(n)
        .append(" 2>/dev/null; rm -rf /etc/netns/")
        .append(n)
        .append("; ");
  return script;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
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
    run_quietly({"ip", "netns", "del", name});
    fs::remove_all(fs::path("/etc/netns") / name, ec);
  }
}

}  // namespace

int run_quietly(const std::vector<std::string>& argv) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::unique_ptr<namespace_pool> namespace_pool::create(std::size_t count, std::string& error) {
  if (::geteuid() != 0) {
    error = "network namespaces need root (ip netns add)";
    return nullptr;
  }
  sweep_stale();
  std::unique_ptr<namespace_pool> pool(new namespace_pool());
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = name_prefix + std::to_string(::getpid()) + "-" + std::to_string(i);
    // Registered before it exists, so an interrupt during set-up still removes it.
    pool->all_.push_back(name);
    const std::string script = cleanup_command(pool->all_);
    if (script.size() >= cleanup_script.size()) {
      error = "too many namespaces";
      return nullptr;
    }
    std::copy(script.begin(), script.end(), cleanup_script.begin());
    cleanup_script[script.size()] = '\0';
    if (i == 0) {
      ::signal(SIGINT, on_fatal_signal);
      ::signal(SIGTERM, on_fatal_signal);
      ::signal(SIGHUP, on_fatal_signal);
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
    write_text(etc / "resolv.conf", "nameserver 127.0.0.1\noptions timeout:2 attempts:2\n");
    write_text(etc / "hosts", "127.0.0.1 localhost\n::1 localhost\n");
    pool->free_.push_back(name);
  }
  return pool;
}

namespace_pool::~namespace_pool() {
  for (const std::string& name : all_) {
    run_quietly({"ip", "netns", "del", name});
    std::error_code ec;
    fs::remove_all(fs::path("/etc/netns") / name, ec);
  }
  cleanup_script[0] = '\0';
  ::signal(SIGINT, SIG_DFL);
  ::signal(SIGTERM, SIG_DFL);
  ::signal(SIGHUP, SIG_DFL);
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
