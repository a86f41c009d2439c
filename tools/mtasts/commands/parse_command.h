// SPDX-License-Identifier: Apache-2.0
// `mtasts parse txt|policy|tlsrpt [FILE|-] [--records FILE] [--profile NAME]`
#pragma once

#include <string>

#include "command_result.h"
#include "mtasts/observation/parse_result.h"

namespace mtasts::cli {

using observation::record_kind;

struct parse_request {
  record_kind kind = record_kind::txt;
  std::string file = "-";    // one record or policy body; "-" is stdin
  std::string records_file;  // when set (txt, tlsrpt): a whole TXT answer, see records_file.h
  std::string profile = "strict";
};

// Reads the input and parses it (mtasts/observation/parse_result.h). Throws cli_error for an
// unknown profile, an unreadable file, a malformed records file, or --records with a policy.
command_result run_parse(const parse_request& request);

// One record or policy body under a named profile, as `mtasts parse` prints it (with
// "diagnostics" for txt and policy). Throws cli_error for an unknown profile or one that does
// not model the kind.
command_result parse_bytes(record_kind kind, std::string_view bytes, const std::string& profile);

// The exit status of an observation: yes 0, no 1, bad_operand 3.
exit_status status_of(observation::verdict outcome) noexcept;

}  // namespace mtasts::cli
