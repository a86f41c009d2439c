// `mtasts parse txt|policy|tlsrpt [FILE|-] [--records FILE] [--profile NAME]`
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "command_result.h"
#include "mtasts/options.h"

namespace mtasts::cli {

enum class record_kind { txt, policy, tlsrpt };

// "txt", "policy", "tlsrpt": the `kind` member of every parse result.
std::string_view to_string(record_kind kind) noexcept;

struct parse_request {
  record_kind kind = record_kind::txt;
  std::string file = "-";    // one record or policy body; "-" is stdin
  std::string records_file;  // when set (txt, tlsrpt): a whole TXT answer, see records_file.h
  std::string profile = "strict";
};

// Reads the input and parses it. Throws cli_error for an unknown profile, an unreadable
// file, a malformed records file, or --records with a policy.
command_result run_parse(const parse_request& request);

// The parsers' results as CLI JSON, over bytes already read. Exit status ok when valid,
// negative when not.
command_result parse_txt(std::string_view record, const txt_options& options);
command_result parse_policy_body(std::string_view body, const policy_options& options);
command_result parse_tlsrpt(std::string_view record, const tlsrpt_options& options);

// The selection rules over a whole answer of joined records; the result carries "record":
// the chosen record's index, the index of the record an error belongs to, or null.
command_result select_txt(const std::vector<std::string>& records, const txt_options& options);
command_result select_tlsrpt(const std::vector<std::string>& records,
                             const tlsrpt_options& options);

}  // namespace mtasts::cli
