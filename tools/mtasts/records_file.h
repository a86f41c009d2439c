// SPDX-License-Identifier: Apache-2.0
// The --records FILE of `mtasts parse txt|tlsrpt`: a whole DNS TXT answer in JSON
// (mtasts/observation/txt_answer.h), with byte strings under the bytes rule.
#pragma once

#include <string_view>
#include <vector>

#include "mtasts/observation/txt_answer.h"

namespace mtasts::cli {

// Parses the file's text. Throws cli_error (exit 2) when it is not valid JSON or not of the
// answer's shape; the message names the record and string at fault.
std::vector<observation::character_strings> parse_records_file(std::string_view text);

}  // namespace mtasts::cli
