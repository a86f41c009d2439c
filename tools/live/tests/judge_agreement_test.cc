// SPDX-License-Identifier: Apache-2.0
// The live tools and mtasts::x509_openssl agree on a chain whatever the trust anchors given
// with --ca-file: the certified judge decides, never the TLS stack's own defaults.
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <iterator>

#include "live_verdict.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/live/recording.h"
#include "mtasts/x509_openssl.h"
#include "tls_server.h"

namespace mtasts::live::test {
namespace {

using engine::cert_status;
using engine::name_rule;

engine::cert_chain chain_of(const std::vector<std::string>& files) {
  engine::cert_chain chain;
  for (const std::string& file : files) {
    std::ifstream in(cert_dir() + file, std::ios::binary);
    chain.certificates.emplace_back(std::istreambuf_iterator<char>(in),
                                    std::istreambuf_iterator<char>());
  }
  return chain;
}

// R-3.3-1, R-4.2-1: a chain to a trusted root. With an intermediate as the only anchor the
// chain ends at no self-signed anchor: x509_openssl finds it untrusted, where libcurl's
// default X509_V_FLAG_PARTIAL_CHAIN would accept it.
TEST(LiveJudge, AnIntermediateAsTheOnlyTrustAnchorIsJudgedAsX509OpenSslJudgesIt) {
  const std::string anchors = cert_dir() + "intermediate-ca.pem";
  const engine::openssl_x509 judge = engine::openssl_x509::from_file(anchors);
  ASSERT_TRUE(judge.ok()) << judge.error();
  const auto now = static_cast<engine::unix_seconds>(std::time(nullptr));
  const struct {
    std::vector<std::string> chain;
    name_rule rule;
    std::string host;
  } cases[] = {
      {{"policy-valid.pem", "intermediate-ca.pem"}, name_rule::policy_host, "mta-sts.example.com"},
      {{"mx1-valid.pem", "intermediate-ca.pem"}, name_rule::mx_host, "mx1.example.com"},
  };
  for (const auto& c : cases) {
    const engine::x509_verification expected =
        judge.verify_detailed(chain_of(c.chain), c.host, c.rule, now);
    EXPECT_EQ(expected.status, cert_status::untrusted) << expected.reason;
    const live_verdict got = c.rule == name_rule::policy_host
                                 ? policy_host_verdict(c.chain, c.host, anchors)
                                 : mx_host_verdict(c.chain, c.host, anchors);
    ASSERT_TRUE(got.status) << c.host << ": no certificate verdict (" << got.detail << ")";
    EXPECT_EQ(conformance::tls_verdicts.name(*got.status),
              conformance::tls_verdicts.name(expected.status))
        << c.host;
  }
}

}  // namespace
}  // namespace mtasts::live::test
