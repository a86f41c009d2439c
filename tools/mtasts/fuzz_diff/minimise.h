// SPDX-License-Identifier: Apache-2.0
// Delta debugging of a disagreement (docs/FUZZ-DIFF.md "Triage"): the input is cut into units
// (lines, then fields, then characters; labels, then characters, for host operands; records
// for a records file) and chunks of units are removed while the disagreement keeps its class
// signature, the chunks halving until single units, within a budget of questions.
#pragma once

#include <cstddef>
#include <functional>

#include "mtasts/conformance/level_p.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {

// Whether a smaller candidate still shows the same disagreement.
using still_disagrees = std::function<bool(const conformance::level_p_input&)>;

// Questions one minimisation may ask at most (each asks the implementation and our engine).
inline constexpr std::size_t max_minimise_questions = 400;

struct minimised {
  conformance::level_p_input question;
  std::size_t questions_asked = 0;
};

minimised minimise(question_kind kind, conformance::level_p_input input,
                   const still_disagrees& keeps, std::size_t budget = max_minimise_questions);

}  // namespace mtasts::cli::fuzz_diff
