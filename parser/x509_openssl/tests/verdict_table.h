// SPDX-License-Identifier: Apache-2.0
// fixtures/certs/verdicts.json: the expected verdict on every certificate of the test PKI,
// as served, under each name rule. The live tools' tests read the same file, so that no
// second certificate judge can drift from mtasts::x509_openssl unseen.
#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mtasts/engine/ports.h"
#include "test_pki.h"

namespace test_pki {

// One expectation: a chain of committed files (leaf first) judged for host under rule.
struct verdict_case {
  std::string row;
  std::vector<std::string> chain;
  mtasts::engine::name_rule rule = mtasts::engine::name_rule::policy_host;
  std::string host;
  mtasts::engine::cert_status expected = mtasts::engine::cert_status::untrusted;
};

// How GoogleTest shows a case (instead of its bytes).
inline void PrintTo(const verdict_case& c, std::ostream* os) {
  *os << c.row << " for " << c.host
      << (c.rule == mtasts::engine::name_rule::policy_host ? " (Policy Host rule)"
                                                           : " (MX host rule)");
}

inline mtasts::engine::cert_status cert_status_named(const std::string& word) {
  using mtasts::engine::cert_status;
  if (word == "valid") return cert_status::valid;
  if (word == "expired") return cert_status::expired;
  if (word == "not_yet_valid") return cert_status::not_yet_valid;
  if (word == "untrusted") return cert_status::untrusted;
  if (word == "name_mismatch") return cert_status::name_mismatch;
  throw std::runtime_error("verdicts.json: unknown verdict " + word);
}

inline nlohmann::json verdict_table() { return nlohmann::json::parse(read("verdicts.json")); }

// Every (row, rule, host) of the table, policy_host entries before mx_host ones.
inline std::vector<verdict_case> verdict_cases() {
  std::vector<verdict_case> out;
  const nlohmann::json table = verdict_table();  // kept: the loop refers into it
  for (const nlohmann::json& row : table.at("rows")) {
    for (const auto& [key, rule] :
         {std::pair{"policy_host", mtasts::engine::name_rule::policy_host},
          std::pair{"mx_host", mtasts::engine::name_rule::mx_host}}) {
      for (const auto& [host, word] : row.at(key).items()) {
        out.push_back({row.at("name").get<std::string>(),
                       row.at("chain").get<std::vector<std::string>>(), rule, host,
                       cert_status_named(word.get<std::string>())});
      }
    }
  }
  return out;
}

}  // namespace test_pki
