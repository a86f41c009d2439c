// SPDX-License-Identifier: Apache-2.0
// Every engine failure token maps to the RFC 8460 §4.3 result type of the rfc-digest §2.2
// mapping table; failures that are not reported (§4.3.4) map to nothing.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>

#include "mtasts/engine/engine.h"
#include "mtasts/error.h"
#include "mtasts/tlsrpt_report.h"

using mtasts::error_code;
using mtasts::engine::tlsrpt_result_type;
using mtasts::tlsrpt::is_registered_result_type;

TEST(ResultTypes, RegistryHoldsRfc8460Section43) {
  EXPECT_EQ(mtasts::tlsrpt::registered_result_types().size(), 11u);
  for (const char* t :
       {"starttls-not-supported", "certificate-host-mismatch", "certificate-expired",
        "certificate-not-trusted", "validation-failure", "tlsa-invalid", "dnssec-invalid",
        "dane-required", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid"}) {
    EXPECT_TRUE(is_registered_result_type(t)) << t;
  }
  EXPECT_FALSE(is_registered_result_type("Certificate-Expired"));
  EXPECT_FALSE(is_registered_result_type(""));
  EXPECT_FALSE(is_registered_result_type("sts-policy-fetch-errors"));
}

TEST(ResultTypes, PolicyTypes) {
  using mtasts::tlsrpt::policy_type;
  for (const policy_type t : {policy_type::sts, policy_type::tlsa, policy_type::no_policy_found}) {
    EXPECT_EQ(mtasts::tlsrpt::policy_type_from_string(mtasts::tlsrpt::to_string(t)), t);
  }
  EXPECT_EQ(mtasts::tlsrpt::to_string(policy_type::no_policy_found), "no-policy-found");
  EXPECT_FALSE(mtasts::tlsrpt::policy_type_from_string("STS").has_value());
}

TEST(ResultTypes, EveryFetchAndMxFailureMapsToARegisteredType) {
  int reported = 0;
  for (const error_code code : mtasts::all_error_codes()) {
    const std::string_view family = mtasts::family(code);
    const auto type = tlsrpt_result_type(code);
    if (family == "FETCH" || family == "FETCH_CERT" || family == "MX_VALIDATION" ||
        family == "MX_CERT") {
      if (code == error_code::FETCH_BACKOFF) {
        // Not a failure of the peer: the sender chose not to fetch (R-3.3-8), nothing to report.
        EXPECT_FALSE(type.has_value());
        continue;
      }
      ASSERT_TRUE(type.has_value()) << mtasts::token(code);
      EXPECT_TRUE(is_registered_result_type(*type)) << mtasts::token(code) << " -> " << *type;
      ++reported;
    } else {
      // DISCOVERY (DNS, §4.3.4 transient) and parser tokens are not reported on their own.
      EXPECT_FALSE(type.has_value()) << mtasts::token(code);
    }
  }
  EXPECT_EQ(reported, 19);
}

TEST(ResultTypes, DiscoveryFailuresAreNotReported) {
  int discovery = 0;
  for (const error_code code : mtasts::all_error_codes()) {
    if (mtasts::family(code) != "DISCOVERY") continue;
    ++discovery;
    EXPECT_EQ(tlsrpt_result_type(code), std::nullopt) << mtasts::token(code);
  }
  EXPECT_GT(discovery, 0);
}

TEST(ResultTypes, MappingTableOfRfcDigest22) {
  // rfc-digest §2.2 (RFC 8461 Appendix B and §6), A-27 for MX_NOT_IN_POLICY.
  const std::map<std::string_view, std::string_view> table = {
      {"FETCH_CONNECT", "sts-policy-fetch-error"},
      {"FETCH_TIMEOUT", "sts-policy-fetch-error"},
      {"FETCH_TLS", "sts-policy-fetch-error"},
      {"FETCH_REDIRECT", "sts-policy-fetch-error"},
      {"FETCH_HTTP_STATUS", "sts-policy-fetch-error"},
      {"FETCH_CONTENT_TYPE", "sts-policy-fetch-error"},
      {"FETCH_TOO_LARGE", "sts-policy-fetch-error"},
      {"FETCH_POLICY_INVALID", "sts-policy-invalid"},
      {"FETCH_CERT_UNTRUSTED", "sts-webpki-invalid"},
      {"FETCH_CERT_EXPIRED", "sts-webpki-invalid"},
      {"FETCH_CERT_NOT_YET_VALID", "sts-webpki-invalid"},
      {"FETCH_CERT_NAME_MISMATCH", "sts-webpki-invalid"},
      {"MX_STARTTLS_NOT_OFFERED", "starttls-not-supported"},
      {"MX_CERT_NAME_MISMATCH", "certificate-host-mismatch"},
      {"MX_NOT_IN_POLICY", "certificate-host-mismatch"},
      {"MX_CERT_EXPIRED", "certificate-expired"},
      {"MX_CERT_UNTRUSTED", "certificate-not-trusted"},
      {"MX_CERT_NOT_YET_VALID", "validation-failure"},
      {"MX_TLS_FAILED", "validation-failure"},
  };
  for (const auto& [token, expected] : table) {
    const auto code = mtasts::error_code_from_token(token);
    ASSERT_TRUE(code.has_value()) << token;
    EXPECT_EQ(tlsrpt_result_type(*code), expected) << token;
  }
}
