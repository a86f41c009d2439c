// SPDX-License-Identifier: Apache-2.0
// Whole-file writes leave either the new content or the old file: a failed write (a file
// size limit, a missing directory, a directory in the way) and a kill in the middle of the
// write both leave the target as it was, and a failure says which path and why.
#include "mtasts/conformance/atomic_file.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using mtasts::conformance::check_writable;
using mtasts::conformance::write_file_atomically;

namespace {

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mtasts-atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  [[nodiscard]] std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }

  // Runs `write` in a child process whose file size limit is `limit` bytes, with SIGXFSZ
  // ignored (the write fails with EFBIG) or at its default (the kernel kills the writer in
  // the middle of the write). Returns the child's wait status; `error` what it reported.
  static int write_limited(const fs::path& target, const std::string& text, rlim_t limit,
                           bool killed, std::string& error) {
    int fds[2];
    if (::pipe(fds) != 0) return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      ::signal(SIGXFSZ, killed ? SIG_DFL : SIG_IGN);
      const rlimit r{limit, limit};
      ::setrlimit(RLIMIT_FSIZE, &r);
      const std::optional<std::string> e = write_file_atomically(target.string(), text);
      const std::string report = e.value_or("ok");
      [[maybe_unused]] const ssize_t n = ::write(fds[1], report.data(), report.size());
      ::_exit(e ? 1 : 0);
    }
    ::close(fds[1]);
    char buffer[512];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
      error.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesNewFileWithTheModeOfAnyNewFile) {
  const fs::path target = dir_ / "report.json";
  ASSERT_EQ(write_file_atomically(target.string(), "{}\n"), std::nullopt);
  EXPECT_EQ(read(target), "{}\n");
  const mode_t mask = ::umask(022);
  ::umask(mask);
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
  EXPECT_EQ(entries(), 1U);  // no temporary file left
}

TEST_F(AtomicFileTest, ReplacesAnExistingFileWhole) {
  const fs::path target = dir_ / "expectations.json";
  std::ofstream(target) << "old content that is longer than the new one\n";
  ASSERT_EQ(write_file_atomically(target.string(), "new\n"), std::nullopt);
  EXPECT_EQ(read(target), "new\n");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicFileTest, FailedWriteLeavesTheOldFileAndNoTemporary) {
  const fs::path target = dir_ / "expectations.json";
  const std::string old = "the old expectations\n";
  std::ofstream(target) << old;
  std::string error;
  const int status =
      write_limited(target, std::string(std::size_t{64} * 1024, 'x'), 4096, false, error);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(error, "cannot write " + target.string() + ": File too large");
  EXPECT_EQ(read(target), old);
  EXPECT_EQ(entries(), 1U);
}

TEST_F(AtomicFileTest, KillDuringTheWriteLeavesTheOldFile) {
  const fs::path target = dir_ / "expectations.json";
  const std::string old = "the old expectations\n";
  std::ofstream(target) << old;
  std::string error;
  const int status =
      write_limited(target, std::string(std::size_t{64} * 1024, 'x'), 4096, true, error);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGXFSZ);  // killed in the middle of write(2)
  EXPECT_EQ(read(target), old);
}

TEST_F(AtomicFileTest, MissingDirectoryIsAnErrorNamingThePath) {
  const std::string target = (dir_ / "no-such-dir" / "x.json").string();
  EXPECT_EQ(write_file_atomically(target, "x"),
            "cannot write " + target + ": No such file or directory");
  EXPECT_EQ(check_writable(target), "cannot write " + target + ": No such file or directory");
}

TEST_F(AtomicFileTest, DirectoryInTheWayIsAnError) {
  EXPECT_EQ(write_file_atomically(dir_.string(), "x"),
            "cannot write " + dir_.string() + ": Is a directory");
  EXPECT_EQ(check_writable(dir_.string()), "cannot write " + dir_.string() + ": Is a directory");
}

TEST_F(AtomicFileTest, CheckWritableLeavesNothingBehind) {
  const fs::path target = dir_ / "report.xml";
  EXPECT_EQ(check_writable(target.string()), std::nullopt);
  EXPECT_EQ(entries(), 0U);
  std::ofstream(target) << "kept";
  EXPECT_EQ(check_writable(target.string()), std::nullopt);
  EXPECT_EQ(read(target), "kept");
  EXPECT_EQ(entries(), 1U);
}

}  // namespace
