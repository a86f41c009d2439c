// SPDX-License-Identifier: Apache-2.0
// `mtasts profiles`: the parser profiles that --profile accepts.
#pragma once

#include "command_result.h"

namespace mtasts::cli {

// [{"name", "description"}, ...] in mtasts::all_profiles() order; exit ok.
command_result run_profiles();

}  // namespace mtasts::cli
