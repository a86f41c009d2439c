// SPDX-License-Identifier: Apache-2.0
// A git revision of this project built in a temporary worktree, so that `mtasts diff
// --old-rev/--new-rev` can run it as a level-P shim. Only the mtasts target is built, in
// Release, without tests, benchmarks or fuzzers.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

namespace mtasts::cli::diff {

// The full commit id rev names in the repository at repo. Throws cli_error when it names none.
std::string resolve_commit(const std::filesystem::path& repo, const std::string& rev);

class revision_build {
 public:
  // Resolves rev in the repository at repo and builds it under work_dir (which must exist)
  // with `jobs` parallel compilations; one progress line per step on log. With a non-empty
  // cache_dir, a binary already built for the commit is reused from cache_dir/<commit>/mtasts
  // and a new one is kept there. Throws cli_error with the failing step's output.
  revision_build(const std::filesystem::path& repo, const std::string& rev,
                 const std::filesystem::path& work_dir, const std::filesystem::path& cache_dir,
                 int jobs, std::ostream& log);
  ~revision_build();  // removes the worktree (git worktree remove --force)
  revision_build(const revision_build&) = delete;
  revision_build& operator=(const revision_build&) = delete;

  [[nodiscard]] const std::string& rev() const { return rev_; }
  [[nodiscard]] const std::string& commit() const { return commit_; }
  [[nodiscard]] const std::filesystem::path& binary() const { return binary_; }

 private:
  void remove_worktree() noexcept;

  std::filesystem::path repo_;
  std::filesystem::path worktree_;  // empty when the binary came from the cache
  std::string rev_;                 // as given
  std::string commit_;              // what it resolved to
  std::filesystem::path binary_;
};

}  // namespace mtasts::cli::diff
