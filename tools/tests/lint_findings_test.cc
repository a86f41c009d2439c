// SPDX-License-Identifier: Apache-2.0
// The lint checks as pure functions.
#include "lint_findings.h"

#include <gtest/gtest.h>

#include "mtasts/engine/replay.h"

namespace mtasts::cli {
namespace {

mtasts::policy make_policy(policy_mode mode, std::uint64_t max_age, std::vector<std::string> mx) {
  mtasts::policy p;
  p.version = "STSv1";
  p.mode = mode;
  p.max_age = max_age;
  p.mx = std::move(mx);
  return p;
}

std::vector<std::string> codes(const std::vector<finding>& f) {
  std::vector<std::string> out;
  for (const finding& x : f) out.push_back(x.code);
  return out;
}

TEST(LintFindings, MaxAgeAndMode) {
  EXPECT_EQ(codes(lint_policy(make_policy(policy_mode::enforce, 604800, {"mx.example.com"}))),
            std::vector<std::string>{});
  const auto short_testing = lint_policy(make_policy(policy_mode::testing, 3600, {}));
  EXPECT_EQ(codes(short_testing), (std::vector<std::string>{"max-age-short", "mode-testing"}));
  EXPECT_EQ(short_testing[0].level, severity::warning);
  EXPECT_EQ(short_testing[0].rfc, "RFC 8461 §3.2");
  const auto too_long = lint_policy(make_policy(policy_mode::none, 31557601, {}));
  EXPECT_EQ(codes(too_long), (std::vector<std::string>{"max-age-too-long", "mode-none"}));
  EXPECT_EQ(too_long[0].level, severity::error);
}

TEST(LintFindings, MxCoverageBothWays) {
  const auto f = lint_mx_coverage(
      make_policy(policy_mode::enforce, 604800, {"*.example.com", "mx.old.example.net"}),
      {"mx1.example.com", "mail.example.org"});
  ASSERT_EQ(f.size(), 2U);
  EXPECT_EQ(f[0].code, "mx-pattern-unused");
  EXPECT_EQ(f[0].subject, "mx.old.example.net");
  EXPECT_EQ(f[0].level, severity::warning);
  EXPECT_EQ(f[1].code, "mx-host-not-covered");
  EXPECT_EQ(f[1].subject, "mail.example.org");
  EXPECT_EQ(f[1].level, severity::error);
  EXPECT_EQ(f[1].token, "MX_NOT_IN_POLICY");
}

TEST(LintFindings, LookupEventsCarryParserTokens) {
  engine::lookup_result r;
  r.events = {{error_code::FETCH_POLICY_INVALID, "POLICY_MAX_AGE_RANGE"},
              {error_code::DISCOVERY_TXT_INVALID, "TXT_ID_MISSING"},
              {error_code::FETCH_CERT_EXPIRED, "mta-sts.example.com"}};
  const auto f = lint_lookup(r);
  EXPECT_EQ(codes(f),
            (std::vector<std::string>{"policy-invalid", "txt-invalid", "policy-fetch-failed"}));
  EXPECT_EQ(f[0].token, "POLICY_MAX_AGE_RANGE");
  EXPECT_EQ(f[2].token, "FETCH_CERT_EXPIRED");
  for (const finding& x : f) EXPECT_EQ(x.level, severity::error);
  engine::lookup_result none;
  none.events = {{error_code::DNS_NXDOMAIN, "_mta-sts.example.com"}};
  EXPECT_EQ(lint_lookup(none)[0].level, severity::info);
}

TEST(LintFindings, MxValidationUsesTheEngine) {
  engine::replay_dns dns;
  engine::replay_https https;
  engine::fixed_clock clock(0);
  engine::memory_cache cache;
  engine::replay_x509 x509;
  engine::engine eng(dns, https, clock, cache, x509);
  engine::mx_observation ok{"mx1.example.com", true, false, std::nullopt,
                            engine::cert_status::valid};
  engine::mx_observation bad{"mx2.example.com", true, false, std::nullopt,
                             engine::cert_status::expired};
  engine::mx_observation plain{"mx3.example.com", false, false, std::nullopt, std::nullopt};
  const auto f = lint_mx_validation(
      eng, make_policy(policy_mode::enforce, 604800, {"*.example.com"}), {ok, bad, plain});
  ASSERT_EQ(f.size(), 2U);
  EXPECT_EQ(f[0].token, "MX_CERT_EXPIRED");
  EXPECT_EQ(f[0].subject, "mx2.example.com");
  EXPECT_EQ(f[1].token, "MX_STARTTLS_NOT_OFFERED");
}

TEST(LintFindings, CertificateReasonsGoToTheFindingsAboutThatCertificate) {
  std::vector<finding> f = {{"policy-fetch-failed", severity::error, "RFC 8461 §3.3", "expired",
                             "FETCH_CERT_EXPIRED", ""},
                            {"mx-would-fail", severity::error, "RFC 8461 §4.2", "mx1",
                             "MX_CERT_UNTRUSTED", "mx1.example.com"},
                            {"mx-would-fail", severity::error, "RFC 8461 §4.2", "mx2",
                             "MX_CERT_UNTRUSTED", "mx2.example.com"},
                            {"mx-would-fail", severity::error, "RFC 8461 §4.2", "mx3",
                             "MX_STARTTLS_NOT_OFFERED", "mx1.example.com"}};
  add_certificate_reason(f, engine::name_rule::mx_host, "mx1.example.com",
                         "unable to get local issuer certificate");
  add_certificate_reason(f, engine::name_rule::policy_host, "mta-sts.example.com",
                         "certificate has expired");
  const std::vector<std::string> none;
  EXPECT_EQ(f[0].evidence,
            std::vector<std::string>{"the certificate judge says: certificate has expired"});
  EXPECT_EQ(f[1].evidence,
            std::vector<std::string>{
                "the certificate judge says: unable to get local issuer certificate"});
  EXPECT_EQ(f[2].evidence, none);
  EXPECT_EQ(f[3].evidence, none);
}

// Every finding about an event gets the operator's words: no registry placeholder, a
// meaning for senders that depends on the mode, and a fix naming the domain's hosts.
TEST(LintFindings, ExplainFillsMeaningAndFixForThisDomain) {
  std::vector<finding> f = {
      {"policy-fetch-failed", severity::error, "RFC 8461 §3.3",
       "no SAN DNS-ID of the Policy Host certificate matches mta-sts.<domain>",
       "FETCH_CERT_NAME_MISMATCH", ""},
      {"mx-would-fail", severity::error, "RFC 8461 §4.2", "x", "MX_CERT_EXPIRED",
       "mx1.example.org"}};
  std::vector<finding> testing = f;
  explain(f, "example.org", policy_mode::enforce);
  explain(testing, "example.org", policy_mode::testing);
  EXPECT_EQ(f[0].message.find("<domain>"), std::string::npos) << f[0].message;
  EXPECT_NE(f[0].fix.find("subjectAltName lists mta-sts.example.org"), std::string::npos);
  EXPECT_NE(f[1].meaning.find("will not deliver to mx1.example.org"), std::string::npos);
  EXPECT_NE(testing[1].meaning.find("still deliver"), std::string::npos);
  EXPECT_NE(f[1].fix.find("renew"), std::string::npos);
}

// A cache in front of the Policy Host: an Age header, or a lifetime over an hour; a short
// lifetime (exactly one hour) and no-cache are fine.
TEST(LintFindings, HttpCachingOfThePolicy) {
  engine::https_response r;
  r.status = 200;
  r.headers = {{"Content-Type", "text/plain"}, {"Cache-Control", "no-cache"}};
  EXPECT_TRUE(lint_http_caching(r).empty());
  r.headers = {{"cache-control", "public, max-age=3600"}};
  EXPECT_TRUE(lint_http_caching(r).empty());
  r.headers = {{"Cache-Control", "public, s-maxage=3601"}};
  ASSERT_EQ(codes(lint_http_caching(r)), std::vector<std::string>{"policy-http-caching"});
  r.headers = {{"Age", "120"}, {"Cache-Control", "max-age=99999999999999999999"}};
  const auto f = lint_http_caching(r);
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].evidence,
            (std::vector<std::string>{"Age: 120", "Cache-Control: max-age=99999999999999999999"}));
  EXPECT_EQ(f[0].level, severity::warning);
  EXPECT_NE(f[0].fix.find("no-cache"), std::string::npos);
}

TEST(LintFindings, SortPutsErrorsFirst) {
  std::vector<finding> f = {{"a", severity::skipped, "", ""},
                            {"b", severity::info, "", ""},
                            {"c", severity::warning, "", ""},
                            {"d", severity::error, "", ""},
                            {"e", severity::warning, "", ""}};
  sort_by_severity(f);
  EXPECT_EQ(codes(f), (std::vector<std::string>{"d", "c", "e", "b", "a"}));
}

TEST(LintFindings, IdChange) {
  const mtasts::policy now = make_policy(policy_mode::enforce, 604800, {"mx.example.com"});
  engine::lookup_result r;
  r.txt_id = "id1";
  r.in_force = engine::cache_entry{"id1", now, 0};
  const nlohmann::json previous_same_id_other_policy =
      nlohmann::json::parse(R"({"testGroups":[{"tests":[{"steps":[{"expect":
      {"id":"id1","policy":{"version":"STSv1","mode":"testing","max_age":604800,"mx":["mx.example.com"],"extensions":[]}}}]}]}]})");
  auto f = lint_id_change(previous_same_id_other_policy, r);
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].code, "policy-changed-id-unchanged");
  EXPECT_EQ(f[0].level, severity::error);
  r.txt_id = "id2";
  EXPECT_TRUE(lint_id_change(previous_same_id_other_policy, r).empty());
  f = lint_id_change(nlohmann::json::object(), r);
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].level, severity::skipped);
}

TEST(LintFindings, TlsRpt) {
  EXPECT_TRUE(lint_tlsrpt({{"mailto:tlsrpt@example.com"}, std::nullopt}, "example.com").empty());
  auto f = lint_tlsrpt({{}, engine::event{error_code::DNS_NXDOMAIN, "_smtp._tls.example.com"}},
                       "example.com");
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].code, "tlsrpt-missing");
  f = lint_tlsrpt({{}, engine::event{error_code::DISCOVERY_TXT_INVALID, "TLSRPT_RUA_MISSING"}},
                  "example.com");
  EXPECT_EQ(f[0].code, "tlsrpt-invalid");
  EXPECT_EQ(f[0].token, "TLSRPT_RUA_MISSING");
  EXPECT_EQ(f[0].level, severity::error);
}

// An unreadable DNS answer is a DNS failure of the operator's servers, in plain words.
TEST(LintFindings, MalformedDnsAnswersAreDnsFailures) {
  engine::lookup_result r;
  r.events = {{error_code::DNS_MALFORMED, "_mta-sts.example.com"}};
  const auto f = lint_lookup(r);
  ASSERT_EQ(codes(f), std::vector<std::string>{"txt-dns-failure"});
  EXPECT_EQ(f[0].token, "DNS_MALFORMED");
  EXPECT_EQ(f[0].level, severity::error);
  EXPECT_NE(f[0].message.find("could not be read"), std::string::npos) << f[0].message;
  // In the operator's words, with this domain's names and the fix.
  std::vector<finding> explained = f;
  explain(explained, "example.com", std::nullopt);
  EXPECT_NE(explained[0].message.find("_mta-sts.example.com"), std::string::npos);
  EXPECT_NE(explained[0].fix.find("name servers"), std::string::npos) << explained[0].fix;
  const auto t = lint_tlsrpt(
      {{}, engine::event{error_code::DNS_MALFORMED, "_smtp._tls.example.com"}}, "example.com");
  ASSERT_EQ(codes(t), std::vector<std::string>{"tlsrpt-dns-failure"});
}

}  // namespace
}  // namespace mtasts::cli
