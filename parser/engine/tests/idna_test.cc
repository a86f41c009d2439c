// SPDX-License-Identifier: Apache-2.0
// The engine and its idna_port (RFC 6125 §6.4.2): the refusing default, and a fake port that
// converts, for Policy Domains, TLS-RPT lookups, R-5-1 checks and MX hosts.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine_world.h"
#include "mtasts/engine/idna.h"

namespace {

using namespace mtasts_engine_test;  // NOLINT(google-build-using-namespace)

constexpr std::string_view kULabelDomain =
    "b\xc3\xbc"
    "cher.example";  // bücher.example
constexpr std::string_view kALabelDomain = "xn--bcher-kva.example";

// Converts the names it knows, refuses the others with HOST_IDNA_INVALID, and records every
// name it was asked about.
class fake_idna final : public me::idna_port {
 public:
  mtasts::result<std::string> to_ascii(std::string_view name) override {
    asked.emplace_back(name);
    const auto known = table.find(std::string(name));
    if (known == table.end()) return mtasts::make_error(error_code::HOST_IDNA_INVALID, name, 0);
    return known->second;
  }
  std::map<std::string, std::string> table{
      {std::string(kULabelDomain), std::string(kALabelDomain)},
      {"B\xc3\x9c"
       "CHER.example",
       std::string(kALabelDomain)},  // BÜCHER.example
      {"mx.b\xc3\xbc"
       "cher.example",
       "mx.xn--bcher-kva.example"},
  };
  std::vector<std::string> asked;
};

// --- the refusing port -----------------------------------------------------------------------

TEST(EngineIdna, R_6125_6_4_2_RefusingPortNamesTheFirstNonAsciiByte) {
  me::refusing_idna refusing;
  const mtasts::result<std::string> r = refusing.to_ascii(kULabelDomain);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::HOST_IDNA_UNAVAILABLE);
  EXPECT_EQ(r.error().offset, 1U);
  EXPECT_EQ(r.error().column, 2U);
}

TEST(EngineIdna, R_6125_6_4_2_RefusingPortPassesAsciiThrough) {
  me::refusing_idna refusing;
  const mtasts::result<std::string> r = refusing.to_ascii("MX.Example.com");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), "MX.Example.com");
}

TEST(EngineIdna, R_6125_6_4_2_DefaultEngineRefusesULabelDomainWithoutQuerying) {
  world w;
  w.publish("id1", kALabelDomain);
  const me::lookup_result r = w.lookup(kULabelDomain);
  EXPECT_FALSE(r.in_force.has_value());
  EXPECT_TRUE(only_event(r, error_code::HOST_IDNA_UNAVAILABLE, kULabelDomain));
  EXPECT_TRUE(w.dns.queries().empty());
}

TEST(EngineIdna, R_6125_6_4_2_AsciiNamesNeverReachThePort) {
  world w;
  fake_idna idna;
  w.idna = &idna;
  w.publish_enforce();
  EXPECT_TRUE(in_force(w.lookup("EXAMPLE.com."), me::policy_source::fetched, "id1"));
  EXPECT_TRUE(idna.asked.empty());
  const mtasts::result<std::string> same = me::to_a_labels(idna, "xn--zz.example");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same.value(), "xn--zz.example");
  EXPECT_TRUE(idna.asked.empty());
}

// --- Policy Domains in U-labels --------------------------------------------------------------

TEST(EngineIdna, R_6125_6_4_2_ULabelDomainQueriedAndFetchedAsALabels) {
  world w;
  fake_idna idna;
  w.idna = &idna;
  w.publish("id1", kALabelDomain);
  w.serve_policy(enforce_body(), kALabelDomain);
  const me::lookup_result r = w.lookup(kULabelDomain);
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  EXPECT_EQ(w.dns.queries(), std::vector<std::string>{txt_name(kALabelDomain)});
  ASSERT_EQ(w.https.requests().size(), 1U);
  EXPECT_EQ(w.https.requests().front().url, policy_url(kALabelDomain));
  EXPECT_EQ(w.https.requests().front().sni, "mta-sts." + std::string(kALabelDomain));
  // The cache key is the A-label form, whichever spelling was asked.
  EXPECT_TRUE(w.cache.get(kALabelDomain).has_value());
  EXPECT_TRUE(in_force(w.lookup("B\xc3\x9c"
                                "CHER.example"),
                       me::policy_source::cached, "id1"));
  EXPECT_TRUE(in_force(w.lookup(kALabelDomain), me::policy_source::cached, "id1"));
}

TEST(EngineIdna, R_5891_5_4_InvalidIdnDomainIsItsEvent) {
  world w;
  fake_idna idna;
  w.idna = &idna;
  const me::lookup_result r = w.lookup("\xe2\x80\x8d.example");  // not in the fake's table
  EXPECT_TRUE(only_event(r, error_code::HOST_IDNA_INVALID));
  EXPECT_TRUE(w.dns.queries().empty());
  EXPECT_FALSE(w.engine().refresh_due("\xe2\x80\x8d.example"));
}

TEST(EngineIdna, R_6125_6_4_2_TlsrptAndRecheckUseALabels) {
  world w;
  fake_idna idna;
  w.idna = &idna;
  w.dns.set_txt("_smtp._tls." + std::string(kALabelDomain),
                txt_records({"v=TLSRPTv1; rua=mailto:tlsrpt@example.net"}));
  const me::engine::tlsrpt_lookup_result t = w.engine().lookup_tlsrpt(kULabelDomain);
  ASSERT_FALSE(t.failure.has_value());
  EXPECT_EQ(t.rua, std::vector<std::string>{"mailto:tlsrpt@example.net"});
  w.publish("id7", kALabelDomain);
  EXPECT_TRUE(w.engine().may_fail_permanently(kULabelDomain, "id7"));
  EXPECT_FALSE(w.engine().may_fail_permanently(kULabelDomain, "id6"));

  world refusing;
  const me::engine::tlsrpt_lookup_result none = refusing.engine().lookup_tlsrpt(kULabelDomain);
  ASSERT_TRUE(none.failure.has_value());
  EXPECT_EQ(none.failure->code, error_code::HOST_IDNA_UNAVAILABLE);
}

// --- MX hosts in U-labels --------------------------------------------------------------------

me::mx_observation mx_at(std::string_view host) {
  me::mx_observation o;
  o.host = std::string(host);
  o.chain = me::cert_chain{{"leaf:mx"}};
  return o;
}

TEST(EngineIdna, R_6125_6_4_2_ULabelMxHostMatchedAndVerifiedAsALabels) {
  world w;
  fake_idna idna;
  w.idna = &idna;
  const mtasts::policy p =
      parsed(policy_body(policy_mode::enforce, kWeek, {"*.xn--bcher-kva.example"}));
  const me::mx_verdict v = w.engine().validate_mx(p, mx_at("mx.b\xc3\xbc"
                                                           "cher.example"));
  EXPECT_TRUE(v.valid()) << (v.failure ? mtasts::token(*v.failure) : "");
  EXPECT_EQ(v.host,
            "mx.b\xc3\xbc"
            "cher.example");  // the verdict names the host as given
  ASSERT_EQ(w.x509.calls().size(), 1U);
  EXPECT_EQ(w.x509.calls().front().host, "mx.xn--bcher-kva.example");
}

TEST(EngineIdna, R_6125_6_4_2_ULabelMxHostWithoutIdnaMatchesNothing) {
  world w;
  const mtasts::policy p =
      parsed(policy_body(policy_mode::enforce, kWeek, {"*.xn--bcher-kva.example"}));
  const me::mx_verdict v = w.engine().validate_mx(p, mx_at("mx.b\xc3\xbc"
                                                           "cher.example"));
  EXPECT_EQ(v.failure, error_code::MX_NOT_IN_POLICY);
  EXPECT_TRUE(w.x509.calls().empty());
}

TEST(EngineIdna, R_5891_5_4_InvalidIdnMxHostMatchesNothing) {
  world w;
  fake_idna idna;
  w.idna = &idna;
  const mtasts::policy p = parsed(policy_body(policy_mode::enforce, kWeek, {"*.example"}));
  EXPECT_EQ(w.engine().validate_mx(p, mx_at("\xe2\x80\x8d.example")).failure,
            error_code::MX_NOT_IN_POLICY);
}

}  // namespace
