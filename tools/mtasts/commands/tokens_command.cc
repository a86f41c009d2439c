// SPDX-License-Identifier: Apache-2.0
#include "tokens_command.h"

#include "mtasts/error.h"

namespace mtasts::cli {

command_result run_tokens() {
  json list = json::array();
  for (const error_code code : all_error_codes()) {
    json entry = json::object();
    entry["token"] = std::string(token(code));
    entry["family"] = std::string(family(code));
    entry["section"] = std::string(rfc_section(code));
    entry["message"] = std::string(message(code));
    list.push_back(std::move(entry));
  }
  return {std::move(list), exit_status::ok};
}

}  // namespace mtasts::cli
