// SPDX-License-Identifier: Apache-2.0
// Oracle fuzz target: diagnose_policy, the operator-facing explanation of a policy body
// (mtasts/diagnose.h), against the parser it explains. Input and corpus: those of fuzz_policy.
//
// For strict and the option sets of fuzz_policy (policy_option_sets.h; under a fuzzing engine
// strict and one set chosen by the input, see runs_set): the first error is the parse error
// (token, offset, line, column), there is no error when the parse succeeds, warnings come
// after it, at most max_diagnostics, each inside the body with a caret inside its evidence, a
// message and a fix in printable ASCII (mtasts_fuzz::check_diagnosis).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "mtasts/diagnose.h"
#include "policy_option_sets.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

void check(std::string_view body, const mtasts::policy_options& options) {
  const mtasts::result<mtasts::policy> parsed = mtasts::parse_policy(body, options);
  mtasts_fuzz::check_diagnosis(mtasts::diagnose_policy(body, options), parsed, body);
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  return mtasts::is_valid_policy(mtasts_fuzz::as_view(data, size)) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 66000) return 0;  // a little over the 64 KiB default cap, as fuzz_policy
  const std::string_view body = mtasts_fuzz::as_view(data, size);
  mtasts_fuzz::input_scope scope(body);
  check(body, {});
  const std::vector<mtasts_fuzz::policy_sets::option_set>& sets =
      mtasts_fuzz::policy_sets::option_sets();
  for (std::size_t i = 0; i < sets.size(); ++i) {
    // Strict and one set chosen by the input (all of them in replay): a diagnosis costs
    // tens of allocations, so each input explains itself twice, not three times.
    if (mtasts_fuzz::runs_set(body, i + 1, sets.size() + 1)) check(body, sets[i].options);
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
