// SPDX-License-Identifier: Apache-2.0
// Engine MX validation and delivery (RFC 8461 §4, §5, §8.4) and the TLS-RPT result types of
// failures (RFC 8461 §6, RFC 8460 §4.3).
#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine_world.h"

namespace {

using namespace mtasts_engine_test;  // NOLINT(google-build-using-namespace)

// A lookup result with `body` in force (fetched now under id "id1").
me::lookup_result with_policy(world& w, std::string body) {
  w.publish("id1");
  w.serve_policy(std::move(body));
  me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  return r;
}

mtasts::policy policy_with_mx(std::initializer_list<std::string_view> mx) {
  return parsed(policy_body(policy_mode::enforce, kWeek, mx));
}

std::optional<error_code> failure_of(world& w, const mtasts::policy& p,
                                     const me::mx_observation& o) {
  return w.engine().validate_mx(p, o).failure;
}

// --- R-4-1, R-4.1-1, R-4.1-2: MX host matching ----------------------------------------------

TEST(EngineMx, R_4_1_1_OneMatchingPatternIsEnough) {
  world w;
  const mtasts::policy p = policy_with_mx({"mx1.example.net", "*.example.com", "mx3.example.org"});
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.com")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mx1.example.net")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mx3.example.org")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mx2.example.net")), error_code::MX_NOT_IN_POLICY);
}

TEST(EngineMx, R_4_1_2_WildcardMatchesExactlyOneLabel) {
  // peers B3: mailauth <= 6 and checkdmarc let "*.example.com" match several labels.
  world w;
  const mtasts::policy p = policy_with_mx({"*.example.com"});
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.com")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "example.com")), error_code::MX_NOT_IN_POLICY);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "a.b.example.com")), error_code::MX_NOT_IN_POLICY);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mailexample.com")), error_code::MX_NOT_IN_POLICY);
}

TEST(EngineMx, R_4_1_2_ExactPatternImpliesNoSubdomain) {
  world w;
  const mtasts::policy p = policy_with_mx({"mail.example.com"});
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.com")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "x.mail.example.com")), error_code::MX_NOT_IN_POLICY);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "ail.example.com")), error_code::MX_NOT_IN_POLICY);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.co")), error_code::MX_NOT_IN_POLICY);
}

TEST(EngineMx, R_4_1_2_A_16_AsciiCaseInsensitive) {
  world w;
  const mtasts::policy p = policy_with_mx({"Mail.Example.COM", "*.MX.example.net"});
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.com")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "MAIL.EXAMPLE.COM")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "Smtp.mx.EXAMPLE.net")), std::nullopt);
}

TEST(EngineMx, R_4_1_2_A_15_TrailingDotHost) {
  world w;
  const mtasts::policy p = policy_with_mx({"mail.example.com", "*.mx.example.net"});
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.com.")), std::nullopt);
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "a.mx.example.net.")), std::nullopt);
  // The certificate is matched against the host without its trailing dot.
  ASSERT_FALSE(w.x509.calls().empty());
  EXPECT_EQ(w.x509.calls().front().host, "mail.example.com");
  EXPECT_EQ(failure_of(w, p, mx_with_cert(w, "mail.example.com..")), error_code::MX_NOT_IN_POLICY);
}

TEST(EngineMx, R_4_1_A_19_InvalidHostMatchesNothing) {
  world w;
  const mtasts::policy p = policy_with_mx({"*.example.com", "mail.example.com"});
  for (const char* host :
       {"", ".example.com", "*.example.com", "mail_1.example.com", "-mail.example.com",
        "mail..example.com", "m\xC3\xA4il.example.com", "mail.example.com:25", "[192.0.2.1]"}) {
    SCOPED_TRACE(host);
    EXPECT_EQ(failure_of(w, p, mx_with_cert(w, host)), error_code::MX_NOT_IN_POLICY);
  }
  EXPECT_TRUE(w.x509.calls().empty());  // never got as far as the certificate
}

// --- R-4-1 (2), R-4.2-1, R-4.2-2: STARTTLS and the MX certificate ----------------------------

TEST(EngineMx, R_4_2_1_R_4_2_2_CertificateStatusesViaX509Port) {
  const struct {
    me::cert_status status;
    std::optional<error_code> failure;
  } cases[] = {
      {me::cert_status::valid, std::nullopt},
      {me::cert_status::expired, error_code::MX_CERT_EXPIRED},
      {me::cert_status::not_yet_valid, error_code::MX_CERT_NOT_YET_VALID},
      {me::cert_status::untrusted, error_code::MX_CERT_UNTRUSTED},
      {me::cert_status::name_mismatch, error_code::MX_CERT_NAME_MISMATCH},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(static_cast<int>(c.status));
    world w;
    w.clock.set(kT0 + 42);
    const mtasts::policy p = policy_with_mx({"mail.example.com"});
    const me::mx_verdict v =
        w.engine().validate_mx(p, mx_with_cert(w, "mail.example.com", c.status));
    EXPECT_EQ(v.host, "mail.example.com");
    EXPECT_EQ(v.failure, c.failure);
    EXPECT_EQ(v.valid(), !c.failure.has_value());
    ASSERT_EQ(w.x509.calls().size(), 1U);
    // R-4.2-2: matched to the MX host (not the pattern) under RFC 6125 rules, now.
    EXPECT_EQ(w.x509.calls().front().host, "mail.example.com");
    EXPECT_EQ(w.x509.calls().front().rule, me::name_rule::mx_host);
    EXPECT_EQ(w.x509.calls().front().at, kT0 + 42);
  }
}

TEST(EngineMx, R_4_2_2_CertificateCheckedAgainstHostNotPattern) {
  // Earlier drafts matched the certificate to the mx pattern; RFC 8461 matches the host.
  world w;
  const mtasts::policy p = policy_with_mx({"*.example.com"});
  me::mx_observation o = mx_with_cert(w, "mx1.example.com");
  w.x509_answers.set("leaf:mx1.example.com", "mx1.example.com", me::cert_status::name_mismatch);
  w.x509_answers.set("leaf:mx1.example.com", "*.example.com", me::cert_status::valid);
  EXPECT_EQ(failure_of(w, p, o), error_code::MX_CERT_NAME_MISMATCH);
}

TEST(EngineMx, R_4_2_1_CertificateStatusesViaTransportVerdict) {
  const struct {
    me::cert_status status;
    std::optional<error_code> failure;
  } cases[] = {
      {me::cert_status::valid, std::nullopt},
      {me::cert_status::expired, error_code::MX_CERT_EXPIRED},
      {me::cert_status::not_yet_valid, error_code::MX_CERT_NOT_YET_VALID},
      {me::cert_status::untrusted, error_code::MX_CERT_UNTRUSTED},
      {me::cert_status::name_mismatch, error_code::MX_CERT_NAME_MISMATCH},
  };
  for (const auto& c : cases) {
    world w;
    me::mx_observation o;
    o.host = "mail.example.com";
    o.transport_verified = c.status;
    EXPECT_EQ(failure_of(w, policy_with_mx({"mail.example.com"}), o), c.failure);
    EXPECT_TRUE(w.x509.calls().empty());
  }
}

TEST(EngineMx, R_4_1_StarttlsNotOffered) {
  world w;
  me::mx_observation o = mx_with_cert(w, "mail.example.com");
  o.starttls_offered = false;
  EXPECT_EQ(failure_of(w, policy_with_mx({"mail.example.com"}), o),
            error_code::MX_STARTTLS_NOT_OFFERED);
}

TEST(EngineMx, R_4_2_1_TlsFailureOrNoCertificate) {
  world w;
  const mtasts::policy p = policy_with_mx({"mail.example.com"});
  me::mx_observation failed = mx_with_cert(w, "mail.example.com");
  failed.tls_failed = true;
  EXPECT_EQ(failure_of(w, p, failed), error_code::MX_TLS_FAILED);
  me::mx_observation bare;
  bare.host = "mail.example.com";
  EXPECT_EQ(failure_of(w, p, bare), error_code::MX_TLS_FAILED);
  me::mx_observation empty = mx_with_cert(w, "mail.example.com");
  empty.chain = me::cert_chain{};
  EXPECT_EQ(failure_of(w, p, empty), error_code::MX_CERT_UNTRUSTED);
}

// --- §5: delivery by mode ----------------------------------------------------------------

TEST(EngineDelivery, R_4_1_R_5_EnforceSkipsFailingMxDeliversValid) {
  world w;
  const me::lookup_result r = with_policy(w, enforce_body());
  std::vector<me::mx_observation> mxs = {
      mx_with_cert(w, "mail.example.com", me::cert_status::expired),  // pattern ok, cert bad
      mx_with_cert(w, "a.mx.example.net"),                            // valid
      mx_with_cert(w, "backup.example.org"),                          // not in policy
  };
  me::mx_observation no_tls = mx_with_cert(w, "b.mx.example.net");
  no_tls.starttls_offered = false;
  mxs.push_back(no_tls);
  const me::delivery_plan plan = w.engine().decide(r, mxs);
  ASSERT_TRUE(plan.mode);
  EXPECT_EQ(*plan.mode, policy_mode::enforce);
  ASSERT_EQ(plan.mx.size(), 4U);
  EXPECT_EQ(plan.mx[0].verdict.host, "mail.example.com");  // order kept (priority order)
  EXPECT_EQ(plan.mx[0].action, me::mx_action::skip);
  EXPECT_EQ(plan.mx[0].verdict.failure, error_code::MX_CERT_EXPIRED);
  EXPECT_EQ(plan.mx[1].action, me::mx_action::deliver);
  EXPECT_TRUE(plan.mx[1].verdict.valid());
  EXPECT_FALSE(plan.mx[1].report);
  EXPECT_EQ(plan.mx[2].action, me::mx_action::skip);
  EXPECT_EQ(plan.mx[2].verdict.failure, error_code::MX_NOT_IN_POLICY);
  EXPECT_EQ(plan.mx[3].action, me::mx_action::skip);
  EXPECT_EQ(plan.mx[3].verdict.failure, error_code::MX_STARTTLS_NOT_OFFERED);
  EXPECT_FALSE(plan.temporary_failure);
  // R-6-1: failures under enforce are reported too.
  EXPECT_EQ(plan.mx[0].report, "certificate-expired");
  EXPECT_EQ(plan.mx[2].report, "certificate-host-mismatch");
  EXPECT_EQ(plan.mx[3].report, "starttls-not-supported");
}

TEST(EngineDelivery, R_5_2_EnforceAllFailIsTemporaryFailure) {
  world w;
  const me::lookup_result r = with_policy(w, enforce_body());
  const me::delivery_plan plan =
      w.engine().decide(r, {mx_with_cert(w, "mail.example.com", me::cert_status::untrusted),
                            mx_with_cert(w, "evil.example.org")});
  ASSERT_EQ(plan.mx.size(), 2U);
  for (const me::mx_decision& d : plan.mx) EXPECT_EQ(d.action, me::mx_action::skip);
  EXPECT_TRUE(plan.temporary_failure);
}

TEST(EngineDelivery, R_5_2_EnforceWithCachedPolicyAfterTxtLoss) {
  // R-3.1-8 then §5: the cached enforce policy still protects delivery.
  world w;
  w.publish_enforce("id1");
  w.lookup();
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::nxdomain));
  const me::lookup_result r = w.lookup();
  ASSERT_TRUE(r.active());
  const me::delivery_plan plan = w.engine().decide(r, {mx_with_cert(w, "attacker.example.org")});
  EXPECT_EQ(plan.mx.front().action, me::mx_action::skip);
  EXPECT_TRUE(plan.temporary_failure);
}

TEST(EngineDelivery, A_22_TestingDeliversAllAndReports) {
  world w;
  const me::lookup_result r = with_policy(w, policy_body(policy_mode::testing, kWeek));
  me::mx_observation no_tls = mx_with_cert(w, "b.mx.example.net");
  no_tls.starttls_offered = false;
  const me::delivery_plan plan = w.engine().decide(
      r, {mx_with_cert(w, "mail.example.com", me::cert_status::name_mismatch),
          mx_with_cert(w, "other.example.org"), no_tls, mx_with_cert(w, "a.mx.example.net")});
  ASSERT_TRUE(plan.mode);
  EXPECT_EQ(*plan.mode, policy_mode::testing);
  ASSERT_EQ(plan.mx.size(), 4U);
  for (const me::mx_decision& d : plan.mx) EXPECT_EQ(d.action, me::mx_action::deliver);
  EXPECT_EQ(plan.mx[0].verdict.failure, error_code::MX_CERT_NAME_MISMATCH);
  EXPECT_EQ(plan.mx[0].report, "certificate-host-mismatch");
  EXPECT_EQ(plan.mx[1].verdict.failure, error_code::MX_NOT_IN_POLICY);
  EXPECT_EQ(plan.mx[1].report, "certificate-host-mismatch");
  EXPECT_EQ(plan.mx[2].report, "starttls-not-supported");
  EXPECT_TRUE(plan.mx[3].verdict.valid());
  EXPECT_FALSE(plan.mx[3].report);
  EXPECT_FALSE(plan.temporary_failure);
}

TEST(EngineDelivery, A_23_ModeNoneDeliversWithoutReports) {
  world w;
  const me::lookup_result r = with_policy(w, policy_body(policy_mode::none, kWeek, {}));
  me::mx_observation no_tls = mx_with_cert(w, "b.mx.example.net");
  no_tls.starttls_offered = false;
  const me::delivery_plan plan =
      w.engine().decide(r, {mx_with_cert(w, "mail.example.com", me::cert_status::expired), no_tls});
  ASSERT_TRUE(plan.mode);
  EXPECT_EQ(*plan.mode, policy_mode::none);
  for (const me::mx_decision& d : plan.mx) {
    EXPECT_EQ(d.action, me::mx_action::deliver);
    EXPECT_TRUE(d.verdict.valid());
    EXPECT_FALSE(d.report);
  }
  EXPECT_FALSE(plan.temporary_failure);
  EXPECT_TRUE(w.x509.calls().size() == 1U);  // only the policy fetch was verified
}

TEST(EngineDelivery, R_3_3_10_NoPolicyDeliversWithoutReports) {
  world w;  // NXDOMAIN
  const me::lookup_result r = w.lookup();
  ASSERT_TRUE(no_policy(r));
  me::mx_observation no_tls = mx_with_cert(w, "mx.example.org");
  no_tls.starttls_offered = false;
  const me::delivery_plan plan = w.engine().decide(
      r, {no_tls, mx_with_cert(w, "mx2.example.org", me::cert_status::untrusted)});
  EXPECT_FALSE(plan.mode);
  ASSERT_EQ(plan.mx.size(), 2U);
  for (const me::mx_decision& d : plan.mx) {
    EXPECT_EQ(d.action, me::mx_action::deliver);
    EXPECT_FALSE(d.report);
  }
  EXPECT_FALSE(plan.temporary_failure);
}

// --- R-5-1: check for a new id before failing permanently --------------------------------

TEST(EngineDelivery, R_5_1_NewIdPublishedMustNotFailPermanently) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body());
  w.serve_policy(policy_body(policy_mode::enforce, kWeek, {"new-mx.example.org"}));
  const me::lookup_result r = w.lookup();
  ASSERT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  const me::delivery_plan plan = w.engine().decide(r, {mx_with_cert(w, "new-mx.example.org")});
  ASSERT_TRUE(plan.temporary_failure);
  // The domain moved its mail and published a new policy.
  w.publish("id2");
  const std::size_t before = w.dns.queries().size();
  EXPECT_FALSE(w.engine().may_fail_permanently(kDomain, "id1"));
  EXPECT_GT(w.dns.queries().size(), before);  // DNS was asked
  // The retry picks the new policy up and the MX now validates.
  const me::lookup_result fresh = w.lookup();
  EXPECT_TRUE(in_force(fresh, me::policy_source::fetched, "id2"));
  const me::delivery_plan retry = w.engine().decide(fresh, {mx_with_cert(w, "new-mx.example.org")});
  EXPECT_EQ(retry.mx.front().action, me::mx_action::deliver);
  EXPECT_FALSE(retry.temporary_failure);
}

TEST(EngineDelivery, R_5_1_UnchangedIdMayFailPermanently) {
  world w;
  with_policy(w, enforce_body());
  const std::size_t before = w.dns.queries().size();
  EXPECT_TRUE(w.engine().may_fail_permanently(kDomain, "id1"));
  EXPECT_TRUE(w.engine().may_fail_permanently("EXAMPLE.com", "id1"));
  EXPECT_GT(w.dns.queries().size(), before);
}

TEST(EngineDelivery, R_5_1_NoRecordMayFailPermanently) {
  // DNS answered: there is no record at all, so no newer policy exists.
  world w;
  with_policy(w, enforce_body());
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::nxdomain));
  EXPECT_TRUE(w.engine().may_fail_permanently(kDomain, "id1"));
}

// R-5-1: "MUST NOT permanently fail ... before checking, via DNS, for the presence of a new
// policy". A lookup that timed out or failed has not checked anything: a new id may well be
// published, so the failure must stay temporary.
TEST(EngineDelivery, R_5_1_DnsFailureIsNotACheck) {
  for (me::dns_status status :
       {me::dns_status::servfail, me::dns_status::timeout, me::dns_status::malformed}) {
    SCOPED_TRACE(static_cast<int>(status));
    world w;
    with_policy(w, enforce_body());
    w.dns.set_txt(kTxtName, txt_status(status));
    EXPECT_FALSE(w.engine().may_fail_permanently(kDomain, "id1"));
  }
}

// --- R-6-1, RFC 8460 §4.3: result types -------------------------------------------------

TEST(EngineTlsRpt, R_6_1_MxFailureResultTypes) {
  const struct {
    error_code code;
    std::string_view type;
  } cases[] = {
      {error_code::MX_STARTTLS_NOT_OFFERED, "starttls-not-supported"},
      {error_code::MX_CERT_NAME_MISMATCH, "certificate-host-mismatch"},
      {error_code::MX_CERT_EXPIRED, "certificate-expired"},
      {error_code::MX_CERT_UNTRUSTED, "certificate-not-trusted"},
      {error_code::MX_CERT_NOT_YET_VALID, "validation-failure"},
      {error_code::MX_TLS_FAILED, "validation-failure"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(mtasts::token(c.code));
    EXPECT_EQ(me::tlsrpt_result_type(c.code), c.type);
  }
}

TEST(EngineTlsRpt, R_6_1_A_27_MxNotInPolicyIsHostMismatch) {
  EXPECT_EQ(me::tlsrpt_result_type(error_code::MX_NOT_IN_POLICY), "certificate-host-mismatch");
}

TEST(EngineTlsRpt, R_6_1_FetchFailureResultTypes) {
  const struct {
    error_code code;
    std::string_view type;
  } cases[] = {
      {error_code::FETCH_CONNECT, "sts-policy-fetch-error"},
      {error_code::FETCH_TIMEOUT, "sts-policy-fetch-error"},
      {error_code::FETCH_TLS, "sts-policy-fetch-error"},
      {error_code::FETCH_REDIRECT, "sts-policy-fetch-error"},
      {error_code::FETCH_HTTP_STATUS, "sts-policy-fetch-error"},
      {error_code::FETCH_CONTENT_TYPE, "sts-policy-fetch-error"},
      {error_code::FETCH_TOO_LARGE, "sts-policy-fetch-error"},
      {error_code::FETCH_CERT_UNTRUSTED, "sts-webpki-invalid"},
      {error_code::FETCH_CERT_EXPIRED, "sts-webpki-invalid"},
      {error_code::FETCH_CERT_NOT_YET_VALID, "sts-webpki-invalid"},
      {error_code::FETCH_CERT_NAME_MISMATCH, "sts-webpki-invalid"},
      {error_code::FETCH_POLICY_INVALID, "sts-policy-invalid"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(mtasts::token(c.code));
    EXPECT_EQ(me::tlsrpt_result_type(c.code), c.type);
  }
}

TEST(EngineTlsRpt, R_6_1_DnsAndBackoffNotReported) {
  // RFC 8460 §4.3.4: transient trouble, and not a policy failure.
  for (error_code code :
       {error_code::DNS_NXDOMAIN, error_code::DNS_NODATA, error_code::DNS_SERVFAIL,
        error_code::DNS_TIMEOUT, error_code::DNS_CNAME_LOOP, error_code::DISCOVERY_TXT_INVALID,
        error_code::DNS_MALFORMED, error_code::FETCH_BACKOFF}) {
    SCOPED_TRACE(mtasts::token(code));
    EXPECT_EQ(me::tlsrpt_result_type(code), std::nullopt);
  }
}

TEST(EngineTlsRpt, R_6_1_EveryEngineFailureHasAKnownResultTypeOrNone) {
  // Every code the engine can emit maps to a type RFC 8460 §4.3 registers, or to nothing.
  const std::vector<std::string_view> registered = {
      "starttls-not-supported", "certificate-host-mismatch",
      "certificate-expired",    "certificate-not-trusted",
      "validation-failure",     "tlsa-invalid",
      "dnssec-invalid",         "dane-required",
      "sts-policy-fetch-error", "sts-policy-invalid",
      "sts-webpki-invalid"};
  for (error_code code : mtasts::all_error_codes()) {
    const std::optional<std::string_view> type = me::tlsrpt_result_type(code);
    if (!type) continue;
    SCOPED_TRACE(mtasts::token(code));
    EXPECT_NE(std::find(registered.begin(), registered.end(), *type), registered.end()) << *type;
  }
}

TEST(EngineTlsRpt, R_6_1_FetchEventsOfALookupMapToStsTypes) {
  // A fetch failing while a valid TXT record exists is reportable (R-6-1, first bullet).
  const struct {
    me::https_response response;
    std::string_view type;
  } cases[] = {
      {transport_failure(me::transport_status::connect_error), "sts-policy-fetch-error"},
      {with_status(404), "sts-policy-fetch-error"},
      {ok_response("version: STSv1\n"), "sts-policy-invalid"},
  };
  for (const auto& c : cases) {
    world w;
    w.publish("id1");
    w.serve(c.response);
    const me::lookup_result r = w.lookup();
    ASSERT_EQ(r.events.size(), 1U);
    EXPECT_EQ(me::tlsrpt_result_type(r.events.front().code), c.type);
  }
  world w;
  w.publish_enforce("id1");
  w.x509_answers.set(kPolicyLeaf, kPolicyHost, me::cert_status::untrusted);
  const me::lookup_result r = w.lookup();
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(me::tlsrpt_result_type(r.events.front().code), "sts-webpki-invalid");
}

}  // namespace
