// SPDX-License-Identifier: Apache-2.0
// What `mtasts diff` found: every input whose result changed, grouped by transition
// (diff_result.h), inputs new since the old side's results and inputs that are gone; and its
// text and JSON renderings.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diff_inputs.h"
#include "diff_result.h"

namespace mtasts::cli::diff {

struct diff_change {
  std::string id;
  const diff_input* input = nullptr;  // nullptr for an input that is gone
  json old_result;                    // null for a new input
  json new_result;                    // null for an input that is gone
};

struct diff_findings {
  std::map<std::string, std::vector<diff_change>> by_transition;
  std::vector<diff_change> added;    // no old result: new since the snapshots
  std::vector<diff_change> removed;  // an old result whose input is gone
  std::size_t failing_on_both = 0;   // the same crash or timeout on both sides
  [[nodiscard]] std::size_t changed() const;
  [[nodiscard]] bool identical() const {
    return changed() == 0 && added.empty() && removed.empty();
  }
};

// Compares new_results[i] (the result for inputs[i]) with the old results by id.
diff_findings compare_results(const std::vector<diff_input>& inputs,
                              const std::map<std::string, json>& old_results,
                              const std::vector<json>& new_results);

struct diff_run_info {
  std::string old_side, new_side;  // what ran: a command, a revision, the snapshots
  std::size_t inputs = 0;
  std::map<std::string, std::size_t> skipped;
  double seconds = 0;
  unsigned jobs = 1;
};

// The input as one short line: escaped bytes (or the match operands), truncated.
std::string describe_input(const conformance::level_p_input& in, std::size_t limit = 100);

// Every changed input under its transition: the first `examples` (0: all) with the input and
// the old and new results, the others by id.
void print_text_report(std::ostream& out, const diff_run_info& info, const diff_findings& f,
                       std::size_t examples);
json json_report(const diff_run_info& info, const diff_findings& f);

}  // namespace mtasts::cli::diff
