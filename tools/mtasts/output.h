// SPDX-License-Identifier: Apache-2.0
// What the CLI writes on stdout for one result.
#pragma once

#include <string>

#include "command_result.h"

namespace mtasts::cli {

// Compact (one line) or indented by two spaces, always followed by a newline. Never throws on
// string contents: observations keep every string well-formed (the bytes rule).
std::string render(const json& value, bool pretty);

}  // namespace mtasts::cli
