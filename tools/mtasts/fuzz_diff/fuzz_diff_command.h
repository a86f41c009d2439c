// SPDX-License-Identifier: Apache-2.0
// `mtasts fuzz-diff`: differential fuzzing (docs/FUZZ-DIFF.md). Generated level-P questions go
// to every implementation selected; each answer is compared with the reference answer (our
// strict engine, or `--profile`'s); disagreements are classed, and a class that no fixture
// question shows is minimised and written as a fixture candidate.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mtasts::cli::fuzz_diff {

struct fuzz_diff_request {
  std::vector<std::string> impls;  // --impl: shim config names or files, mtasts:PROFILE
  std::string profile = "strict";  // the reference: strict (the RFC answer) or a profile
  std::vector<std::string> kinds;  // --kinds; empty: every kind some implementation answers
  std::uint64_t seed = 1;
  unsigned seconds = 0;           // 0: no time bound
  std::uint64_t max_inputs = 0;   // 0: no count bound (one of the two must be set)
  unsigned timeout_seconds = 10;  // per question
  std::string json_file;          // --json
  std::string candidates_dir;     // --candidates
  bool minimise = true;
  bool progress = true;
};

// Exit 0: no new deviation class; 1: new classes found (listed); 2: could not check.
int run_fuzz_diff(const fuzz_diff_request& request);

void add_fuzz_diff_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli::fuzz_diff
