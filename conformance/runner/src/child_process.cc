// SPDX-License-Identifier: Apache-2.0
// POSIX process control for shims: fork/exec with close-on-exec pipes (so that parallel
// workers never inherit each other's pipes), poll with deadlines, SIGKILL to the group and
// the tree (containment.h).
#include "mtasts/conformance/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mtasts/conformance/containment.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::conformance {
namespace {

constexpr std::size_t max_stderr = std::size_t{64} * 1024;

int remaining_ms(deadline until) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      until - std::chrono::steady_clock::now());
  if (left.count() <= 0) return 0;
  return left.count() > 60'000 ? 60'000 : static_cast<int>(left.count());
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// The child's environment: the given one or the runner's, with this tree's marker (an older
// marker, from a runner that started this one, is replaced).
std::vector<std::string> child_environment(const child_process::options& how,
                                           const std::string& marker_entry) {
  const std::string name = std::string(tree_marker_variable) + "=";
  std::vector<std::string> env;
  if (how.environment) {
    env = *how.environment;
  } else {
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
  }
  std::erase_if(env, [&](const std::string& e) { return e.rfind(name, 0) == 0; });
  env.push_back(marker_entry);
  return env;
}

}  // namespace

std::unique_ptr<child_process> child_process::start(const std::vector<std::string>& argv,
                                                    std::string& error) {
  return start(argv, options{}, error);
}

std::unique_ptr<child_process> child_process::start(const std::vector<std::string>& argv,
                                                    const options& how, std::string& error) {
  if (argv.empty()) {
    error = "empty command";
    return nullptr;
  }
  // A shim that exits early must show up as a failed write, not kill the runner.
  static const bool sigpipe_ignored = [] { return ::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)sigpipe_ignored;
  // Everything the child needs is prepared before fork: only async-signal-safe calls after.
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1]}) ::close(fd);
    error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  auto close_all = [&] {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
  };
  tree_start tree;  // held until the child is registered
  if (tree.refused()) {
    close_all();
    error = "the run is stopping";
    return nullptr;
  }
  const std::vector<std::string> env = child_environment(how, tree.marker_entry());
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    close_all();
    error = std::string("fork: ") + std::strerror(errno);
    return nullptr;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvpe(args[0], args.data(), envp.data());  // argv[0] on the runner's PATH
    const char msg[] = "mtasts conform: exec failed\n";
    [[maybe_unused]] const ssize_t n = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also from the parent, so kill_group works before the child runs
  tree.started(pid);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  std::unique_ptr<child_process> child(new child_process());
  child->pid_ = pid;
  child->tree_ = tree.serial();
  child->stdin_ = in[1];
  child->stdout_ = out[0];
  child->stderr_fd_ = err[0];
  for (int fd : {child->stdin_, child->stdout_, child->stderr_fd_})
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return child;
}

child_process::~child_process() {
  close_fd(stdin_);
  close_fd(stdout_);
  close_fd(stderr_fd_);
  if (pid_ > 0) end_tree(tree_, pid_);
}

// The leader is reaped only by the destructor, so -pid_ is this tree's group until then.
void child_process::kill_group() {
  if (pid_ > 0) ::kill(-pid_, SIGKILL);
}

void child_process::terminate_group() {
  if (pid_ > 0) ::kill(-pid_, SIGTERM);
}

void child_process::close_stdin() { close_fd(stdin_); }

child_process::io_status child_process::write(std::string_view data, deadline until) {
  while (!data.empty()) {
    if (stdin_ < 0) return io_status::failed;
    const ssize_t n = ::write(stdin_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return io_status::failed;  // EPIPE: the shim stopped reading
    pollfd p{stdin_, POLLOUT, 0};
    const int ms = remaining_ms(until);
    if (ms == 0) return io_status::timeout;
    ::poll(&p, 1, ms);
  }
  return io_status::ok;
}

child_process::io_status child_process::fill(deadline until) {
  for (;;) {
    pollfd fds[2] = {{stdout_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
    const int ms = remaining_ms(until);
    const int n = ::poll(fds, stderr_fd_ >= 0 ? 2 : 1, ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io_status::timeout;
    char chunk[65536];
    if (stderr_fd_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      const ssize_t r = ::read(stderr_fd_, chunk, sizeof chunk);
      if (r > 0) {
        const std::size_t room = max_stderr > stderr_.size() ? max_stderr - stderr_.size() : 0;
        stderr_.append(chunk, std::min(room, static_cast<std::size_t>(r)));
      } else if (r == 0) {
        close_fd(stderr_fd_);
      }
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      const ssize_t r = ::read(stdout_, chunk, sizeof chunk);
      if (r > 0) {
        buffer_.append(chunk, static_cast<std::size_t>(r));
        return io_status::ok;
      }
      if (r == 0) {
        stdout_eof_ = true;
        return io_status::eof;
      }
      if (errno != EAGAIN && errno != EINTR) return io_status::failed;
    }
  }
}

child_process::io_status child_process::read_line(std::string& line, std::size_t max_line,
                                                  deadline until) {
  for (;;) {
    // Bytes already searched are not searched again: a long line arriving in many small
    // reads costs linear time.
    if (const std::size_t nl = buffer_.find('\n', line_scanned_); nl != std::string::npos) {
      line_scanned_ = 0;
      if (nl > max_line) return io_status::too_large;
      line.assign(buffer_, 0, nl);
      buffer_.erase(0, nl + 1);
      return io_status::ok;
    }
    line_scanned_ = buffer_.size();
    if (buffer_.size() > max_line) return io_status::too_large;
    if (stdout_eof_) return io_status::eof;
    const io_status s = fill(until);
    if (s != io_status::ok && s != io_status::eof) return s;
  }
}

child_process::io_status child_process::read_to_end(std::string& out, std::size_t max_total,
                                                    deadline until) {
  for (;;) {
    if (buffer_.size() > max_total) return io_status::too_large;
    if (stdout_eof_) {
      out = std::move(buffer_);
      buffer_.clear();
      line_scanned_ = 0;
      return io_status::ok;
    }
    const io_status s = fill(until);
    if (s != io_status::ok && s != io_status::eof) return s;
  }
}

std::optional<int> child_process::exited() {
  if (exited_) return status_;
  // Keep draining stderr so a chatty child cannot block on a full pipe.
  if (stderr_fd_ >= 0) {
    char chunk[4096];
    const ssize_t r = ::read(stderr_fd_, chunk, sizeof chunk);
    if (r > 0 && stderr_.size() < max_stderr)
      stderr_.append(chunk, std::min(max_stderr - stderr_.size(), static_cast<std::size_t>(r)));
    if (r == 0) close_fd(stderr_fd_);
  }
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
      info.si_pid != pid_)
    return std::nullopt;
  exited_ = true;
  signalled_ = info.si_code == CLD_KILLED || info.si_code == CLD_DUMPED;
  status_ = signalled_ ? 128 + info.si_status : info.si_status;
  return status_;
}

std::optional<int> child_process::wait(deadline until) {
  for (;;) {
    if (const std::optional<int> status = exited()) return status;
    if (remaining_ms(until) == 0) {
      kill_group();
      return std::nullopt;  // the destructor reaps it
    }
    ::usleep(2000);
  }
}

std::string output_tail(std::string_view text, std::size_t n) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  // Whole characters only, and printable: the tail goes into reports as it is.
  const std::string_view tail = observation::utf8_tail(text, n);
  return (tail.size() < text.size() ? "…" : "") + observation::printable_text(tail);
}

}  // namespace mtasts::conformance
