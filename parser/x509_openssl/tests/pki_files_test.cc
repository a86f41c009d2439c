// SPDX-License-Identifier: Apache-2.0
// Checks the committed test PKI (fixtures/certs/) with OpenSSL: windows, time encodings,
// subjects, SANs, issuers, signatures and key pairs, as fixtures/certs/README.md lists them.
#include <gtest/gtest.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "test_pki.h"

namespace {

using namespace test_pki;

struct x509_free_t {
  void operator()(X509* x) const { X509_free(x); }
};
struct pkey_free_t {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct bio_free_t {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct names_free_t {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};
using cert_ptr = std::unique_ptr<X509, x509_free_t>;

cert_ptr load_cert(const std::string& name) {
  const std::string text = read(name + ".pem");
  std::unique_ptr<BIO, bio_free_t> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  return cert_ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::unique_ptr<EVP_PKEY, pkey_free_t> load_key(const std::string& name) {
  const std::string text = read(name + ".key");
  std::unique_ptr<BIO, bio_free_t> bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  return std::unique_ptr<EVP_PKEY, pkey_free_t>(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string common_name(X509_NAME* name) {
  char buf[256] = {};
  if (X509_NAME_get_text_by_NID(name, NID_commonName, buf, sizeof buf) < 0) return {};
  return buf;
}

// Every SAN entry, "DNS:<name>" for dNSName and "other" for any other type.
std::vector<std::string> sans(X509* cert) {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, names_free_t> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type == GEN_DNS) {
      out.push_back("DNS:" +
                    std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                                static_cast<std::size_t>(ASN1_STRING_length(n->d.dNSName))));
    } else {
      out.emplace_back("other");
    }
  }
  return out;
}

enum class window { valid, expired, future };

struct expected_cert {
  const char* file;
  const char* cn;
  std::vector<std::string> san;
  const char* issuer;  // the file whose certificate signed this one
  window validity;
  bool ca;
};

const std::vector<expected_cert>& all_certs() {
  static const std::vector<expected_cert> certs = {
      {"root-ca", "mtasts Test Root CA", {}, "root-ca", window::valid, true},
      {"untrusted-root-ca",
       "mtasts Untrusted Root CA",
       {},
       "untrusted-root-ca",
       window::valid,
       true},
      {"intermediate-ca", "mtasts Test Intermediate CA", {}, "root-ca", window::valid, true},
      {"expired-intermediate-ca",
       "mtasts Expired Intermediate CA",
       {},
       "root-ca",
       window::expired,
       true},
      {"policy-valid",
       "mta-sts.example.com",
       {"DNS:mta-sts.example.com"},
       "intermediate-ca",
       window::valid,
       false},
      {"policy-expired",
       "mta-sts.example.com",
       {"DNS:mta-sts.example.com"},
       "intermediate-ca",
       window::expired,
       false},
      {"policy-not-yet-valid",
       "mta-sts.example.com",
       {"DNS:mta-sts.example.com"},
       "intermediate-ca",
       window::future,
       false},
      {"policy-wrong-name",
       "mta-sts.example.net",
       {"DNS:mta-sts.example.net"},
       "intermediate-ca",
       window::valid,
       false},
      {"policy-cn-only", "mta-sts.example.com", {}, "intermediate-ca", window::valid, false},
      {"policy-partial-wildcard",
       "mta-*.example.com",
       {"DNS:mta-*.example.com"},
       "intermediate-ca",
       window::valid,
       false},
      {"policy-untrusted-root",
       "mta-sts.example.com",
       {"DNS:mta-sts.example.com"},
       "untrusted-root-ca",
       window::valid,
       false},
      {"mx1-valid",
       "mx1.example.com",
       {"DNS:mx1.example.com"},
       "intermediate-ca",
       window::valid,
       false},
      {"mx2-valid",
       "mx2.example.com",
       {"DNS:mx2.example.com"},
       "intermediate-ca",
       window::valid,
       false},
      {"mx-both-valid",
       "mx1.example.com",
       {"DNS:mx1.example.com", "DNS:mx2.example.com"},
       "intermediate-ca",
       window::valid,
       false},
      {"mx-expired",
       "mx1.example.com",
       {"DNS:mx1.example.com"},
       "intermediate-ca",
       window::expired,
       false},
      {"mx-not-yet-valid",
       "mx1.example.com",
       {"DNS:mx1.example.com"},
       "intermediate-ca",
       window::future,
       false},
      {"mx-wrong-name",
       "mx1.example.net",
       {"DNS:mx1.example.net"},
       "intermediate-ca",
       window::valid,
       false},
      {"mx-cn-only", "mx1.example.com", {}, "intermediate-ca", window::valid, false},
      {"mx-partial-wildcard",
       "mx*.example.com",
       {"DNS:mx*.example.com"},
       "intermediate-ca",
       window::valid,
       false},
      {"mx-untrusted-root",
       "mx1.example.com",
       {"DNS:mx1.example.com"},
       "untrusted-root-ca",
       window::valid,
       false},
      {"mx-expired-intermediate",
       "mx1.example.com",
       {"DNS:mx1.example.com"},
       "expired-intermediate-ca",
       window::valid,
       false},
      {"wildcard", "*.example.com", {"DNS:*.example.com"}, "intermediate-ca", window::valid, false},
  };
  return certs;
}

class PkiFile : public ::testing::TestWithParam<expected_cert> {};

std::string asn1_text(const ASN1_TIME* t) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(t)),
          static_cast<std::size_t>(ASN1_STRING_length(t))};
}

}  // namespace

TEST_P(PkiFile, WindowSubjectSanIssuerAndKey) {
  const expected_cert& e = GetParam();
  const cert_ptr cert = load_cert(e.file);
  ASSERT_TRUE(cert) << e.file << ".pem does not load";

  // Windows (README): valid 2000..9999, expired ends in 2000, not yet valid starts in 2901.
  const ASN1_TIME* nb = X509_get0_notBefore(cert.get());
  const ASN1_TIME* na = X509_get0_notAfter(cert.get());
  time_t from = kValidFrom, to = kValidTo;
  if (e.validity == window::expired) to = kExpiredTo;
  if (e.validity == window::future) from = kFutureFrom;
  EXPECT_EQ(ASN1_TIME_cmp_time_t(nb, from), 0) << asn1_text(nb);
  EXPECT_EQ(ASN1_TIME_cmp_time_t(na, to), 0) << asn1_text(na);
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  EXPECT_EQ(ASN1_STRING_type(nb),
            e.validity == window::future ? V_ASN1_GENERALIZEDTIME : V_ASN1_UTCTIME);
  if (e.validity == window::expired) {
    EXPECT_EQ(asn1_text(na), "001231235959Z");
  } else {
    EXPECT_EQ(ASN1_STRING_type(na), V_ASN1_GENERALIZEDTIME);
    EXPECT_EQ(asn1_text(na), "99991231235959Z");
  }

  EXPECT_EQ(common_name(X509_get_subject_name(cert.get())), e.cn);
  EXPECT_EQ(sans(cert.get()), e.san);
  EXPECT_EQ(X509_check_ca(cert.get()) != 0, e.ca);
  if (!e.ca) {
    EXPECT_NE(X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER, 0u);
  }

  // Issued and signed by the named CA.
  const cert_ptr issuer = load_cert(e.issuer);
  ASSERT_TRUE(issuer);
  EXPECT_EQ(X509_check_issued(issuer.get(), cert.get()), X509_V_OK);
  EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(issuer.get())), 1);

  // The committed key is the certificate's; EC P-256.
  const auto key = load_key(e.file);
  ASSERT_TRUE(key) << e.file << ".key does not load";
  EXPECT_EQ(X509_check_private_key(cert.get(), key.get()), 1);
  EXPECT_TRUE(EVP_PKEY_is_a(key.get(), "EC"));
  EXPECT_EQ(EVP_PKEY_get_bits(key.get()), 256);
}

INSTANTIATE_TEST_SUITE_P(TestPki, PkiFile, ::testing::ValuesIn(all_certs()),
                         [](const ::testing::TestParamInfo<expected_cert>& param) {
                           std::string name = param.param.file;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(TestPki, EveryCommittedCertificateIsListed) {
  std::size_t pem = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path(""))) {
    if (entry.path().extension() == ".pem") ++pem;
  }
  EXPECT_EQ(pem, all_certs().size());
  EXPECT_FALSE(read("README.md").empty());
}

TEST(TestPki, GeneratorRefusesToOverwriteWithoutForce) {
  // Never pointed at fixtures/certs: a scratch directory that already holds a .pem.
  if (std::system("command -v bash >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "bash or openssl missing";
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("mtasts-pki-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "existing.pem") << "keep me\n";
  const std::string cmd = "bash '" + std::string(MTASTS_SOURCE_DIR) + "/tools/gen-test-pki.sh' '" +
                          dir.string() + "' >/dev/null 2>&1";
  EXPECT_NE(std::system(cmd.c_str()), 0);
  EXPECT_EQ(std::filesystem::file_size(dir / "existing.pem"), 8u);
  EXPECT_FALSE(std::filesystem::exists(dir / "root-ca.pem"));
  std::filesystem::remove_all(dir);
}
