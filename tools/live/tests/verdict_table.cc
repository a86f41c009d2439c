// SPDX-License-Identifier: Apache-2.0
// Reading fixtures/certs/verdicts.json (see verdict_table.h).
#include "verdict_table.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "tls_server.h"

namespace mtasts::live::test {
namespace {

nlohmann::json table() {
  std::ifstream in(cert_dir() + "verdicts.json", std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + cert_dir() + "verdicts.json");
  return nlohmann::json::parse(in);
}

}  // namespace

engine::cert_status cert_status_named(const std::string& word) {
  using engine::cert_status;
  if (word == "valid") return cert_status::valid;
  if (word == "expired") return cert_status::expired;
  if (word == "not_yet_valid") return cert_status::not_yet_valid;
  if (word == "untrusted") return cert_status::untrusted;
  if (word == "name_mismatch") return cert_status::name_mismatch;
  throw std::runtime_error("verdicts.json: unknown verdict " + word);
}

void PrintTo(const verdict_case& c, std::ostream* os) {
  *os << c.row << " for " << c.host
      << (c.rule == engine::name_rule::policy_host ? " (Policy Host rule)" : " (MX host rule)");
}

std::vector<verdict_case> verdict_cases() {
  std::vector<verdict_case> out;
  const nlohmann::json verdicts = table();  // kept: the loop refers into it
  for (const nlohmann::json& row : verdicts.at("rows")) {
    for (const auto& [key, rule] : {std::pair{"policy_host", engine::name_rule::policy_host},
                                    std::pair{"mx_host", engine::name_rule::mx_host}}) {
      for (const auto& [host, word] : row.at(key).items()) {
        out.push_back({row.at("name").get<std::string>(),
                       row.at("chain").get<std::vector<std::string>>(), rule, host,
                       cert_status_named(word.get<std::string>())});
      }
    }
  }
  return out;
}

std::vector<std::string> verdict_trust_anchors() {
  return table().at("trust_anchors").get<std::vector<std::string>>();
}

}  // namespace mtasts::live::test
