// SPDX-License-Identifier: Apache-2.0
// `mtasts tokens`: the error-token registry (error_tokens.def) as JSON, the source of
// fixtures/error-tokens.json.
#pragma once

#include "command_result.h"

namespace mtasts::cli {

// [{"token", "family", "section", "message"}, ...] in registry order; exit ok.
command_result run_tokens();

}  // namespace mtasts::cli
