// SPDX-License-Identifier: Apache-2.0
// mtasts::x509_openssl judges key strength as OpenSSL's TLS clients do at their default
// security level 1 (80 bits of security): the live tools' handshakes applied that check
// before the tools judged through x509_openssl, and a judge must not be laxer than them.
#include <gtest/gtest.h>
#include <openssl/x509_vfy.h>

#include <string>

#include "minted_leaf.h"
#include "mtasts/x509_openssl.h"
#include "test_pki.h"

namespace {

using mtasts::engine::cert_chain;
using mtasts::engine::cert_status;
using mtasts::engine::name_rule;
using mtasts::engine::openssl_x509;
using namespace test_pki;

// R-4.2-1: "chains to a trusted root" as a TLS client decides it; 768-bit RSA is below 80 bits.
TEST(OpenSslX509KeyStrength, R_4_2_1_A768BitRsaLeafIsUntrusted) {
  const std::string leaf = mint_rsa_leaf("mx1.example.com", 768);
  ASSERT_FALSE(leaf.empty());
  const openssl_x509 x509(read("root-ca.pem"));
  const auto verdict = x509.verify_detailed(cert_chain{{leaf, read("intermediate-ca.pem")}},
                                            "mx1.example.com", name_rule::mx_host, kNow);
  EXPECT_EQ(verdict.status, cert_status::untrusted) << verdict.reason;
  EXPECT_EQ(verdict.openssl_error, X509_V_ERR_EE_KEY_TOO_SMALL) << verdict.reason;
}

// R-3.3-1: the same check for the Policy Host; 2048-bit RSA passes it.
TEST(OpenSslX509KeyStrength, R_3_3_1_A2048BitRsaLeafIsValid) {
  const std::string leaf = mint_rsa_leaf("mta-sts.example.com", 2048);
  ASSERT_FALSE(leaf.empty());
  const openssl_x509 x509(read("root-ca.pem"));
  const auto verdict = x509.verify_detailed(cert_chain{{leaf, read("intermediate-ca.pem")}},
                                            "mta-sts.example.com", name_rule::policy_host, kNow);
  EXPECT_EQ(verdict.status, cert_status::valid) << verdict.reason;
}

}  // namespace
