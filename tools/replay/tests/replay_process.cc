// SPDX-License-Identifier: Apache-2.0
#include "replay_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mtasts::replay_test {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::uint16_t port_of(const std::string& endpoint) {
  return static_cast<std::uint16_t>(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
}

}  // namespace

json fixture_test(const std::string& fixture, const std::string& test) {
  const json f = json::parse(read_text(std::string(MTASTS_SOURCE_DIR) + "/fixtures/" + fixture));
  for (const json& g : f["testGroups"]) {
    for (const json& t : g["tests"]) {
      if (t["name"] == test) return t;
    }
  }
  throw std::runtime_error("no test " + test);
}

replay_process::replay_process(const std::string& fixture, const std::string& test, int step,
                               std::uint16_t https) {
  char tmpl[] = "/tmp/mtasts-replay-test-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
  dir_ = tmpl;
  fixture_path = std::string(MTASTS_SOURCE_DIR) + "/fixtures/" + fixture;
  // Port 0 everywhere (but a port a test wants taken): ports picked here and released
  // before the server binds them could be taken by a parallel test in between.
  std::vector<std::string> args = {MTASTS_BINARY,
                                   "replay-serve",
                                   fixture_path,
                                   "--test",
                                   test,
                                   "--step",
                                   std::to_string(step),
                                   "--dns-port",
                                   "0",
                                   "--https-port",
                                   std::to_string(https),
                                   "--smtp-port",
                                   "0",
                                   "--ready-file",
                                   dir_ + "/ready.json",
                                   "--log",
                                   dir_ + "/log.jsonl"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, (dir_ + "/stdout").c_str(), O_WRONLY | O_CREAT, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, (dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT, 0600);
  const int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot start " + std::string(MTASTS_BINARY));

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(dir_ + "/ready.json")) {
      ready_ = json::parse(read_text(dir_ + "/ready.json"));
      dns_port = port_of(ready_["dns"]);
      https_port = port_of(ready_["https"]);
      smtp_port = ready_["smtp_port"];
      started_ = true;
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -(WIFEXITED(status) ? WEXITSTATUS(status) : 128) - 1000;  // remembered exit
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int replay_process::wait_exit() {
  if (pid_ <= -1000) return -(pid_ + 1000);
  if (pid_ <= 0) return -1;
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return -1;
}

int replay_process::stop(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
  return wait_exit();
}

replay_process::~replay_process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    if (wait_exit() == -1 && pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::vector<json> replay_process::log_lines() const {
  std::vector<json> out;
  std::istringstream in(read_text(dir_ + "/log.jsonl"));
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

std::string replay_process::stderr_text() const { return read_text(dir_ + "/stderr"); }

}  // namespace mtasts::replay_test
