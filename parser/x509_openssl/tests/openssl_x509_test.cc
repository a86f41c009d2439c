// SPDX-License-Identifier: Apache-2.0
// mtasts::engine::openssl_x509 against the committed test PKI: chains, windows and SAN
// DNS-ID matching (RFC 8461 §3.3, §4.2; RFC 6125 §6.4). Times come from the caller only.
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "mtasts/x509_openssl.h"
#include "test_pki.h"

namespace {

using mtasts::engine::cert_chain;
using mtasts::engine::cert_status;
using mtasts::engine::name_rule;
using mtasts::engine::openssl_x509;
using mtasts::engine::openssl_x509_options;
using namespace test_pki;

constexpr const char* kPolicyHost = "mta-sts.example.com";
constexpr const char* kMx1 = "mx1.example.com";
constexpr const char* kMx2 = "mx2.example.com";

// A chain of committed files, leaf first.
cert_chain chain(std::initializer_list<const char*> names) {
  cert_chain c;
  for (const char* n : names) c.certificates.push_back(read(std::string(n) + ".pem"));
  return c;
}
cert_chain via_intermediate(const char* leaf) { return chain({leaf, "intermediate-ca"}); }

class OpenSslX509 : public ::testing::Test {
 protected:
  openssl_x509 x509{read("root-ca.pem")};

  cert_status policy(const cert_chain& c, unix_seconds at = kNow) {
    return x509.verify(c, kPolicyHost, name_rule::policy_host, at);
  }
  cert_status mx(const cert_chain& c, const char* host = kMx1, unix_seconds at = kNow) {
    return x509.verify(c, host, name_rule::mx_host, at);
  }
};

std::string der_of(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert, &der);
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  X509_free(cert);
  return out;
}

}  // namespace

// --- trust roots --------------------------------------------------------------------------

TEST(OpenSslX509Roots, LoadsRootsFromPemTextAndFile) {
  const openssl_x509 text(read("root-ca.pem"));
  EXPECT_TRUE(text.ok()) << text.error();
  EXPECT_EQ(text.root_count(), 1u);
  const openssl_x509 file = openssl_x509::from_file(path("root-ca.pem"));
  EXPECT_TRUE(file.ok()) << file.error();
  EXPECT_EQ(file.root_count(), 1u);
  const openssl_x509 two(read("root-ca.pem") + read("untrusted-root-ca.pem"));
  EXPECT_EQ(two.root_count(), 2u);
}

TEST(OpenSslX509Roots, BadRootsTrustNothing) {
  for (const std::string& roots : {std::string(), std::string("not a certificate"),
                                   std::string("-----BEGIN CERTIFICATE-----\nAAAA\n"
                                               "-----END CERTIFICATE-----\n"),
                                   read("root-ca.key")}) {
    openssl_x509 x(roots);
    EXPECT_FALSE(x.ok());
    EXPECT_FALSE(x.error().empty());
    EXPECT_EQ(x.verify(via_intermediate("mx1-valid"), kMx1, name_rule::mx_host, kNow),
              cert_status::untrusted);
  }
  openssl_x509 missing = openssl_x509::from_file(path("no-such-file.pem"));
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("no-such-file.pem"), std::string::npos);
  EXPECT_EQ(missing.verify(via_intermediate("mx1-valid"), kMx1, name_rule::mx_host, kNow),
            cert_status::untrusted);
}

TEST(OpenSslX509Roots, MovedObjectKeepsItsRoots) {
  openssl_x509 a(read("root-ca.pem"));
  openssl_x509 b(std::move(a));
  EXPECT_EQ(b.verify(via_intermediate("mx1-valid"), kMx1, name_rule::mx_host, kNow),
            cert_status::valid);
}

TEST(OpenSslX509Roots, R_4_2_1_NeverUsesTheDefaultTrustStore) {
  // Even with OpenSSL's default locations pointing at the test root, only the given roots count.
  ::setenv("SSL_CERT_FILE", path("root-ca.pem").c_str(), 1);
  ::setenv("SSL_CERT_DIR", path("").c_str(), 1);
  openssl_x509 other(read("untrusted-root-ca.pem"));
  EXPECT_EQ(other.verify(via_intermediate("mx1-valid"), kMx1, name_rule::mx_host, kNow),
            cert_status::untrusted);
  EXPECT_EQ(other.verify(chain({"mx-untrusted-root"}), kMx1, name_rule::mx_host, kNow),
            cert_status::valid);
  ::unsetenv("SSL_CERT_FILE");
  ::unsetenv("SSL_CERT_DIR");
}

// --- chains ---------------------------------------------------------------------------------

TEST_F(OpenSslX509, R_3_3_1_PolicyHostChainViaIntermediateIsValid) {
  EXPECT_EQ(policy(via_intermediate("policy-valid")), cert_status::valid);
}

TEST_F(OpenSslX509, R_4_2_1_MxChainViaIntermediateIsValid) {
  EXPECT_EQ(mx(via_intermediate("mx1-valid"), kMx1), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx2-valid"), kMx2), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx-both-valid"), kMx1), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx-both-valid"), kMx2), cert_status::valid);
}

TEST_F(OpenSslX509, ChainElementsMayHoldSeveralPemBlocksOrDer) {
  cert_chain one;
  one.certificates.push_back(read("mx1-valid.pem") + read("intermediate-ca.pem"));
  EXPECT_EQ(mx(one), cert_status::valid);
  cert_chain der;
  der.certificates = {der_of(read("mx1-valid.pem")), der_of(read("intermediate-ca.pem"))};
  EXPECT_EQ(mx(der), cert_status::valid);
  // The root may be sent too, and unrelated certificates are ignored.
  EXPECT_EQ(mx(chain({"mx1-valid", "untrusted-root-ca", "intermediate-ca", "root-ca"})),
            cert_status::valid);
}

TEST_F(OpenSslX509, R_4_2_1_MissingIntermediateIsUntrusted) {
  EXPECT_EQ(mx(chain({"mx1-valid"})), cert_status::untrusted);
  EXPECT_EQ(policy(chain({"policy-valid"})), cert_status::untrusted);
  EXPECT_EQ(mx(chain({"mx1-valid", "expired-intermediate-ca"})), cert_status::untrusted);
}

TEST_F(OpenSslX509, R_4_2_1_UntrustedRootIsUntrusted) {
  EXPECT_EQ(mx(chain({"mx-untrusted-root"})), cert_status::untrusted);
  EXPECT_EQ(mx(chain({"mx-untrusted-root", "untrusted-root-ca"})), cert_status::untrusted);
  EXPECT_EQ(policy(chain({"policy-untrusted-root", "untrusted-root-ca"})), cert_status::untrusted);
}

TEST_F(OpenSslX509, R_4_2_1_UnreadableChainsAreUntrusted) {
  EXPECT_EQ(mx(cert_chain{}), cert_status::untrusted);
  EXPECT_EQ(mx(cert_chain{{""}}), cert_status::untrusted);
  EXPECT_EQ(mx(cert_chain{{"garbage"}}), cert_status::untrusted);
  EXPECT_EQ(mx(cert_chain{{read("mx1-valid.key")}}), cert_status::untrusted);
  std::string damaged = read("mx1-valid.pem");
  damaged[damaged.size() / 2] = '!';
  EXPECT_EQ(mx(cert_chain{{damaged, read("intermediate-ca.pem")}}), cert_status::untrusted);
  // A good leaf followed by an unreadable intermediate: the whole chain is rejected.
  EXPECT_EQ(mx(cert_chain{{read("mx1-valid.pem"), "junk"}}), cert_status::untrusted);
  std::string der = der_of(read("mx1-valid.pem"));
  EXPECT_EQ(mx(cert_chain{{der + "x", read("intermediate-ca.pem")}}), cert_status::untrusted);
  EXPECT_EQ(mx(cert_chain{{der.substr(0, der.size() - 1), read("intermediate-ca.pem")}}),
            cert_status::untrusted);
}

TEST_F(OpenSslX509, CaCertificateAsLeafIsUntrusted) {
  // "ssl_server" purpose: a CA certificate without digitalSignature is no server certificate.
  EXPECT_EQ(mx(chain({"intermediate-ca"})), cert_status::untrusted);
}

// --- windows, at the caller's time ---------------------------------------------------------

TEST_F(OpenSslX509, R_4_2_1_ExpiredLeafIsExpired) {
  EXPECT_EQ(mx(via_intermediate("mx-expired")), cert_status::expired);
  EXPECT_EQ(policy(via_intermediate("policy-expired")), cert_status::expired);
  // ...and valid at a time inside its window: the time is the caller's, not the system's.
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx1, kMid2000), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx1, kExpiredTo), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx1, kExpiredTo + 1), cert_status::expired);
}

TEST_F(OpenSslX509, R_4_2_1_NotYetValidLeafIsNotYetValid) {
  EXPECT_EQ(mx(via_intermediate("mx-not-yet-valid")), cert_status::not_yet_valid);
  EXPECT_EQ(policy(via_intermediate("policy-not-yet-valid")), cert_status::not_yet_valid);
  EXPECT_EQ(mx(via_intermediate("mx-not-yet-valid"), kMx1, kFutureFrom - 1),
            cert_status::not_yet_valid);
  EXPECT_EQ(mx(via_intermediate("mx-not-yet-valid"), kMx1, kFutureFrom), cert_status::valid);
}

TEST_F(OpenSslX509, R_4_2_1_ValidLeafOutsideItsWindow) {
  const cert_chain c = via_intermediate("mx1-valid");
  EXPECT_EQ(mx(c, kMx1, kValidFrom - 1), cert_status::not_yet_valid);
  EXPECT_EQ(mx(c, kMx1, kValidFrom), cert_status::valid);
  EXPECT_EQ(mx(c, kMx1, kValidTo), cert_status::valid);
  EXPECT_EQ(mx(c, kMx1, kValidTo + 1), cert_status::expired);
  EXPECT_EQ(policy(via_intermediate("policy-valid"), kValidTo + 1), cert_status::expired);
  EXPECT_EQ(policy(via_intermediate("policy-valid"), 0), cert_status::not_yet_valid);
  // Beyond the range of X.509 times (years 0000-9999) OpenSSL cannot compare; no window
  // reaches there.
  EXPECT_EQ(mx(c, kMx1, -62167219200), cert_status::not_yet_valid);  // 0000-01-01T00:00:00Z
  EXPECT_EQ(mx(c, kMx1, -62167219201), cert_status::not_yet_valid);
  EXPECT_EQ(mx(c, kMx1, std::numeric_limits<unix_seconds>::min()), cert_status::not_yet_valid);
  EXPECT_EQ(mx(c, kMx1, std::numeric_limits<unix_seconds>::max()), cert_status::expired);
  EXPECT_EQ(mx(chain({"mx-untrusted-root"}), kMx1, std::numeric_limits<unix_seconds>::max()),
            cert_status::untrusted);
}

TEST_F(OpenSslX509, R_4_2_1_WindowsAreInclusive) {
  // RFC 5280 §4.1.2.5: notBefore through notAfter, inclusive (OpenSSL 3.0 alone would call
  // the notAfter second expired).
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx1, kValidFrom), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx1, kExpiredTo), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx1, kExpiredTo + 1), cert_status::expired);
  const cert_chain c = chain({"mx-expired-intermediate", "expired-intermediate-ca"});
  EXPECT_EQ(mx(c, kMx1, kExpiredTo), cert_status::valid);
  EXPECT_EQ(mx(c, kMx1, kExpiredTo + 1), cert_status::expired);
}

TEST_F(OpenSslX509, R_4_2_1_ExpiredIntermediateIsExpired) {
  const cert_chain c = chain({"mx-expired-intermediate", "expired-intermediate-ca"});
  EXPECT_EQ(mx(c), cert_status::expired);
  const auto detail = x509.verify_detailed(c, kMx1, name_rule::mx_host, kNow);
  EXPECT_EQ(detail.openssl_error, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_EQ(detail.error_depth, 1);
  EXPECT_EQ(mx(c, kMx1, kMid2000), cert_status::valid);
}

TEST_F(OpenSslX509, ChainErrorsComeBeforeNameErrors) {
  EXPECT_EQ(mx(via_intermediate("mx-expired"), kMx2), cert_status::expired);
  EXPECT_EQ(mx(chain({"mx-untrusted-root"}), kMx2), cert_status::untrusted);
}

// --- names: SAN DNS-IDs only -----------------------------------------------------------------

TEST_F(OpenSslX509, R_3_3_1_WrongNameIsNameMismatch) {
  EXPECT_EQ(policy(via_intermediate("policy-wrong-name")), cert_status::name_mismatch);
  EXPECT_EQ(policy(via_intermediate("mx1-valid")), cert_status::name_mismatch);
}

TEST_F(OpenSslX509, R_4_2_2_WrongNameIsNameMismatch) {
  EXPECT_EQ(mx(via_intermediate("mx-wrong-name")), cert_status::name_mismatch);
  EXPECT_EQ(mx(via_intermediate("mx1-valid"), kMx2), cert_status::name_mismatch);
  EXPECT_EQ(mx(via_intermediate("policy-valid")), cert_status::name_mismatch);
  const auto detail =
      x509.verify_detailed(via_intermediate("mx-wrong-name"), kMx1, name_rule::mx_host, kNow);
  EXPECT_EQ(detail.openssl_error, 0);
  EXPECT_FALSE(detail.reason.empty());
}

TEST_F(OpenSslX509, R_4_2_2_HostComparesCaseInsensitively) {
  EXPECT_EQ(mx(via_intermediate("mx1-valid"), "MX1.Example.COM"), cert_status::valid);
  EXPECT_EQ(mx(via_intermediate("mx1-valid"), "mx1.example.com."), cert_status::valid);
}

TEST_F(OpenSslX509, R_3_3_2_CnOnlyPolicyHostCertificateIsNameMismatch) {
  // The subject CN is mta-sts.example.com, but there is no SAN: no CN fallback.
  EXPECT_EQ(policy(via_intermediate("policy-cn-only")), cert_status::name_mismatch);
  const auto detail = x509.verify_detailed(via_intermediate("policy-cn-only"), kPolicyHost,
                                           name_rule::policy_host, kNow);
  EXPECT_EQ(detail.reason, "certificate has no subjectAltName dNSName");
}

TEST_F(OpenSslX509, R_4_2_2_CnOnlyMxCertificateIsNameMismatch) {
  EXPECT_EQ(mx(via_intermediate("mx-cn-only")), cert_status::name_mismatch);
}

TEST_F(OpenSslX509, R_4_2_2_WildcardLeafMatchesOneMxLabel) {
  const cert_chain c = via_intermediate("wildcard");
  EXPECT_EQ(mx(c, kMx1), cert_status::valid);
  EXPECT_EQ(mx(c, kMx2), cert_status::valid);
  EXPECT_EQ(mx(c, "example.com"), cert_status::name_mismatch);
  EXPECT_EQ(mx(c, "a.mx1.example.com"), cert_status::name_mismatch);
  EXPECT_EQ(mx(c, "mx1.example.net"), cert_status::name_mismatch);
}

TEST_F(OpenSslX509, R_3_3_3_WildcardLeafIsValidForThePolicyHost) {
  EXPECT_EQ(policy(via_intermediate("wildcard")), cert_status::valid);
}

TEST_F(OpenSslX509, R_3_3_3_PartialWildcardNeverMatchesThePolicyHost) {
  EXPECT_EQ(policy(via_intermediate("policy-partial-wildcard")), cert_status::name_mismatch);
  openssl_x509_options partial;
  partial.mx_match.allow_partial_wildcard = true;
  openssl_x509 lenient(read("root-ca.pem"), partial);
  EXPECT_EQ(lenient.verify(via_intermediate("policy-partial-wildcard"), kPolicyHost,
                           name_rule::policy_host, kNow),
            cert_status::name_mismatch);
  EXPECT_EQ(
      lenient.verify(via_intermediate("mx-partial-wildcard"), kMx1, name_rule::policy_host, kNow),
      cert_status::name_mismatch);
}

TEST_F(OpenSslX509, R_4_2_2_PartialWildcardIsNameMismatchForMxByDefault) {
  EXPECT_EQ(mx(via_intermediate("mx-partial-wildcard"), kMx1), cert_status::name_mismatch);
  // RFC 6125 §6.4.3 (MAY), as an explicit option.
  openssl_x509_options partial;
  partial.mx_match.allow_partial_wildcard = true;
  openssl_x509 lenient(read("root-ca.pem"), partial);
  EXPECT_EQ(lenient.verify(via_intermediate("mx-partial-wildcard"), kMx1, name_rule::mx_host, kNow),
            cert_status::valid);
  EXPECT_EQ(lenient.verify(via_intermediate("mx-partial-wildcard"), "mail.example.com",
                           name_rule::mx_host, kNow),
            cert_status::name_mismatch);
}

// --- every leaf kind at a fixture time (README table) --------------------------------------

TEST_F(OpenSslX509, EveryLeafKindAtAFixtureTime) {
  struct row {
    const char* leaf;
    const char* intermediate;
    const char* host;
    name_rule rule;
    cert_status expected;
  };
  const name_rule P = name_rule::policy_host, M = name_rule::mx_host;
  const row rows[] = {
      {"policy-valid", "intermediate-ca", kPolicyHost, P, cert_status::valid},
      {"policy-expired", "intermediate-ca", kPolicyHost, P, cert_status::expired},
      {"policy-not-yet-valid", "intermediate-ca", kPolicyHost, P, cert_status::not_yet_valid},
      {"policy-wrong-name", "intermediate-ca", kPolicyHost, P, cert_status::name_mismatch},
      {"policy-cn-only", "intermediate-ca", kPolicyHost, P, cert_status::name_mismatch},
      {"policy-partial-wildcard", "intermediate-ca", kPolicyHost, P, cert_status::name_mismatch},
      {"policy-untrusted-root", "untrusted-root-ca", kPolicyHost, P, cert_status::untrusted},
      {"mx1-valid", "intermediate-ca", kMx1, M, cert_status::valid},
      {"mx2-valid", "intermediate-ca", kMx2, M, cert_status::valid},
      {"mx-both-valid", "intermediate-ca", kMx2, M, cert_status::valid},
      {"mx-expired", "intermediate-ca", kMx1, M, cert_status::expired},
      {"mx-not-yet-valid", "intermediate-ca", kMx1, M, cert_status::not_yet_valid},
      {"mx-wrong-name", "intermediate-ca", kMx1, M, cert_status::name_mismatch},
      {"mx-cn-only", "intermediate-ca", kMx1, M, cert_status::name_mismatch},
      {"mx-partial-wildcard", "intermediate-ca", kMx1, M, cert_status::name_mismatch},
      {"mx-untrusted-root", "untrusted-root-ca", kMx1, M, cert_status::untrusted},
      {"mx-expired-intermediate", "expired-intermediate-ca", kMx1, M, cert_status::expired},
      {"wildcard", "intermediate-ca", kMx1, M, cert_status::valid},
      {"wildcard", "intermediate-ca", kPolicyHost, P, cert_status::valid},
  };
  // Any time between 2001 and 2899 gives the same verdicts.
  for (const unix_seconds at : {kExpiredTo + 1, kNow, kFutureFrom - 1}) {
    for (const row& r : rows) {
      EXPECT_EQ(x509.verify(chain({r.leaf, r.intermediate}), r.host, r.rule, at), r.expected)
          << r.leaf << " for " << r.host << " at " << at;
    }
  }
}
