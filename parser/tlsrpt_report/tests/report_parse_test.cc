// SPDX-License-Identifier: Apache-2.0
// Parsing incoming RFC 8460 §4 reports: the RFC's shape, the deviations seen in the wild
// (A-28), and malformed reports rejected with a JSON pointer and a reason.
#include <gtest/gtest.h>

#include <string>

#include "mtasts/tlsrpt_report.h"

namespace {

using mtasts::error_code;
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

// Rejected with this token at this JSON pointer; message is the whole "<pointer>: what".
void expect_rejected(const std::string& text, error_code code, const std::string& pointer,
                     const std::string& message = {}) {
  const auto r = parse_report(text);
  EXPECT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.code, code) << r.error;
  EXPECT_EQ(r.pointer, pointer) << r.error;
  if (!message.empty()) {
    EXPECT_EQ(r.error, message);
  }
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
  EXPECT_EQ(r.code, error_code::TLSRPT_REPORT_NOT_JSON);
  EXPECT_EQ(r.error.rfind("/: not JSON: line 1, column 2: ", 0), 0u) << r.error;
  EXPECT_EQ(parse_report("").code, error_code::TLSRPT_REPORT_NOT_JSON);
  expect_rejected("[]", error_code::TLSRPT_REPORT_MEMBER_TYPE, "", "/: expected a JSON object");
  expect_rejected(with(ex, R"("organization-name": "Company-X",)", ""),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER, "/organization-name",
                  "/organization-name: missing required member");
  expect_rejected(with(ex, R"("organization-name": "Company-X")", R"("organization-name": 7)"),
                  error_code::TLSRPT_REPORT_MEMBER_TYPE, "/organization-name",
                  "/organization-name: expected a string");
  expect_rejected(with(ex, R"("report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",)", ""),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER, "/report-id");
  expect_rejected(with(ex, R"(, "end-datetime": "2016-04-01T23:59:59Z")", ""),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER, "/date-range/end-datetime");
  expect_rejected(with(ex, R"("2016-04-01T00:00:00Z")", R"("2016-04-01 00:00:00")"),
                  error_code::TLSRPT_REPORT_DATETIME, "/date-range/start-datetime",
                  "/date-range/start-datetime: expected an RFC 3339 date-time");
  expect_rejected(with(ex, R"("2016-04-01T00:00:00Z")", R"("2016-02-30T00:00:00Z")"),
                  error_code::TLSRPT_REPORT_DATETIME, "/date-range/start-datetime");
  expect_rejected(with(ex, R"("date-range": {)", R"("date-range": 1, "x": {)"),
                  error_code::TLSRPT_REPORT_MEMBER_TYPE, "/date-range",
                  "/date-range: expected an object");
}

TEST(ReportParse, DateRangeEndsAtOrAfterItsStart) {
  const std::string ex = kRfcExample;
  // The boundary: an empty range is accepted, one second before the start is not.
  const auto same = parse_report(with(ex, "2016-04-01T23:59:59Z", "2016-04-01T00:00:00Z"));
  EXPECT_TRUE(same.ok()) << same.error;
  expect_rejected(with(ex, "2016-04-01T23:59:59Z", "2016-03-31T23:59:59Z"),
                  error_code::TLSRPT_REPORT_DATE_RANGE, "/date-range/end-datetime",
                  "/date-range/end-datetime: end-datetime is before start-datetime");
  // Offsets are compared as instants: 01:00+02:00 is before 00:00Z.
  expect_rejected(with(ex, "2016-04-01T23:59:59Z", "2016-04-01T01:00:00+02:00"),
                  error_code::TLSRPT_REPORT_DATE_RANGE, "/date-range/end-datetime");
}

TEST(ReportParse, R_8460_4_2_PoliciesMustBeAnArray) {
  const std::string ex = kRfcExample;
  const std::string single =
      with(with(ex, R"("policies": [{)", R"("policies": {)"), "}]\n}", "}\n}");
  expect_rejected(single, error_code::TLSRPT_REPORT_POLICIES_NOT_ARRAY, "/policies",
                  "/policies: expected an array");
  expect_rejected(with(ex, R"("policies": [{)", R"("no-policies": [{)"),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER, "/policies");
}

TEST(ReportParse, PolicyEntriesNeedPolicyTypeAndSummary) {
  const std::string ex = kRfcExample;
  expect_rejected(with(ex, R"("policy-type": "sts",)", ""),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER, "/policies/0/policy/policy-type");
  expect_rejected(with(ex, R"("policy-type": "sts")", R"("policy-type": "STS")"),
                  error_code::TLSRPT_REPORT_POLICY_TYPE, "/policies/0/policy/policy-type",
                  "/policies/0/policy/policy-type: expected \"sts\", \"tlsa\" or "
                  "\"no-policy-found\"");
  expect_rejected(with(ex, R"("summary": {)", R"("summery": {)"),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER, "/policies/0/summary");
  expect_rejected(with(ex, R"("total-successful-session-count": 5326, )", ""),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER,
                  "/policies/0/summary/total-successful-session-count");
  expect_rejected(with(ex, R"("policy": {)", R"("policy": "sts", "x": {)"),
                  error_code::TLSRPT_REPORT_MEMBER_TYPE, "/policies/0/policy");
  expect_rejected(with(ex, R"("mx-host": "*.mail.company-y.example")", R"("mx-host": 5)"),
                  error_code::TLSRPT_REPORT_MEMBER_TYPE, "/policies/0/policy/mx-host",
                  "/policies/0/policy/mx-host: expected a string or an array of strings");
  expect_rejected(with(ex, R"("mx-host": "*.mail.company-y.example")", R"("mx-host": ["a", 5])"),
                  error_code::TLSRPT_REPORT_MEMBER_TYPE, "/policies/0/policy/mx-host/1");
  expect_rejected(with(ex, R"("policy-string": [)", R"("policy-string": "x", "y": [)"),
                  error_code::TLSRPT_REPORT_MEMBER_TYPE, "/policies/0/policy/policy-string");
}

TEST(ReportParse, CountsMustBeNonNegativeIntegers) {
  const std::string ex = kRfcExample;
  const std::string field = "/policies/0/summary/total-successful-session-count";
  expect_rejected(with(ex, "5326", "-1"), error_code::TLSRPT_REPORT_COUNT, field,
                  field + ": expected a non-negative integer, got -1");
  expect_rejected(with(ex, "5326", "1.5"), error_code::TLSRPT_REPORT_COUNT, field);
  expect_rejected(with(ex, "5326", "1e3"), error_code::TLSRPT_REPORT_COUNT, field);
  expect_rejected(with(ex, "5326", "1.0"), error_code::TLSRPT_REPORT_COUNT, field);
  expect_rejected(with(ex, "5326", "\"5326\""), error_code::TLSRPT_REPORT_MEMBER_TYPE, field,
                  field + ": expected a non-negative integer");
  expect_rejected(with(ex, R"("failed-session-count": 100)", R"("failed-session-count": -3)"),
                  error_code::TLSRPT_REPORT_COUNT,
                  "/policies/0/failure-details/0/failed-session-count");
  expect_rejected(with(ex, R"("failed-session-count": 100,)", ""),
                  error_code::TLSRPT_REPORT_MISSING_MEMBER,
                  "/policies/0/failure-details/0/failed-session-count");
  const auto zero = parse_report(with(ex, "5326", "-0"));
  ASSERT_TRUE(zero.ok()) << zero.error;
  EXPECT_EQ(zero.value->policies[0].total_successful_session_count, 0u);
}

TEST(ReportParse, R_8460_4_1_IntegersStopAtTwoToTheFiftyThreeMinusOne) {
  const std::string ex = kRfcExample;
  const std::string field = "/policies/0/summary/total-successful-session-count";
  const auto at_limit = parse_report(with(ex, "5326", "9007199254740991"));
  ASSERT_TRUE(at_limit.ok()) << at_limit.error;
  EXPECT_EQ(at_limit.value->policies[0].total_successful_session_count, 9007199254740991u);
  expect_rejected(with(ex, "5326", "9007199254740992"), error_code::TLSRPT_REPORT_NUMBER_RANGE,
                  field);
  expect_rejected(with(ex, "5326", "99999999999999999999999"),
                  error_code::TLSRPT_REPORT_NUMBER_RANGE, field);
  // Anywhere in the document, in members nobody reads too.
  expect_rejected(with(ex, "[1, 2, 3]", "[1, -9007199254740992, 3]"),
                  error_code::TLSRPT_REPORT_NUMBER_RANGE, "/x-vendor-extension/anything/1");
  EXPECT_TRUE(parse_report(with(ex, "[1, 2, 3]", "[1, -9007199254740991, 3]")).ok());
  expect_rejected(with(ex, "[1, 2, 3]", "[1, 2, 1e400]"), error_code::TLSRPT_REPORT_NUMBER_RANGE,
                  "/x-vendor-extension/anything/2");
}

TEST(ReportParse, R_8460_4_1_DuplicateMemberNamesAreRefusedAtAnyDepth) {
  const std::string ex = kRfcExample;
  expect_rejected(with(ex, R"("report-id": )", R"("report-id": "a", "report-id": )"),
                  error_code::TLSRPT_REPORT_DUPLICATE_MEMBER, "/report-id",
                  "/report-id: member name appears twice in its object");
  expect_rejected(
      with(ex, R"("unknown-detail": true)", R"("unknown-detail": true, "failed-session-count": 1)"),
      error_code::TLSRPT_REPORT_DUPLICATE_MEMBER,
      "/policies/0/failure-details/0/failed-session-count");
  expect_rejected(with(ex, R"({"anything": [1, 2, 3]})", R"({"a/b~": 1, "a/b~": 2})"),
                  error_code::TLSRPT_REPORT_DUPLICATE_MEMBER, "/x-vendor-extension/a~1b~0");
}

TEST(ReportParse, R_8460_4_1_InvalidUtf8AndLoneSurrogatesAreRefused) {
  expect_rejected(with(kRfcExample, "Company-X", "Company-\xff"),
                  error_code::TLSRPT_REPORT_INVALID_UTF8, "/organization-name");
  expect_rejected(with(kRfcExample, "Company-X", "Company-\xc3"),
                  error_code::TLSRPT_REPORT_INVALID_UTF8, "/organization-name");
  expect_rejected(with(kRfcExample, "Company-X", "Company-\\ud800"),
                  error_code::TLSRPT_REPORT_INVALID_UTF8, "/organization-name");
  EXPECT_TRUE(parse_report(with(kRfcExample, "Company-X", "Company-\\ud83d\\ude00 \xc3\xa9")).ok());
}

TEST(ReportParse, R_8460_4_1_OnlyOneStrictJsonText) {
  const std::string ex = kRfcExample;
  expect_rejected(ex + "x", error_code::TLSRPT_REPORT_NOT_JSON, "");
  expect_rejected(ex + "{}", error_code::TLSRPT_REPORT_NOT_JSON, "");
  EXPECT_TRUE(parse_report(ex + " \n").ok());
  expect_rejected(with(ex, R"("Company-X")", "'Company-X'"), error_code::TLSRPT_REPORT_NOT_JSON,
                  "/organization-name");
  expect_rejected(with(ex, R"(2, 3])", "2, 3,]"), error_code::TLSRPT_REPORT_NOT_JSON,
                  "/x-vendor-extension/anything/3");
  expect_rejected(with(ex, R"("unknown-detail": true)", R"("unknown-detail": true,)"),
                  error_code::TLSRPT_REPORT_NOT_JSON,
                  "/policies/0/failure-details/0/unknown-detail");
  expect_rejected(with(ex, R"("anything")", "/* c */ \"anything\""),
                  error_code::TLSRPT_REPORT_NOT_JSON, "/x-vendor-extension");
}

TEST(ReportParse, DepthAndSizeLimits) {
  using mtasts::tlsrpt::max_report_bytes;
  using mtasts::tlsrpt::max_report_depth;
  // The root object is level 1; the extension's arrays fill the rest up to the limit.
  const auto nested = [](std::size_t levels) {
    return with(kRfcExample, "[1, 2, 3]", std::string(levels, '[') + std::string(levels, ']'));
  };
  EXPECT_TRUE(parse_report(nested(max_report_depth - 2)).ok());
  const auto deep = parse_report(nested(max_report_depth - 1));
  EXPECT_EQ(deep.code, error_code::TLSRPT_REPORT_TOO_LARGE);
  EXPECT_EQ(
      deep.pointer, "/x-vendor-extension/anything" + std::string("/0") + [] {
        std::string p;
        for (std::size_t i = 0; i + 3 < max_report_depth; ++i) p += "/0";
        return p;
      }());
  std::string padded = kRfcExample;
  padded.append(max_report_bytes - padded.size(), ' ');
  EXPECT_TRUE(parse_report(padded).ok());
  padded += ' ';
  expect_rejected(padded, error_code::TLSRPT_REPORT_TOO_LARGE, "");
}

TEST(ReportParse, JsonPointersEscapeNames) {
  const auto r = parse_report(
      with(kRfcExample, R"("failed-session-count": 200)", R"("failed-session-count": true)"));
  EXPECT_EQ(r.error,
            "/policies/0/failure-details/1/failed-session-count: expected a non-negative integer");
}
