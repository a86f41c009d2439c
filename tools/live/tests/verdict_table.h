// SPDX-License-Identifier: Apache-2.0
// fixtures/certs/verdicts.json, the expected verdict on every certificate of the test PKI as
// served, read for the live tools' tests. The tests of mtasts::x509_openssl read the same
// file: the live path cannot drift from the certified judge unseen.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::live::test {

// One expectation: a chain of files of fixtures/certs (leaf first) judged for host under rule.
struct verdict_case {
  std::string row;
  std::vector<std::string> chain;
  engine::name_rule rule = engine::name_rule::policy_host;
  std::string host;
  engine::cert_status expected = engine::cert_status::untrusted;
};

// Every (row, rule, host) of the table. Throws std::runtime_error on a malformed table.
std::vector<verdict_case> verdict_cases();
// The file names the table trusts (root-ca.pem).
std::vector<std::string> verdict_trust_anchors();

engine::cert_status cert_status_named(const std::string& word);

// How GoogleTest shows a case (instead of its bytes).
void PrintTo(const verdict_case& c, std::ostream* os);

}  // namespace mtasts::live::test
