// SPDX-License-Identifier: Apache-2.0
// `mtasts match PATTERN HOST`: RFC 8461 §4.1, a policy mx pattern against an MX host.
#pragma once

#include <string_view>

#include "command_result.h"

namespace mtasts::cli {

// observation::observe_match; exit ok / negative, or invalid_subject when the pattern or
// host itself is invalid.
command_result run_match(std::string_view pattern, std::string_view host);

}  // namespace mtasts::cli
