// SPDX-License-Identifier: Apache-2.0
// What a command produces: one JSON value for stdout and the process exit status.
#pragma once

#include "mtasts/observation/json.h"

namespace mtasts::cli {

// The exit statuses of every command (the CLI contract).
enum class exit_status : int {
  ok = 0,               // valid / match / listing printed
  negative = 1,         // invalid input / no match
  usage = 2,            // bad arguments or an I/O error (nothing on stdout)
  invalid_subject = 3,  // match, cert-match: the pattern or host itself is invalid
};

using json = observation::json;

// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct command_result {
  json output;
  exit_status status = exit_status::ok;
};

}  // namespace mtasts::cli
