// SPDX-License-Identifier: Apache-2.0
// Certificate summaries (mtasts/x509_summary.h) of the committed test PKI (fixtures/certs/);
// the expected dates were read with `openssl x509 -noout -dates`.
#include "mtasts/x509_summary.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "test_pki.h"

namespace {

using mtasts::engine::cert_chain;
using mtasts::engine::certificate_summary;
using mtasts::engine::chain_summary;
using mtasts::engine::describe_validity;
using mtasts::engine::summarize_chain;
using mtasts::engine::unix_seconds;
using std::string_literals::operator""s;

constexpr const char* kIntermediate = "CN=mtasts Test Intermediate CA,O=mtasts test PKI";
constexpr const char* kRoot = "CN=mtasts Test Root CA,O=mtasts test PKI";

cert_chain files(std::initializer_list<const char*> names) {
  cert_chain chain;
  for (const char* name : names) chain.certificates.push_back(test_pki::read(name));
  return chain;
}

certificate_summary only(const chain_summary& s) {
  EXPECT_EQ(s.certificates.size(), 1U);
  EXPECT_EQ(s.unreadable, 0U);
  return s.certificates.empty() ? certificate_summary{} : s.certificates.front();
}

// True when text holds no byte a terminal could act on or mis-decode.
bool printable_ascii(const std::string& text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7F) return false;
  }
  return true;
}

// A self-signed certificate (EC P-256) with the given subject CN (UTF-8) and SAN dNSName
// entries (raw IA5String bytes), for the bytes no committed certificate holds.
std::string mint_self_signed(const std::string& common_name,
                             const std::vector<std::string>& dns_names) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!key || !cert) return {};
  X509* x = cert.get();
  X509_set_version(x, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
  ASN1_TIME_set_string_X509(X509_getm_notBefore(x), "20000101000000Z");
  ASN1_TIME_set_string_X509(X509_getm_notAfter(x), "99991231235959Z");
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.data()),
                             static_cast<int>(common_name.size()), -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(x));
  X509_set_pubkey(x, key.get());
  std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)> sans(GENERAL_NAMES_new(),
                                                                     GENERAL_NAMES_free);
  for (const std::string& bytes : dns_names) {
    ASN1_IA5STRING* text = ASN1_IA5STRING_new();
    ASN1_STRING_set(text, bytes.data(), static_cast<int>(bytes.size()));
    GENERAL_NAME* name = GENERAL_NAME_new();
    GENERAL_NAME_set0_value(name, GEN_DNS, text);
    sk_GENERAL_NAME_push(sans.get(), name);
  }
  if (X509_add1_ext_i2d(x, NID_subject_alt_name, sans.get(), 0, X509V3_ADD_DEFAULT) != 1) return {};
  if (X509_sign(x, key.get(), EVP_sha256()) == 0) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  if (!out || PEM_write_bio_X509(out.get(), x) != 1) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

TEST(CertificateSummary, LeafFirstWithNamesIssuerDatesAndSelfSigned) {
  const chain_summary s = summarize_chain(files({"policy-valid.pem", "intermediate-ca.pem"}));
  ASSERT_EQ(s.certificates.size(), 2U);
  EXPECT_EQ(s.unreadable, 0U);
  const certificate_summary& leaf = s.certificates[0];
  EXPECT_EQ(leaf.subject, "CN=mta-sts.example.com");
  EXPECT_EQ(leaf.issuer, kIntermediate);
  EXPECT_EQ(leaf.dns_names, std::vector<std::string>{"mta-sts.example.com"});
  EXPECT_EQ(leaf.not_before, 946684800);    // Jan  1 00:00:00 2000 GMT
  EXPECT_EQ(leaf.not_after, 253402300799);  // Dec 31 23:59:59 9999 GMT
  EXPECT_FALSE(leaf.self_signed);
  const certificate_summary& intermediate = s.certificates[1];
  EXPECT_EQ(intermediate.subject, kIntermediate);
  EXPECT_EQ(intermediate.issuer, kRoot);
  EXPECT_TRUE(intermediate.dns_names.empty());
  EXPECT_FALSE(intermediate.self_signed);
}

TEST(CertificateSummary, RootsAreSelfSigned) {
  const certificate_summary root = only(summarize_chain(files({"root-ca.pem"})));
  EXPECT_EQ(root.subject, kRoot);
  EXPECT_EQ(root.issuer, kRoot);
  EXPECT_TRUE(root.self_signed);
  EXPECT_TRUE(only(summarize_chain(files({"untrusted-root-ca.pem"}))).self_signed);
}

TEST(CertificateSummary, SanNamesOfTheMxLeaves) {
  const certificate_summary wrong = only(summarize_chain(files({"mx-wrong-name.pem"})));
  EXPECT_EQ(wrong.subject, "CN=mx1.example.net");
  EXPECT_EQ(wrong.dns_names, std::vector<std::string>{"mx1.example.net"});
  EXPECT_EQ(only(summarize_chain(files({"wildcard.pem"}))).dns_names,
            std::vector<std::string>{"*.example.com"});
  EXPECT_EQ(only(summarize_chain(files({"mx-both-valid.pem"}))).dns_names,
            (std::vector<std::string>{"mx1.example.com", "mx2.example.com"}));
  EXPECT_TRUE(only(summarize_chain(files({"mx-cn-only.pem"}))).dns_names.empty());
}

TEST(CertificateSummary, ExpiredAndNotYetValidDates) {
  const certificate_summary expired = only(summarize_chain(files({"mx-expired.pem"})));
  EXPECT_EQ(expired.not_before, 946684800);  // Jan  1 00:00:00 2000 GMT
  EXPECT_EQ(expired.not_after, 978307199);   // Dec 31 23:59:59 2000 GMT
  const certificate_summary future = only(summarize_chain(files({"mx-not-yet-valid.pem"})));
  EXPECT_EQ(future.not_before, 29379542400);  // Jan  1 00:00:00 2901 GMT
  EXPECT_EQ(future.not_after, 253402300799);  // Dec 31 23:59:59 9999 GMT
}

TEST(CertificateSummary, SeveralPemBlocksInOneElementAndDer) {
  cert_chain chain;
  chain.certificates.push_back(test_pki::read("mx1-valid.pem") +
                               test_pki::read("intermediate-ca.pem"));
  const chain_summary s = summarize_chain(chain);
  ASSERT_EQ(s.certificates.size(), 2U);
  EXPECT_EQ(s.certificates[0].subject, "CN=mx1.example.com");
  EXPECT_EQ(s.certificates[1].subject, kIntermediate);

  const std::string pem = test_pki::read("mx1-valid.pem");
  std::unique_ptr<BIO, decltype(&BIO_free)> in(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr), X509_free);
  ASSERT_TRUE(cert);
  unsigned char* der = nullptr;
  const int length = i2d_X509(cert.get(), &der);
  ASSERT_GT(length, 0);
  const std::string der_text(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  EXPECT_EQ(only(summarize_chain(cert_chain{{der_text}})).subject, "CN=mx1.example.com");
}

TEST(CertificateSummary, UnreadableElementsAreSkippedAndCounted) {
  std::string damaged = test_pki::read("intermediate-ca.pem");
  damaged[damaged.size() / 2] = '!';  // not base64
  const chain_summary s =
      summarize_chain(cert_chain{{"", "not a certificate", test_pki::read("mx1-valid.pem"), damaged,
                                  "\x30\x03\x02\x01\x00"s}});
  ASSERT_EQ(s.certificates.size(), 1U);
  EXPECT_EQ(s.certificates[0].subject, "CN=mx1.example.com");
  EXPECT_EQ(s.unreadable, 4U);
  EXPECT_TRUE(summarize_chain(cert_chain{}).certificates.empty());
}

TEST(CertificateSummary, ControlAndNonAsciiBytesAreEscaped) {
  const std::string pem = mint_self_signed(
      "bell\x07 esc\x1b[31m del\x7f caf\xc3\xa9",
      {"mx1\x07.example.com", "\x1b[2J", "caf\xc3\xa9.example", "a\0b"s, "mx1.example.com"});
  ASSERT_FALSE(pem.empty());
  const certificate_summary c = only(summarize_chain(cert_chain{{pem}}));
  EXPECT_EQ(c.dns_names,
            (std::vector<std::string>{"mx1\\x07.example.com", "\\x1b[2J", "caf\\xc3\\xa9.example",
                                      "a\\x00b", "mx1.example.com"}));
  EXPECT_TRUE(c.self_signed);
  EXPECT_TRUE(printable_ascii(c.subject)) << c.subject;
  EXPECT_TRUE(printable_ascii(c.issuer)) << c.issuer;
  EXPECT_EQ(c.subject, c.issuer);
  // RFC 4514 hex pairs, as OpenSSL writes an RFC 2253 name.
  EXPECT_NE(c.subject.find("bell\\07"), std::string::npos) << c.subject;
  EXPECT_NE(c.subject.find("caf\\C3\\A9"), std::string::npos) << c.subject;
}

certificate_summary window(unix_seconds not_before, unix_seconds not_after) {
  certificate_summary c;
  c.not_before = not_before;
  c.not_after = not_after;
  return c;
}

TEST(DescribeValidity, ValidExpiredAndNotYetValidInCalendarDays) {
  constexpr unix_seconds dec_7_2026_10h = 1796637600;   // 2026-12-07T10:00:00Z
  constexpr unix_seconds mar_1_2027_noon = 1803902400;  // 2027-03-01T12:00:00Z
  constexpr unix_seconds nov_1_2026_5h = 1793509200;    // 2026-11-01T05:00:00Z
  constexpr unix_seconds jan_1_2027 = 1798761600;       // 2027-01-01T00:00:00Z
  EXPECT_EQ(describe_validity(window(0, mar_1_2027_noon), dec_7_2026_10h),
            "expires 2027-03-01 (84 days left)");
  EXPECT_EQ(describe_validity(window(0, nov_1_2026_5h), dec_7_2026_10h),
            "expired 2026-11-01 (36 days ago)");
  EXPECT_EQ(describe_validity(window(jan_1_2027, mar_1_2027_noon), dec_7_2026_10h),
            "not valid before 2027-01-01 (in 25 days)");
}

TEST(DescribeValidity, TheTestPkiAtFixedTimes) {
  const certificate_summary valid = only(summarize_chain(files({"policy-valid.pem"})));
  EXPECT_EQ(describe_validity(valid, test_pki::kNow), "expires 9999-12-31 (2912111 days left)");
  const certificate_summary expired = only(summarize_chain(files({"mx-expired.pem"})));
  EXPECT_EQ(describe_validity(expired, 981374400),  // 2001-02-05T12:00:00Z
            "expired 2000-12-31 (36 days ago)");
  EXPECT_EQ(describe_validity(expired, test_pki::kMid2000), "expires 2000-12-31 (211 days left)");
  const certificate_summary future = only(summarize_chain(files({"mx-not-yet-valid.pem"})));
  EXPECT_EQ(describe_validity(future, test_pki::kNow),
            "not valid before 2901-01-01 (in 319256 days)");
}

TEST(DescribeValidity, OneDayTodayAndTheInclusiveEnds) {
  const certificate_summary expired = only(summarize_chain(files({"mx-expired.pem"})));
  constexpr unix_seconds expired_to = 978307199;  // 2000-12-31T23:59:59Z
  EXPECT_EQ(describe_validity(expired, expired_to), "expires 2000-12-31 (today)");
  EXPECT_EQ(describe_validity(expired, expired_to + 1), "expired 2000-12-31 (1 day ago)");
  EXPECT_EQ(describe_validity(expired, 978177600),  // 2000-12-30T12:00:00Z
            "expires 2000-12-31 (1 day left)");
  EXPECT_EQ(describe_validity(window(expired_to - 100, expired_to - 10), expired_to),
            "expired 2000-12-31 (today)");

  const certificate_summary future = only(summarize_chain(files({"mx-not-yet-valid.pem"})));
  constexpr unix_seconds future_from = 29379542400;  // 2901-01-01T00:00:00Z
  EXPECT_EQ(describe_validity(future, future_from - 1), "not valid before 2901-01-01 (in 1 day)");
  EXPECT_EQ(describe_validity(future, future_from), "expires 9999-12-31 (2592855 days left)");
  EXPECT_EQ(describe_validity(window(future_from + 10, future_from + 20), future_from),
            "not valid before 2901-01-01 (today)");
}

TEST(DescribeValidity, ExtremeTimesNeitherOverflowNorPrintAWrongDate) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  constexpr auto min = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(
      describe_validity(window(0, max), 0).rfind("expires at unix time " + std::to_string(max), 0),
      0U);
  EXPECT_EQ(describe_validity(window(0, 10), max).rfind("expired 1970-01-01 (", 0), 0U);
  EXPECT_EQ(describe_validity(window(0, 10), min).rfind("not valid before 1970-01-01 (in ", 0), 0U);
}

}  // namespace
