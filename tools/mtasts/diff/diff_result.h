// SPDX-License-Identifier: Apache-2.0
// One side's result for one input, reduced to what a parser change can alter, and how two
// such results differ (the transition `mtasts diff` groups changes by).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mtasts/conformance/level_p.h"

namespace mtasts::cli::diff {

// Results compare and are stored as values: members sorted, whatever order a shim printed
// them in.
using json = nlohmann::json;

// The shim's answer without what follows from the rest: no "kind" (the input says it), no
// "diagnostics" (mtasts's explanation of the result, mtasts/diagnose.h), an
// error as {"token", "offset"} (family, line, column and message follow from them), plus
// "subject" for match; a message only when there is no token. Shim failures become
// {"crash": "exit 2"|"signal"|"json"|"size"|"start"}, {"timeout": true} or
// {"unimplemented": true}.
json canonical_result(const conformance::level_p_answer& answer);

// The result for a question the shim's --capabilities exclude.
json unimplemented_result();

// The verdict a result shows: "valid", "invalid", an error token, "match", "no match",
// "CRASH (exit 2)", "TIMEOUT", "UNIMPLEMENTED".
std::string verdict_label(const json& result);

// Whether the result is a shim failure (crash or timeout) rather than an answer.
bool is_failure(const json& result);

// How old_result became new_result, for results that differ:
//   "valid → POLICY_MX_SYNTAX", "POLICY_MX_SYNTAX → valid", "TXT_ID_SYNTAX → TXT_ID_MISSING",
//   "valid → valid (fields changed: mode, mx)",
//   "POLICY_MODE_VALUE: same token, offset moved",
//   "POLICY_MODE_VALUE: same token (fields changed: record)",
//   "UNIMPLEMENTED → answered" (whatever the answer: a difference in capabilities).
std::string transition(const json& old_result, const json& new_result);

}  // namespace mtasts::cli::diff
