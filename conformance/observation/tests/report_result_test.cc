// SPDX-License-Identifier: Apache-2.0
// The tlsrpt-report observations: a report read (totals, result types, the error object with
// its pointer) and a report built from session results (aggregation, the engine's mapping of
// error tokens, and malformed inputs named by their pointer).
#include "mtasts/observation/report_result.h"

#include <gtest/gtest.h>

namespace {

using mtasts::observation::json;
using mtasts::observation::observe_tlsrpt_report;
using mtasts::observation::observe_tlsrpt_report_build;
using mtasts::observation::verdict;

json sts_policy() {
  return {
      {"policy_type", "sts"}, {"policy_domain", "example.com"}, {"mx_host", {"mx.example.com"}}};
}

json build_input(json sessions) {
  return {{"organization_name", "mta.example"},
          {"contact_info", "r@mta.example"},
          {"report_id", "1"},
          {"day", "2026-11-28"},
          {"sessions", std::move(sessions)}};
}

}  // namespace

TEST(ReportObservation, TotalsAndResultTypesAddUpEveryPolicy) {
  const auto o = observe_tlsrpt_report(R"({"organization-name": "o",
    "date-range": {"start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-29T00:00:00Z"},
    "contact-info": "c", "report-id": "r", "policies": [
      {"policy": {"policy-type": "sts", "policy-domain": "a.example"},
       "summary": {"total-successful-session-count": 2, "total-failure-session-count": 3},
       "failure-details": [{"result-type": "certificate-expired", "failed-session-count": 3}]},
      {"policy": {"policy-type": "no-policy-found", "policy-domain": "b.example"},
       "summary": {"total-successful-session-count": 5, "total-failure-session-count": 1},
       "failure-details": [{"result-type": "certificate-expired", "failed-session-count": 1}]}]})");
  ASSERT_EQ(o.outcome, verdict::yes) << o.value.dump();
  EXPECT_EQ(o.value["kind"], "tlsrpt-report");
  EXPECT_EQ(o.value["policy_count"], 2);
  EXPECT_EQ(o.value["total_successful_session_count"], 7);
  EXPECT_EQ(o.value["total_failure_session_count"], 4);
  EXPECT_EQ(o.value["result_types"], json({"certificate-expired"}));
  EXPECT_EQ(o.value["policies"][1]["policy_type"], "no-policy-found");
}

TEST(ReportObservation, ARefusalNamesItsTokenFamilyAndPointer) {
  const auto o = observe_tlsrpt_report(R"({"policies": {}})");
  EXPECT_EQ(o.outcome, verdict::no);
  EXPECT_EQ(o.value["error"]["token"], "TLSRPT_REPORT_MISSING_MEMBER");
  EXPECT_EQ(o.value["error"]["family"], "TLSRPT_REPORT_MEMBER");
  EXPECT_EQ(o.value["error"]["pointer"], "/organization-name");
  EXPECT_EQ(o.value["error"]["message"], "/organization-name: missing required member");
}

TEST(ReportObservation, BuildAggregatesAndMapsEngineTokens) {
  const auto built = observe_tlsrpt_report_build(
      build_input({{{"policy", sts_policy()}, {"result", "success"}, {"count", 3}},
                   {{"policy", sts_policy()}, {"result", "failure"}, {"error", "MX_CERT_EXPIRED"}},
                   {{"policy", sts_policy()}, {"result", "failure"}, {"error", "MX_CERT_EXPIRED"}},
                   // RFC 8460 §4.3.4: a DNS failure is not reported; the session is not counted.
                   {{"policy", sts_policy()}, {"result", "failure"}, {"error", "DNS_SERVFAIL"}}}));
  ASSERT_TRUE(built.result.has_value()) << built.input_error;
  const json& v = built.result->value;
  EXPECT_EQ(v["total_successful_session_count"], 3);
  EXPECT_EQ(v["total_failure_session_count"], 2);
  EXPECT_EQ(v["policies"][0]["failure_details"][0]["failed_session_count"], 2);
  EXPECT_EQ(v["policies"][0]["failure_details"][0]["failure_reason_code"], "MX_CERT_EXPIRED");
  EXPECT_EQ(v["report"]["date-range"]["end-datetime"], "2026-11-29T00:00:00Z");
  EXPECT_EQ(v["report"]["policies"][0]["policy"]["mx-host"], "mx.example.com");
}

TEST(ReportObservation, MalformedBuildInputsAreNamedByPointer) {
  const auto expect_input_error = [](json input, const std::string& error) {
    const auto built = observe_tlsrpt_report_build(input);
    EXPECT_FALSE(built.result.has_value());
    EXPECT_EQ(built.input_error, error);
  };
  expect_input_error(json::array(), "/: expected an object");
  json no_day = build_input(json::array());
  no_day.erase("day");
  expect_input_error(no_day, "/: missing member \"day\"");
  json bad_day = build_input(json::array());
  bad_day["day"] = "2026-02-30";
  expect_input_error(bad_day, "/day: expected a date YYYY-MM-DD");
  expect_input_error(build_input({{{"policy", sts_policy()}, {"result", "lost"}}}),
                     "/sessions/0/result: expected \"success\" or \"failure\"");
  expect_input_error(build_input({{{"policy", sts_policy()}, {"result", "failure"}}}),
                     "/sessions/0: a failure names exactly one of \"result_type\" and \"error\"");
  expect_input_error(
      build_input({{{"policy", sts_policy()}, {"result", "failure"}, {"error", "NO_SUCH"}}}),
      "/sessions/0/error: expected a token of error_tokens.def");
  expect_input_error(build_input({{{"policy", sts_policy()}, {"result", "success"}, {"count", 0}}}),
                     "/sessions/0/count: expected an integer from 1 to 2^53-1");
  json bad_type = sts_policy();
  bad_type["policy_type"] = "dane";
  expect_input_error(build_input({{{"policy", bad_type}, {"result", "success"}}}),
                     "/sessions/0/policy/policy_type: expected \"sts\", \"tlsa\" or "
                     "\"no-policy-found\"");
}
