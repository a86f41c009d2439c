// SPDX-License-Identifier: Apache-2.0
#include "profiles_command.h"

#include "mtasts/options.h"

namespace mtasts::cli {

command_result run_profiles() {
  json list = json::array();
  for (const parser_profile& profile : all_profiles()) {
    json entry = json::object();
    entry["name"] = std::string(profile.name);
    entry["description"] = std::string(profile.description);
    list.push_back(std::move(entry));
  }
  return {std::move(list), exit_status::ok};
}

}  // namespace mtasts::cli
