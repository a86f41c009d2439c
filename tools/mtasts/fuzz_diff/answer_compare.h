// SPDX-License-Identifier: Apache-2.0
// How an implementation's answer compares with the reference answer (our strict engine's, or
// a peer profile's in a profile check), by kind: accepted or rejected (matched or not, or an
// invalid operand), the fields both report, and the error family when both reject
// (docs/FUZZ-DIFF.md "Comparison"). A disagreement gets a class signature: the same
// signature is the same deviation, whatever input showed it.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/shim_config.h"
#include "question_generator.h"

namespace mtasts::cli::fuzz_diff {

using json = conformance::json;

enum class comparison_outcome : std::uint8_t {
  agree,
  disagree,
  unimplemented,  // the implementation cannot express the question (exit 89)
  failed,         // it crashed or timed out on it (signature "crash: ..." / "timeout")
};

struct comparison {
  comparison_outcome outcome = comparison_outcome::agree;
  // disagree or failed: "policy: RFC POLICY_DUPLICATE_FIELD, impl accepts",
  // "policy: both accept, impl differs in mode", "match: RFC no match, impl matches".
  std::string signature;
  // What the reference and the implementation answered, in a few words each.
  std::string reference_says, implementation_says;
};

// The verdict of an answer in a few words: "accepts", "rejects (POLICY_MODE)", "matches",
// "does not match", "refuses the pattern", "rejects (unmapped: <message>)".
std::string describe_answer(question_kind kind, const json& answer, int exit_code,
                            const conformance::shim_config* config);

// reference: our engine's answer and exit; theirs: the implementation's; config: its shim
// config (ErrorMap, MxDeduplicated), or nullptr for an engine profile.
struct comparison_mode {
  // Names the reference in signatures: "RFC" for the strict engine, "profile" in a profile
  // check.
  std::string_view reference_name = "RFC";
  // Whether two rejections must be in the same error family. A profile check compares
  // verdicts and fields only: a profile models what its peer accepts and reads, not its
  // error messages.
  bool families = true;
};
comparison compare_answers(question_kind kind, const json& reference, int reference_exit,
                           const conformance::level_p_answer& theirs,
                           const conformance::shim_config* config, comparison_mode mode = {});

}  // namespace mtasts::cli::fuzz_diff
