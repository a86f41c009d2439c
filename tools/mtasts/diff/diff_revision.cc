// SPDX-License-Identifier: Apache-2.0
// Building a git revision of this project for `mtasts diff`.
#include "diff_revision.h"

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "cli_error.h"
#include "mtasts/conformance/child_process.h"

namespace mtasts::cli::diff {
namespace {

namespace fs = std::filesystem;
using conformance::child_process;

constexpr auto step_timeout = std::chrono::hours(2);
constexpr std::size_t max_step_output = std::size_t{16} << 20;

struct step_result {
  int exit_code = -1;
  std::string output;  // stdout, then stderr
};

step_result run_step(const std::vector<std::string>& argv) {
  std::string error;
  std::unique_ptr<child_process> child = child_process::start(argv, error);
  if (!child) throw cli_error(argv.front() + ": " + error);
  child->close_stdin();
  const auto until = std::chrono::steady_clock::now() + step_timeout;
  step_result r;
  child->read_to_end(r.output, max_step_output, until);
  const std::optional<int> code = child->wait(until);
  r.exit_code = code.value_or(-1);
  r.output += child->stderr_text();
  return r;
}

std::string last_lines(const std::string& text, std::size_t lines = 30) {
  std::size_t at = text.size();
  while (at > 0 && lines > 0) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) return text;
    --lines;
  }
  return text.substr(at);
}

// Runs argv; throws cli_error naming `what` with the output's tail when it fails.
std::string check_step(const std::string& what, const std::vector<std::string>& argv) {
  step_result r = run_step(argv);
  if (r.exit_code != 0)
    throw cli_error(what + " failed (exit " + std::to_string(r.exit_code) + "):\n" +
                    last_lines(r.output));
  return r.output;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string resolve_commit(const fs::path& repo, const std::string& rev) {
  const step_result r =
      run_step({"git", "-C", repo.string(), "rev-parse", "--verify", "--quiet", rev + "^{commit}"});
  if (r.exit_code != 0)
    throw cli_error("revision " + rev + " is not a commit of " + repo.string() +
                    (r.output.empty() ? "" : ": " + trimmed(r.output)));
  return trimmed(r.output);
}

revision_build::revision_build(const fs::path& repo, const std::string& rev,
                               const fs::path& work_dir, const fs::path& cache_dir, int jobs,
                               std::ostream& log)
    : repo_(repo), rev_(rev) {
  commit_ = resolve_commit(repo, rev);
  const std::string short_commit = commit_.substr(0, 12);
  if (!cache_dir.empty()) {
    const fs::path cached = cache_dir / commit_ / "mtasts";
    std::error_code ec;
    if (fs::is_regular_file(cached, ec)) {
      binary_ = cached;
      log << "mtasts diff: " << rev << " (" << short_commit << "): cached " << cached.string()
          << "\n";
      return;
    }
  }
  worktree_ = work_dir / short_commit;
  const auto start = std::chrono::steady_clock::now();
  log << "mtasts diff: building " << rev << " (" << short_commit << ") in " << worktree_.string()
      << " …\n"
      << std::flush;
  check_step("git worktree add", {"git", "-C", repo.string(), "worktree", "add", "--detach",
                                  "--quiet", worktree_.string(), commit_});
  try {
    const fs::path build = worktree_ / "build";
    check_step("configuring " + rev,
               {"cmake", "-S", worktree_.string(), "-B", build.string(), "-G", "Ninja",
                "-DCMAKE_BUILD_TYPE=Release", "-DMTASTS_BUILD_TESTS=OFF",
                "-DMTASTS_BUILD_BENCHMARKS=OFF", "-Wno-dev", "--no-warn-unused-cli"});
    check_step("building " + rev, {"cmake", "--build", build.string(), "--target", "mtasts", "-j",
                                   std::to_string(jobs)});
    binary_ = build / "tools" / "mtasts";
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log << "mtasts diff: built " << short_commit << " in " << static_cast<int>(seconds) << " s\n"
        << std::flush;
    if (!cache_dir.empty()) {
      const fs::path kept = cache_dir / commit_ / "mtasts";
      fs::create_directories(kept.parent_path());
      fs::copy_file(binary_, kept, fs::copy_options::overwrite_existing);
      binary_ = kept;
      remove_worktree();
    }
  } catch (...) {
    remove_worktree();
    throw;
  }
}

revision_build::~revision_build() { remove_worktree(); }

void revision_build::remove_worktree() noexcept {
  if (worktree_.empty()) return;
  try {
    run_step({"git", "-C", repo_.string(), "worktree", "remove", "--force", worktree_.string()});
  } catch (...) {  // NOLINT(bugprone-empty-catch): the directory is removed below anyway
  }
  std::error_code ec;
  fs::remove_all(worktree_, ec);
  worktree_.clear();
}

}  // namespace mtasts::cli::diff
