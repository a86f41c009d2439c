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
    json models = json::array();
    for (profile_kind k : {profile_kind::txt, profile_kind::policy, profile_kind::tlsrpt}) {
      if (covers(profile.kinds, k)) models.push_back(std::string(profile_kind_name(k)));
    }
    entry["models"] = std::move(models);
    json differences = json::array();
    for (const profile_difference& d : profile.differences) {
      differences.push_back({{"test", std::string(d.test)}, {"why", std::string(d.why)}});
    }
    entry["differences"] = std::move(differences);
    json gaps = json::array();
    for (const profile_gap& g : profile.generated_differences) {
      gaps.push_back({{"signature", std::string(g.signature)}, {"why", std::string(g.why)}});
    }
    entry["generated_differences"] = std::move(gaps);
    list.push_back(std::move(entry));
  }
  return {std::move(list), exit_status::ok};
}

}  // namespace mtasts::cli
