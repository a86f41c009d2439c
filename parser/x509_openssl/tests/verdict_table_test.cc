// SPDX-License-Identifier: Apache-2.0
// Every row of fixtures/certs/verdicts.json through mtasts::x509_openssl at the table's time,
// and at the first and last second of the years its description promises (2001..2900).
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <set>
#include <string>

#include "mtasts/x509_openssl.h"
#include "verdict_table.h"

namespace {

using mtasts::engine::cert_chain;
using mtasts::engine::name_rule;
using mtasts::engine::openssl_x509;
using namespace test_pki;

constexpr unix_seconds kFirstSecondOf2001 = kExpiredTo + 1;
constexpr unix_seconds kLastSecondOf2900 = kFutureFrom - 1;

std::string case_name(const verdict_case& c) {
  std::string name = c.row + "_" + (c.rule == name_rule::policy_host ? "policy_" : "mx_") + c.host;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class VerdictTable : public ::testing::TestWithParam<verdict_case> {};

TEST_P(VerdictTable, OpenSslX509GivesTheTabledVerdict) {
  const verdict_case& c = GetParam();
  const openssl_x509 x509(read("root-ca.pem"));
  ASSERT_TRUE(x509.ok()) << x509.error();
  cert_chain chain;
  for (const std::string& file : c.chain) chain.certificates.push_back(read(file));
  for (const unix_seconds at : {kNow, kFirstSecondOf2001, kLastSecondOf2900}) {
    const auto verdict = x509.verify_detailed(chain, c.host, c.rule, at);
    EXPECT_EQ(verdict.status, c.expected)
        << c.row << " for " << c.host << " at " << at << ": " << verdict.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(CertsVerdicts, VerdictTable, ::testing::ValuesIn(verdict_cases()),
                         [](const ::testing::TestParamInfo<verdict_case>& param) {
                           return case_name(param.param);
                         });

TEST(CertsVerdicts, TheTableIsJudgedAtItsStatedTimeAgainstRootCaOnly) {
  const nlohmann::json table = verdict_table();
  EXPECT_EQ(table.at("time"), "2026-11-28T00:00:00Z");
  EXPECT_EQ(table.at("unix_time").get<unix_seconds>(), kNow);
  EXPECT_EQ(table.at("trust_anchors"), nlohmann::json::array({"root-ca.pem"}));
}

TEST(CertsVerdicts, EveryCertificateIsALeafOfSomeRow) {
  std::set<std::string> leaves;
  const nlohmann::json table = verdict_table();  // kept: the loop refers into it
  for (const nlohmann::json& row : table.at("rows")) {
    leaves.insert(row.at("chain").at(0).get<std::string>());
    EXPECT_FALSE(row.at("policy_host").empty()) << row.at("name");
    EXPECT_FALSE(row.at("mx_host").empty()) << row.at("name");
  }
  for (const auto& entry : std::filesystem::directory_iterator(path(""))) {
    if (entry.path().extension() != ".pem") continue;
    EXPECT_EQ(leaves.count(entry.path().filename().string()), 1U) << entry.path();
  }
}

}  // namespace
