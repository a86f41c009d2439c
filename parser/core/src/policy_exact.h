// SPDX-License-Identifier: Apache-2.0
// The policy parser without its typical-policy shortcut: every body through the
// exact line-by-line path. Tests compare parse_policy with it; nothing else should call it.
#pragma once

#include <string_view>

#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "mtasts/result.h"

namespace mtasts::detail {

result<policy_view> parse_policy_exact(std::string_view body, policy_storage storage,
                                       const policy_options& options = {});

}  // namespace mtasts::detail
