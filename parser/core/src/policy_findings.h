// SPDX-License-Identifier: Apache-2.0
// What the policy parser's line loop and end-of-body checks find in a whole body when they
// go on past each error: the raw material of diagnose_policy (diagnose.cc), produced by the
// same rule functions as parse_policy (policy.cc), never by a reader of its own.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "mtasts/diagnose.h"
#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/options.h"
#include "policy_rules.h"

namespace mtasts::detail {

// A registered field's value that counts, as a view into the body, and what it reads as.
struct chosen_value {
  std::string_view value;
  std::uint64_t reading = 0;
};

struct policy_findings {
  // Every error, in the order the parser meets them: errors[0] is parse_policy's error.
  std::vector<parse_error> errors;
  // lines read as extensions because a registered name's value fails its rule, each
  // with the error the value would have had (some come back in errors at the end of body).
  std::vector<parse_error> ignored;
  // Every line kept as an extension (the A-4 ones included), views into the body.
  std::vector<extension> extensions;
  // The mode and max_age values that count, when the body has them.
  std::array<std::optional<chosen_value>, field_count> chosen;
  bool truncated = false;  // max_diagnostics ended the parse
};

// Parses body as parse_policy does under options, going on past every error.
policy_findings find_policy_problems(std::string_view body, const policy_options& options);

}  // namespace mtasts::detail
