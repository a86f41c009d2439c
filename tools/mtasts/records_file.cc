// SPDX-License-Identifier: Apache-2.0
// The --records FILE (see records_file.h).
#include "records_file.h"

#include <string>

#include "cli_error.h"
#include "command_result.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::cli {

std::vector<observation::character_strings> parse_records_file(std::string_view text) {
  observation::json_read read = observation::read_json(text);
  if (!read.document) throw cli_error("records file is not valid JSON: " + read.error);
  std::string error;
  auto records =
      observation::txt_answer_from_json(*read.document, observation::bytes_from_json, error);
  if (!records) throw cli_error("records file: " + error);
  return std::move(*records);
}

}  // namespace mtasts::cli
