// SPDX-License-Identifier: Apache-2.0
// `mtasts diff`: every parse-level input (the fuzz corpora, the fixtures' parse steps, and
// any --inputs / --workload given) through two level-P shims (conformance/PROTOCOL.md), or
// through the current binary against the committed snapshots; prints every input whose
// result changed, grouped by transition. Exit 0 identical, 1 different, 2 error.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace mtasts::cli::diff {

struct diff_request {
  std::string old_shim, new_shim;   // --old / --new "CMD ARGS" (split on spaces)
  std::string old_rev, new_rev;     // --old-rev / --new-rev: git revisions built here
  std::vector<std::string> inputs;  // --inputs [KIND=]DIR
  std::vector<std::pair<std::string, std::string>> workloads;  // --workload KIND FILE
  bool no_shipped = false;  // --no-shipped: not corpus/ and fixtures/
  bool update = false;      // --update: rewrite the snapshots from the new side
  bool json = false;        // --json: the report as JSON
  std::string root;         // --root: the checkout holding corpus/, fixtures/, snapshots/
  std::string snapshots;    // --snapshots DIR (default ROOT/snapshots)
  std::string rev_cache;    // --rev-cache DIR: keep built revisions
  unsigned jobs = 1;        // --jobs (the command's default: one per CPU)
  int timeout_seconds = 10;
  std::size_t examples = 3;
};

// Throws cli_error for usage errors, a failed build or a shim that cannot start.
int run_diff(const diff_request& request);

// Registers `diff` on app; when it is the command given, sets chosen to run it.
void add_diff_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli::diff
