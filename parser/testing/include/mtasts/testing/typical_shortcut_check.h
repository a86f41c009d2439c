// SPDX-License-Identifier: Apache-2.0
// The check behind the typical-policy tests: parse_policy, which reads the typical lines at
// the start of a body in one pass (parser/core/src/typical_policy.h), must give exactly what
// the exact line-by-line path alone gives (detail::parse_policy_exact), under every option
// set, with any storage. Shared by the unit tests, the properties and fuzz/fuzz_policy.cc
// (mtasts_testing: no test framework, no tests/ folder on anyone's include path).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "mtasts/result.h"

namespace mtasts::test_support {

// Every profile, the lenient set, and each option that changes a decision the typical reader
// or the state it hands over could influence.
std::vector<mtasts::policy_options> typical_shortcut_option_sets();

// A one-line description of a parse outcome: the error with its position, or the fields.
std::string describe_outcome(const mtasts::result<mtasts::policy_view>& r);

// "" when parse_policy with mx_slots and extension_slots of storage gives exactly what the
// exact path gives on body under options: the same error (offset, line and column included),
// or the same fields as views of the same bytes of the body; else what differs.
std::string typical_vs_exact(std::string_view body, const mtasts::policy_options& options,
                             std::size_t mx_slots, std::size_t extension_slots);

// "" when parse_policy, with mx_slots and extension_slots of storage, and the owning and
// validity APIs all agree with the exact path on body under options; else what differs.
std::string typical_shortcut_difference(std::string_view body,
                                        const mtasts::policy_options& options,
                                        std::size_t mx_slots = 256,
                                        std::size_t extension_slots = 256);

}  // namespace mtasts::test_support
