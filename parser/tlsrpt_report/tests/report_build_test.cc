// SPDX-License-Identifier: Apache-2.0
// Building RFC 8460 §4 reports: aggregation, the exact JSON, and the build -> parse round trip.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "mtasts/tlsrpt_report.h"

namespace {

using mtasts::error_code;
using mtasts::tlsrpt::aggregator;
using mtasts::tlsrpt::failure_detail;
using mtasts::tlsrpt::policy_description;
using mtasts::tlsrpt::policy_type;
using mtasts::tlsrpt::report;
using mtasts::tlsrpt::report_metadata;
using mtasts::tlsrpt::session_failure;
using nlohmann::json;

constexpr mtasts::engine::unix_seconds kDay = 1795824000;  // 2026-11-28T00:00:00Z

report_metadata metadata() {
  report_metadata m;
  m.organization_name = "Company-X";
  m.start = kDay;
  m.end = kDay + 86400;
  m.contact_info = "sts-reporting@company-x.example";
  m.report_id = "5065427c-23d3-47ca-b6e0-946ea0e8c4be";
  return m;
}

policy_description sts_policy() {
  policy_description p;
  p.type = policy_type::sts;
  p.policy_string = {"version: STSv1", "mode: testing", "mx: *.mail.company-y.example",
                     "max_age: 86400"};
  p.policy_domain = "company-y.example";
  p.mx_host = {"*.mail.company-y.example"};
  return p;
}

session_failure mx_failure(const char* type, const char* sending_ip) {
  session_failure f;
  f.result_type = type;
  f.sending_mta_ip = sending_ip;
  f.receiving_mx_hostname = "mx1.mail.company-y.example";
  f.receiving_ip = "2001:db8:abcd:0013::1";
  return f;
}

}  // namespace

TEST(ReportBuild, R_8460_4_JsonFieldsAreExact) {
  aggregator agg;
  const std::size_t p = agg.add_policy(sts_policy());
  agg.add_success(p, 5326);
  session_failure helo = mx_failure("certificate-expired", "2001:db8:abcd:0012::1");
  helo.receiving_mx_helo = "mx1.mail.company-y.example";
  agg.add_failure(p, helo, 100);
  session_failure trust = mx_failure("certificate-not-trusted", "198.51.100.62");
  trust.failure_reason_code = "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED";
  trust.additional_information = "https://reports.company-x.example/report_info?id=5065427c-23d3";
  agg.add_failure(p, trust, 200);
  agg.add_failure(p, helo, 1);  // the same identity aggregates

  const json got = json::parse(mtasts::tlsrpt::to_json(agg.build(metadata())));
  const json expected = R"({
    "organization-name": "Company-X",
    "date-range": {"start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-29T00:00:00Z"},
    "contact-info": "sts-reporting@company-x.example",
    "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
    "policies": [{
      "policy": {
        "policy-type": "sts",
        "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example",
                          "max_age: 86400"],
        "policy-domain": "company-y.example",
        "mx-host": "*.mail.company-y.example"
      },
      "summary": {"total-successful-session-count": 5326, "total-failure-session-count": 301},
      "failure-details": [
        {"result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1",
         "receiving-mx-hostname": "mx1.mail.company-y.example",
         "receiving-mx-helo": "mx1.mail.company-y.example",
         "receiving-ip": "2001:db8:abcd:0013::1", "failed-session-count": 101},
        {"result-type": "certificate-not-trusted", "sending-mta-ip": "198.51.100.62",
         "receiving-mx-hostname": "mx1.mail.company-y.example",
         "receiving-ip": "2001:db8:abcd:0013::1", "failed-session-count": 200,
         "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3",
         "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"}
      ]
    }]
  })"_json;
  EXPECT_EQ(got, expected) << got.dump(2);
}

TEST(ReportBuild, CompactOutputKeepsTheRfcFieldOrder) {
  aggregator agg;
  policy_description none;
  none.type = policy_type::no_policy_found;
  none.policy_domain = "example.net";
  agg.add_success(agg.add_policy(none), 3);
  EXPECT_EQ(mtasts::tlsrpt::to_json(agg.build(metadata())),
            R"({"organization-name":"Company-X","date-range":{"start-datetime":)"
            R"("2026-11-28T00:00:00Z","end-datetime":"2026-11-29T00:00:00Z"},)"
            R"("contact-info":"sts-reporting@company-x.example",)"
            R"("report-id":"5065427c-23d3-47ca-b6e0-946ea0e8c4be","policies":[{"policy":)"
            R"({"policy-type":"no-policy-found","policy-domain":"example.net"},"summary":)"
            R"({"total-successful-session-count":3,"total-failure-session-count":0},)"
            R"("failure-details":[]}]})");
}

TEST(ReportBuild, R_8460_4_2_PoliciesIsAlwaysAnArray) {
  aggregator empty;
  json j = json::parse(mtasts::tlsrpt::to_json(empty.build(metadata())));
  EXPECT_TRUE(j["policies"].is_array());
  EXPECT_TRUE(j["policies"].empty());
  aggregator one;
  one.add_success(one.add_policy(sts_policy()));
  j = json::parse(mtasts::tlsrpt::to_json(one.build(metadata())));
  ASSERT_TRUE(j["policies"].is_array());
  EXPECT_EQ(j["policies"].size(), 1u);
}

TEST(ReportBuild, IdenticalPoliciesShareAnEntry) {
  aggregator agg;
  EXPECT_EQ(agg.add_policy(sts_policy()), 0u);
  policy_description other = sts_policy();
  other.policy_domain = "example.org";
  EXPECT_EQ(agg.add_policy(other), 1u);
  EXPECT_EQ(agg.add_policy(sts_policy()), 0u);
  EXPECT_EQ(agg.policy_count(), 2u);
}

TEST(ReportBuild, FailuresAggregatePerIdenticalIdentity) {
  aggregator agg;
  const std::size_t p = agg.add_policy(sts_policy());
  const session_failure a = mx_failure("certificate-expired", "192.0.2.1");
  session_failure b = a;
  b.failure_reason_code = "other reason";
  session_failure c = a;
  c.sending_mta_ip = "192.0.2.2";
  session_failure d = a;
  d.receiving_mx_helo = "helo.example";
  for (const session_failure& f : {a, b, a, c, d, a}) agg.add_failure(p, f);
  const report r = agg.build(metadata());
  ASSERT_EQ(r.policies.size(), 1u);
  const auto& details = r.policies[0].failure_details;
  ASSERT_EQ(details.size(), 4u);
  EXPECT_EQ(details[0].failed_session_count, 3u);
  EXPECT_EQ(details[1].failed_session_count, 1u);
  EXPECT_EQ(details[2].failed_session_count, 1u);
  EXPECT_EQ(details[3].failed_session_count, 1u);
  EXPECT_EQ(r.policies[0].total_failure_session_count, 6u);
  EXPECT_EQ(r.policies[0].total_successful_session_count, 0u);
}

TEST(ReportBuild, InvalidPolicyIndexChangesNothing) {
  aggregator agg;
  EXPECT_FALSE(agg.add_success(0));
  EXPECT_FALSE(agg.add_failure(0, mx_failure("certificate-expired", "192.0.2.1")));
  EXPECT_FALSE(agg.add_failure(0, error_code::MX_CERT_EXPIRED, {}));
  EXPECT_EQ(agg.build(metadata()).policies.size(), 0u);
}

TEST(ReportBuild, CountsSaturate) {
  aggregator agg;
  const std::size_t p = agg.add_policy(sts_policy());
  agg.add_success(p, std::numeric_limits<std::uint64_t>::max());
  agg.add_success(p, 5);
  EXPECT_EQ(agg.build(metadata()).policies[0].total_successful_session_count,
            std::numeric_limits<std::uint64_t>::max());
}

TEST(ReportBuild, MxHostIsAStringForOnePatternAnArrayForSeveralAbsentForNone) {
  policy_description p = sts_policy();
  p.mx_host = {"mx1.example.com", "*.example.net"};
  aggregator agg;
  agg.add_policy(p);
  p.mx_host.clear();
  p.policy_domain = "other.example";
  agg.add_policy(p);
  const json j = json::parse(mtasts::tlsrpt::to_json(agg.build(metadata())));
  EXPECT_EQ(j["policies"][0]["policy"]["mx-host"],
            json::array({"mx1.example.com", "*.example.net"}));
  EXPECT_FALSE(j["policies"][1]["policy"].contains("mx-host"));
}

TEST(ReportBuild, EngineFailureCodesUseTheirResultType) {
  aggregator agg;
  const std::size_t p = agg.add_policy(sts_policy());
  session_failure ctx;
  ctx.sending_mta_ip = "192.0.2.1";
  ctx.receiving_mx_hostname = "mx1.example.com";
  ctx.receiving_ip = "198.51.100.1";
  EXPECT_TRUE(agg.add_failure(p, error_code::MX_CERT_EXPIRED, ctx, 2));
  EXPECT_TRUE(agg.add_failure(p, error_code::MX_STARTTLS_NOT_OFFERED, ctx));
  ctx.failure_reason_code = "given by the caller";
  EXPECT_TRUE(agg.add_failure(p, error_code::MX_CERT_UNTRUSTED, ctx));
  // §4.3.4: DNS trouble is not reported.
  EXPECT_FALSE(agg.add_failure(p, error_code::DNS_TIMEOUT, ctx));
  EXPECT_FALSE(agg.add_failure(p, error_code::FETCH_BACKOFF, ctx));
  const report r = agg.build(metadata());
  const auto& d = r.policies[0].failure_details;
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].result_type, "certificate-expired");
  EXPECT_EQ(d[0].failure_reason_code, "MX_CERT_EXPIRED");
  EXPECT_EQ(d[0].failed_session_count, 2u);
  EXPECT_EQ(d[1].result_type, "starttls-not-supported");
  EXPECT_EQ(d[2].result_type, "certificate-not-trusted");
  EXPECT_EQ(d[2].failure_reason_code, "given by the caller");
  EXPECT_EQ(r.policies[0].total_failure_session_count, 4u);
}

TEST(ReportBuild, MxVerdictsCountSuccessesAndFailures) {
  aggregator agg;
  const std::size_t p = agg.add_policy(sts_policy());
  mtasts::engine::mx_verdict ok;
  ok.host = "mx1.example.com";
  mtasts::engine::mx_verdict bad;
  bad.host = "mx2.example.com";
  bad.failure = error_code::MX_CERT_NAME_MISMATCH;
  session_failure ctx;
  ctx.sending_mta_ip = "192.0.2.1";
  EXPECT_TRUE(agg.add_verdict(p, ok, ctx, 10));
  EXPECT_TRUE(agg.add_verdict(p, bad, ctx));
  const report r = agg.build(metadata());
  EXPECT_EQ(r.policies[0].total_successful_session_count, 10u);
  ASSERT_EQ(r.policies[0].failure_details.size(), 1u);
  EXPECT_EQ(r.policies[0].failure_details[0].result_type, "certificate-host-mismatch");
  EXPECT_EQ(r.policies[0].failure_details[0].receiving_mx_hostname, "mx2.example.com");
}

TEST(ReportBuild, StsPolicyDescriptionFromAPolicy) {
  mtasts::policy pol;
  pol.mode = mtasts::policy_mode::enforce;
  pol.max_age = 604800;
  pol.mx = {"mx1.example.com", "*.example.net"};
  const policy_description d = mtasts::tlsrpt::sts_policy_description("example.com", pol);
  EXPECT_EQ(d.type, policy_type::sts);
  EXPECT_EQ(d.policy_domain, "example.com");
  EXPECT_EQ(d.mx_host, pol.mx);
  EXPECT_EQ(d.policy_string,
            (std::vector<std::string>{"version: STSv1", "mode: enforce", "max_age: 604800",
                                      "mx: mx1.example.com", "mx: *.example.net"}));
  EXPECT_EQ(mtasts::tlsrpt::policy_string_lines("version: STSv1\r\nmode: none\r\n\r\nmax_age: 1"),
            (std::vector<std::string>{"version: STSv1", "mode: none", "", "max_age: 1"}));
  EXPECT_TRUE(mtasts::tlsrpt::policy_string_lines("").empty());
}

TEST(ReportBuild, R_8460_4_1_IJsonStringsAreValidUtf8) {
  // RFC 7493 §2.1 (I-JSON): strings are UTF-8; an invalid byte is replaced, never emitted.
  // A report also parses back as JSON (see RoundTripBuildThenParse).

  report_metadata m = metadata();
  m.organization_name = "bad \xff byte";
  aggregator agg;
  const std::string text = mtasts::tlsrpt::to_json(agg.build(m));
  EXPECT_EQ(json::parse(text)["organization-name"], "bad \xEF\xBF\xBD byte");
}

TEST(ReportBuild, RoundTripBuildThenParse) {
  aggregator agg;
  const std::size_t p = agg.add_policy(sts_policy());
  agg.add_success(p, 7);
  session_failure f = mx_failure("validation-failure", "192.0.2.1");
  f.failure_reason_code = "MX_TLS_FAILED";
  agg.add_failure(p, f, 3);
  policy_description fetch;
  fetch.type = policy_type::no_policy_found;
  fetch.policy_domain = "example.org";
  const std::size_t q = agg.add_policy(fetch);
  session_failure fe;
  fe.result_type = "sts-policy-fetch-error";
  agg.add_failure(q, fe);
  policy_description several = sts_policy();
  several.mx_host = {"a.example", "b.example"};
  agg.add_success(agg.add_policy(several));

  const report built = agg.build(metadata());
  for (const int indent : {-1, 2}) {
    const auto parsed = mtasts::tlsrpt::parse_report(mtasts::tlsrpt::to_json(built, indent));
    ASSERT_TRUE(parsed.ok()) << parsed.error;
    EXPECT_EQ(*parsed.value, built);
    EXPECT_TRUE(parsed.warnings.empty());
  }
}
