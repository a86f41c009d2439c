// SPDX-License-Identifier: Apache-2.0
// Parsing incoming RFC 8460 §4 reports: the RFC's shape, the deviations seen in the wild
// (A-28), and malformed reports rejected with a JSON pointer and a reason.
#include <gtest/gtest.h>

#include <string>

#include "mtasts/tlsrpt_report.h"

namespace {

using mtasts::tlsrpt::parse_report;
using mtasts::tlsrpt::policy_type;

// RFC 8460 §4.5-like report, with two fields no version of the RFC defines.
constexpr const char* kRfcExample = R"({
  "organization-name": "Company-X",
  "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
  "contact-info": "sts-reporting@company-x.example",
  "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
  "x-vendor-extension": {"anything": [1, 2, 3]},
  "policies": [{
    "policy": {
      "policy-type": "sts",
      "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example",
                        "max_age: 86400"],
      "policy-domain": "company-y.example",
      "mx-host": "*.mail.company-y.example"
    },
    "summary": {"total-successful-session-count": 5326, "total-failure-session-count": 303},
    "failure-details": [{
      "result-type": "certificate-expired",
      "sending-mta-ip": "2001:db8:abcd:0012::1",
      "receiving-mx-hostname": "mx1.mail.company-y.example",
      "failed-session-count": 100,
      "unknown-detail": true
    }, {
      "result-type": "starttls-not-supported",
      "sending-mta-ip": "2001:db8:abcd:0013::1",
      "receiving-mx-hostname": "mx2.mail.company-y.example",
      "receiving-ip": "203.0.113.56",
      "failed-session-count": 200,
      "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported"
    }, {
      "result-type": "validation-failure",
      "sending-mta-ip": "198.51.100.62",
      "receiving-ip": "203.0.113.58",
      "receiving-mx-hostname": "mx-backup.mail.company-y.example",
      "failed-session-count": 3,
      "failure-reason-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"
    }]
  }]
})";

// Replaces the first occurrence of from in text (a small report mutator for the cases below).
std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

void expect_rejected(const std::string& text, const std::string& message) {
  const auto r = parse_report(text);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error, message);
  EXPECT_TRUE(r.warnings.empty());
}

}  // namespace

TEST(ReportParse, R_8460_4_ParsesTheRfcShapeAndIgnoresUnknownFields) {
  const auto r = parse_report(kRfcExample);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.warnings.empty());
  const auto& v = *r.value;
  EXPECT_EQ(v.organization_name, "Company-X");
  EXPECT_EQ(v.start_datetime, "2016-04-01T00:00:00Z");
  EXPECT_EQ(v.end_datetime, "2016-04-01T23:59:59Z");
  EXPECT_EQ(v.contact_info, "sts-reporting@company-x.example");
  EXPECT_EQ(v.report_id, "5065427c-23d3-47ca-b6e0-946ea0e8c4be");
  ASSERT_EQ(v.policies.size(), 1u);
  const auto& p = v.policies[0];
  EXPECT_EQ(p.policy.type, policy_type::sts);
  EXPECT_EQ(p.policy.policy_string.size(), 4u);
  EXPECT_EQ(p.policy.policy_domain, "company-y.example");
  EXPECT_EQ(p.policy.mx_host, std::vector<std::string>{"*.mail.company-y.example"});
  EXPECT_EQ(p.total_successful_session_count, 5326u);
  EXPECT_EQ(p.total_failure_session_count, 303u);
  ASSERT_EQ(p.failure_details.size(), 3u);
  EXPECT_EQ(p.failure_details[0].result_type, "certificate-expired");
  EXPECT_FALSE(p.failure_details[0].receiving_ip.has_value());
  EXPECT_EQ(p.failure_details[1].receiving_ip, "203.0.113.56");
  EXPECT_EQ(p.failure_details[1].failed_session_count, 200u);
  EXPECT_TRUE(p.failure_details[1].additional_information.has_value());
  EXPECT_EQ(p.failure_details[2].failure_reason_code, "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED");
  EXPECT_TRUE(p.failure_details[2].registered());
}

TEST(ReportParse, A_28_MxHostAsAnArrayOfStrings) {
  const auto r = parse_report(with(kRfcExample, R"("mx-host": "*.mail.company-y.example")",
                                   R"("mx-host": ["*.mail.company-y.example", "mx.example.net"])"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value->policies[0].policy.mx_host,
            (std::vector<std::string>{"*.mail.company-y.example", "mx.example.net"}));
}

TEST(ReportParse, A_28_FetchErrorWithoutPolicyStringOrMxHost) {
  // The shape one large reporter sends for sts-policy-fetch-error.
  const auto r = parse_report(R"({
    "organization-name": "Example Reporter",
    "date-range": {"start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-28T23:59:59Z"},
    "contact-info": "tlsrpt@reporter.example",
    "report-id": "2026-11-28T00:00:00Z_example.com",
    "policies": [{
      "policy": {"policy-type": "sts", "policy-domain": "example.com"},
      "summary": {"total-successful-session-count": 0, "total-failure-session-count": 4},
      "failure-details": [{"result-type": "sts-policy-fetch-error", "failed-session-count": 4}]
    }]
  })");
  ASSERT_TRUE(r.ok()) << r.error;
  const auto& p = r.value->policies[0];
  EXPECT_TRUE(p.policy.policy_string.empty());
  EXPECT_TRUE(p.policy.mx_host.empty());
  ASSERT_EQ(p.failure_details.size(), 1u);
  EXPECT_EQ(p.failure_details[0].result_type, "sts-policy-fetch-error");
  EXPECT_FALSE(p.failure_details[0].sending_mta_ip.has_value());
  EXPECT_FALSE(p.failure_details[0].receiving_mx_hostname.has_value());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ReportParse, OptionalFieldsMayBeAbsentOrNull) {
  const auto r = parse_report(R"({"organization-name": "X",
    "date-range": {"start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-29T00:00:00Z"},
    "report-id": "r1",
    "policies": [{"policy": {"policy-type": "no-policy-found", "mx-host": null,
                             "policy-string": null},
                  "summary": {"total-successful-session-count": 1,
                              "total-failure-session-count": 0},
                  "failure-details": null}]})");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value->policies[0].policy.type, policy_type::no_policy_found);
  EXPECT_TRUE(r.value->policies[0].failure_details.empty());
  EXPECT_TRUE(r.value->contact_info.empty());
  // Missing contact-info and policy-domain are tolerated, with warnings.
  EXPECT_EQ(r.warnings, (std::vector<std::string>{"/contact-info: missing",
                                                  "/policies/0/policy/policy-domain: missing"}));
}

TEST(ReportParse, UnregisteredResultTypesAreKeptAndFlagged) {
  const auto r = parse_report(with(kRfcExample, R"("result-type": "certificate-expired")",
                                   R"("result-type": "quantum-tunnel-collapse")"));
  ASSERT_TRUE(r.ok()) << r.error;
  const auto& d = r.value->policies[0].failure_details[0];
  EXPECT_EQ(d.result_type, "quantum-tunnel-collapse");
  EXPECT_FALSE(d.registered());
  EXPECT_EQ(r.warnings,
            std::vector<std::string>{"/policies/0/failure-details/0/result-type: unregistered "
                                     "result-type \"quantum-tunnel-collapse\""});
}

TEST(ReportParse, InconsistentTotalsAreFlagged) {
  const auto r = parse_report(with(kRfcExample, R"("total-failure-session-count": 303)",
                                   R"("total-failure-session-count": 2)"));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("/policies/0/summary"), std::string::npos);
}

TEST(ReportParse, DateTimesWithOffsetsAndFractions) {
  const auto r = parse_report(
      with(kRfcExample, R"("2016-04-01T23:59:59Z")", R"("2016-04-02T01:59:59.999+02:00")"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.value->end_datetime, "2016-04-02T01:59:59.999+02:00");
}

TEST(ReportParse, MalformedReportsAreRejectedWithAReason) {
  const std::string ex = kRfcExample;
  const auto r = parse_report("{");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("not JSON: ", 0), 0u) << r.error;
  EXPECT_EQ(parse_report("").error.rfind("not JSON: ", 0), 0u);
  expect_rejected("[]", "/: expected a JSON object");
  expect_rejected(with(ex, R"("organization-name": "Company-X",)", ""),
                  "/: missing required field \"organization-name\"");
  expect_rejected(with(ex, R"("organization-name": "Company-X")", R"("organization-name": 7)"),
                  "/organization-name: expected a string");
  expect_rejected(with(ex, R"("report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",)", ""),
                  "/: missing required field \"report-id\"");
  expect_rejected(with(ex, R"(, "end-datetime": "2016-04-01T23:59:59Z")", ""),
                  "/date-range: missing required field \"end-datetime\"");
  expect_rejected(with(ex, R"("2016-04-01T00:00:00Z")", R"("2016-04-01 00:00:00")"),
                  "/date-range/start-datetime: expected an RFC 3339 date-time");
  expect_rejected(with(ex, R"("2016-04-01T00:00:00Z")", R"("2016-02-30T00:00:00Z")"),
                  "/date-range/start-datetime: expected an RFC 3339 date-time");
  expect_rejected(with(ex, R"("date-range": {)", R"("date-range": 1, "x": {)"),
                  "/date-range: expected an object");
}

TEST(ReportParse, R_8460_4_2_PoliciesMustBeAnArray) {
  const std::string ex = kRfcExample;
  const std::string single =
      with(with(ex, R"("policies": [{)", R"("policies": {)"), "}]\n}", "}\n}");
  expect_rejected(single, "/policies: expected an array");
  expect_rejected(with(ex, R"("policies": [{)", R"("no-policies": [{)"),
                  "/: missing required field \"policies\"");
}

TEST(ReportParse, PolicyEntriesNeedPolicyTypeAndSummary) {
  const std::string ex = kRfcExample;
  expect_rejected(with(ex, R"("policy-type": "sts",)", ""),
                  "/policies/0/policy: missing required field \"policy-type\"");
  expect_rejected(with(ex, R"("policy-type": "sts")", R"("policy-type": "STS")"),
                  "/policies/0/policy/policy-type: expected \"sts\", \"tlsa\" or "
                  "\"no-policy-found\"");
  expect_rejected(with(ex, R"("summary": {)", R"("summery": {)"),
                  "/policies/0: missing required field \"summary\"");
  expect_rejected(with(ex, R"("total-successful-session-count": 5326, )", ""),
                  "/policies/0/summary: missing required field \"total-successful-session-count\"");
  expect_rejected(with(ex, R"("policy": {)", R"("policy": "sts", "x": {)"),
                  "/policies/0/policy: expected an object");
  expect_rejected(with(ex, R"("mx-host": "*.mail.company-y.example")", R"("mx-host": 5)"),
                  "/policies/0/policy/mx-host: expected a string or an array of strings");
  expect_rejected(with(ex, R"("mx-host": "*.mail.company-y.example")", R"("mx-host": ["a", 5])"),
                  "/policies/0/policy/mx-host/1: expected a string");
  expect_rejected(with(ex, R"("policy-string": [)", R"("policy-string": "x", "y": [)"),
                  "/policies/0/policy/policy-string: expected an array of strings");
}

TEST(ReportParse, CountsMustBeNonNegativeIntegers) {
  const std::string ex = kRfcExample;
  const std::string field = "/policies/0/summary/total-successful-session-count: ";
  expect_rejected(with(ex, "5326", "-1"), field + "expected a non-negative integer, got -1");
  expect_rejected(with(ex, "5326", "1.5"), field + "expected a non-negative integer");
  expect_rejected(with(ex, "5326", "1e3"), field + "expected a non-negative integer");
  expect_rejected(with(ex, "5326", "\"5326\""), field + "expected a non-negative integer");
  expect_rejected(with(ex, "5326", "99999999999999999999999"),
                  field + "expected a non-negative integer");
  expect_rejected(with(ex, R"("failed-session-count": 100)", R"("failed-session-count": -3)"),
                  "/policies/0/failure-details/0/failed-session-count: expected a non-negative "
                  "integer, got -3");
  expect_rejected(with(ex, R"("failed-session-count": 100,)", ""),
                  "/policies/0/failure-details/0: missing required field \"failed-session-count\"");
  const auto zero = parse_report(with(ex, "5326", "-0"));
  ASSERT_TRUE(zero.ok()) << zero.error;
  EXPECT_EQ(zero.value->policies[0].total_successful_session_count, 0u);
}

TEST(ReportParse, FailureDetailsAreChecked) {
  const std::string ex = kRfcExample;
  expect_rejected(with(ex, R"("failure-details": [)", R"("failure-details": 1, "x": [)"),
                  "/policies/0/failure-details: expected an array");
  expect_rejected(with(ex, R"("result-type": "certificate-expired",)", ""),
                  "/policies/0/failure-details/0: missing required field \"result-type\"");
  expect_rejected(with(ex, R"("receiving-ip": "203.0.113.56")", R"("receiving-ip": [1])"),
                  "/policies/0/failure-details/1/receiving-ip: expected a string");
}

TEST(ReportParse, InvalidUtf8IsNotJson) {
  const auto r = parse_report(with(kRfcExample, "Company-X", "Company-\xff"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("not JSON: ", 0), 0u);
}

TEST(ReportParse, JsonPointersEscapeNames) {
  // Only field names we define appear in pointers; indices are decimal.
  const auto r = parse_report(
      with(kRfcExample, R"("failed-session-count": 200)", R"("failed-session-count": true)"));
  EXPECT_EQ(r.error,
            "/policies/0/failure-details/1/failed-session-count: expected a non-negative integer");
}
