// SPDX-License-Identifier: Apache-2.0
// Every row of fixtures/certs/verdicts.json served on loopback and judged by the live tools:
// Policy Host rows through the HTTPS port, MX rows through the SMTP STARTTLS probe, both
// through the engine as `mtasts check` runs them. mtasts::x509_openssl's tests check the
// same table, so the two paths cannot disagree unseen.
#include <gtest/gtest.h>

#include <cctype>
#include <ctime>

#include "live_verdict.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/live/recording.h"
#include "tls_server.h"
#include "verdict_table.h"

namespace mtasts::live::test {
namespace {

// The table holds from 2001-01-01T00:00:00Z to 2900-12-31T23:59:59Z (its description); the
// live tools judge at the system clock.
constexpr std::time_t kFirstSecondOf2001 = 978307200;
constexpr std::time_t kFirstSecondOf2901 = 29379542400;

std::string case_name(const verdict_case& c) {
  std::string name =
      c.row + "_" + (c.rule == engine::name_rule::policy_host ? "policy_" : "mx_") + c.host;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class LiveVerdictTable : public ::testing::TestWithParam<verdict_case> {};

TEST_P(LiveVerdictTable, LivePathGivesTheTabledVerdict) {
  const std::time_t now = std::time(nullptr);
  ASSERT_GE(now, kFirstSecondOf2001);
  ASSERT_LT(now, kFirstSecondOf2901);
  const std::vector<std::string> anchors = verdict_trust_anchors();
  ASSERT_EQ(anchors.size(), 1U);
  const verdict_case& c = GetParam();
  const std::string ca_file = cert_dir() + anchors.front();
  const live_verdict got = c.rule == engine::name_rule::policy_host
                               ? policy_host_verdict(c.chain, c.host, ca_file)
                               : mx_host_verdict(c.chain, c.host, ca_file);
  ASSERT_TRUE(got.status) << c.row << " for " << c.host << ": no certificate verdict ("
                          << got.detail << ")";
  EXPECT_EQ(conformance::tls_verdicts.name(*got.status), conformance::tls_verdicts.name(c.expected))
      << c.row << " for " << c.host;
}

INSTANTIATE_TEST_SUITE_P(CertsVerdicts, LiveVerdictTable, ::testing::ValuesIn(verdict_cases()),
                         [](const ::testing::TestParamInfo<verdict_case>& param) {
                           return case_name(param.param);
                         });

}  // namespace
}  // namespace mtasts::live::test
