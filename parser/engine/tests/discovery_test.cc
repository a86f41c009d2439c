// SPDX-License-Identifier: Apache-2.0
// Engine discovery (RFC 8461 §3.1, §3.4): the _mta-sts TXT lookup, DNS outcomes, CNAME
// chains, character-string joining and record selection; no parent-zone fallback.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine_world.h"

namespace {

using namespace mtasts_engine_test;  // NOLINT(google-build-using-namespace)

TEST(EngineDiscovery, R_3_1_1_QueriesMtaStsName) {
  world w;
  w.publish_enforce("abc123");
  const me::lookup_result r = w.lookup();
  EXPECT_EQ(w.dns.queries(), std::vector<std::string>{std::string(kTxtName)});
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "abc123"));
  ASSERT_TRUE(r.txt_id);
  EXPECT_EQ(*r.txt_id, "abc123");
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(r.fetches, 1);
}

TEST(EngineDiscovery, R_3_1_1_DomainCaseDoesNotMatter) {
  world w;
  w.publish_enforce("abc123");
  const me::lookup_result r = w.lookup("Example.COM");
  EXPECT_EQ(w.dns.queries(), std::vector<std::string>{"_mta-sts.example.com"});
  ASSERT_EQ(w.requests(), 1U);
  EXPECT_EQ(w.https.requests().front().url, kUrl);
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "abc123"));
  // The same cache entry serves every spelling.
  EXPECT_TRUE(in_force(w.lookup("example.com"), me::policy_source::cached, "abc123"));
  EXPECT_EQ(w.requests(), 1U);
}

// NXDOMAIN, NODATA, SERVFAIL and timeout are distinct outcomes (issue 4), and none of
// them yields a policy when nothing is cached.
TEST(EngineDiscovery, R_3_1_NxdomainIsItsOwnEvent) {
  world w;  // names not set answer NXDOMAIN
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_NXDOMAIN, kTxtName));
  EXPECT_TRUE(no_policy(r));
  EXPECT_FALSE(r.txt_id);
  EXPECT_EQ(r.fetches, 0);
  EXPECT_EQ(w.requests(), 0U);
}

TEST(EngineDiscovery, R_3_1_NodataIsItsOwnEvent) {
  world w;
  w.dns.set_txt(kTxtName, me::txt_answer{});  // NOERROR, no records
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_NODATA, kTxtName));
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
}

TEST(EngineDiscovery, R_3_1_ServfailIsItsOwnEvent) {
  world w;
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::servfail));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_SERVFAIL, kTxtName));
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
}

TEST(EngineDiscovery, R_3_1_TimeoutIsItsOwnEvent) {
  world w;
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::timeout));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_TIMEOUT, kTxtName));
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
}

// A live resolver that got an answer it cannot read says so, rather than "timed out".
TEST(EngineDiscovery, R_3_1_MalformedAnswerIsItsOwnEvent) {
  world w;
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::malformed));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_MALFORMED, kTxtName));
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
}

// §8.2: a delegated _mta-sts record; the policy is still fetched from the user's domain.
TEST(EngineDiscovery, R_3_1_10_CnameChainFollowed) {
  world w;
  w.dns.set_txt(kTxtName, txt_cname("_mta-sts.provider.net."));
  w.dns.set_txt("_mta-sts.provider.net", txt_cname("sts.Provider.NET"));
  w.dns.set_txt("sts.provider.net", sts_txt("delegated1"));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_EQ(w.dns.queries(),
            (std::vector<std::string>{std::string(kTxtName), "_mta-sts.provider.net.",
                                      "sts.provider.net"}));
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "delegated1"));
  ASSERT_EQ(w.requests(), 1U);
  EXPECT_EQ(w.https.requests().front().url, kUrl);
  EXPECT_EQ(w.https.requests().front().sni, kPolicyHost);
}

TEST(EngineDiscovery, R_3_1_10_CnameLoopBounded) {
  world w;
  w.dns.set_txt(kTxtName, txt_cname("a.example.net"));
  w.dns.set_txt("a.example.net", txt_cname("b.example.net"));
  w.dns.set_txt("b.example.net", txt_cname("a.example.net"));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events.front().code, error_code::DNS_CNAME_LOOP);
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
  EXPECT_LE(w.dns.queries().size(), static_cast<std::size_t>(w.config.max_cname_depth));
}

TEST(EngineDiscovery, R_3_1_10_CnameSelfLoopBounded) {
  world w;
  w.dns.set_txt(kTxtName, txt_cname(kTxtName));
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_CNAME_LOOP));
  EXPECT_TRUE(no_policy(r));
  EXPECT_LE(w.dns.queries().size(), static_cast<std::size_t>(w.config.max_cname_depth));
}

TEST(EngineDiscovery, R_3_1_10_CnameDepthConfigurable) {
  {
    world w;
    w.config.max_cname_depth = 2;
    w.dns.set_txt(kTxtName, txt_cname("one.example.net"));
    w.dns.set_txt("one.example.net", sts_txt("hop1"));
    w.serve_policy(enforce_body());
    EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "hop1"));
  }
  {
    world w;
    w.config.max_cname_depth = 2;
    w.dns.set_txt(kTxtName, txt_cname("one.example.net"));
    w.dns.set_txt("one.example.net", txt_cname("two.example.net"));
    w.dns.set_txt("two.example.net", sts_txt("hop2"));
    w.serve_policy(enforce_body());
    const me::lookup_result r = w.lookup();
    EXPECT_TRUE(only_event(r, error_code::DNS_CNAME_LOOP));
    EXPECT_TRUE(no_policy(r));
    EXPECT_EQ(w.dns.queries().size(), 2U);
  }
}

TEST(EngineDiscovery, R_3_1_10_CnameTargetMissing) {
  world w;
  w.dns.set_txt(kTxtName, txt_cname("gone.example.net"));
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_NXDOMAIN, "gone.example.net"));
  EXPECT_TRUE(no_policy(r));
}

TEST(EngineDiscovery, R_3_1_9_MultiStringRecordJoined) {
  world w;
  me::txt_answer a;
  a.records = {{"v=STS", "v1; id=ab", "c123"}};
  w.dns.set_txt(kTxtName, a);
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "abc123"));
}

TEST(EngineDiscovery, R_3_1_9_JoinInsertsNothing) {
  // Were a space inserted, "id=ab cd" would not parse (or give id "ab").
  world w;
  me::txt_answer a;
  a.records = {{"v=STSv1; id=ab", "cd"}};
  w.dns.set_txt(kTxtName, a);
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  ASSERT_TRUE(r.txt_id);
  EXPECT_EQ(*r.txt_id, "abcd");
}

TEST(EngineDiscovery, R_3_1_9_StringsOfDifferentRecordsNotJoined) {
  // Two records are two records (peers B8: Kumo joins all RRs), even if their
  // concatenation would parse.
  world w;
  w.dns.set_txt(kTxtName, txt_records({"v=STSv1;", "id=abc"}));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events.front().code, error_code::DISCOVERY_TXT_INVALID);
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
}

TEST(EngineDiscovery, R_3_1_7_MultipleStsRecordsNoPolicy) {
  world w;
  w.dns.set_txt(kTxtName, txt_records({"v=STSv1; id=one", "v=STSv1; id=two"}));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DISCOVERY_TXT_INVALID, "TXT_SELECT_MULTIPLE"));
  EXPECT_TRUE(no_policy(r));
  EXPECT_FALSE(r.txt_id);
  EXPECT_EQ(w.requests(), 0U);
}

TEST(EngineDiscovery, R_3_1_7_A_2_FilteredRecordThatDoesNotParseCounts) {
  // "v=STSv1;garbage" survives the prefix filter, so the count is two.
  world w;
  w.dns.set_txt(kTxtName, txt_records({"v=STSv1; id=good", "v=STSv1;garbage"}));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DISCOVERY_TXT_INVALID, "TXT_SELECT_MULTIPLE"));
  EXPECT_TRUE(no_policy(r));
}

TEST(EngineDiscovery, R_3_1_6_UnrelatedTxtIgnored) {
  // peers.md §5 M02: go-mtasts counts every TXT record and fails here.
  world w;
  w.dns.set_txt(kTxtName, txt_records({"v=spf1 -all", "v=STSv1; id=abc", "hello world"}));
  w.serve_policy(enforce_body());
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "abc"));
  EXPECT_TRUE(r.events.empty());
}

TEST(EngineDiscovery, R_3_1_6_A_1_NonLiteralPrefixDiscardedAmongSeveral) {
  world w;
  w.dns.set_txt(kTxtName, txt_records({"v=STSv1 ; id=spaced", "v=STSv1; id=exact"}));
  w.serve_policy(enforce_body());
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "exact"));
}

TEST(EngineDiscovery, R_3_1_7_InvalidRecordNoPolicy) {
  for (const char* record : {"v=STSv1; id=", "v=STSv2; id=abc", "v=STSv1; id=abc-def",
                             "V=STSv1; id=abc", "v=STSv1; id=abc;;", "v=spf1 -all"}) {
    SCOPED_TRACE(record);
    world w;
    w.dns.set_txt(kTxtName, txt_records({record}));
    w.serve_policy(enforce_body());
    const me::lookup_result r = w.lookup();
    ASSERT_EQ(r.events.size(), 1U);
    EXPECT_EQ(r.events.front().code, error_code::DISCOVERY_TXT_INVALID);
    // The detail is the parser's token.
    EXPECT_TRUE(mtasts::error_code_from_token(r.events.front().detail).has_value())
        << r.events.front().detail;
    EXPECT_TRUE(no_policy(r));
    EXPECT_EQ(w.requests(), 0U);
  }
}

TEST(EngineDiscovery, R_3_1_7_EmptyAnswerRecordIsInvalidNotNodata) {
  // One TXT record with no character-strings (an empty TXT) is an answer, but not an
  // MTA-STS record.
  world w;
  me::txt_answer a;
  a.records = {{}};
  w.dns.set_txt(kTxtName, a);
  const me::lookup_result r = w.lookup();
  ASSERT_EQ(r.events.size(), 1U);
  EXPECT_EQ(r.events.front().code, error_code::DISCOVERY_TXT_INVALID);
  EXPECT_TRUE(no_policy(r));
}

TEST(EngineDiscovery, R_3_2_P_UnknownTxtFieldsIgnored) {
  world w;
  w.dns.set_txt(kTxtName, txt_records({"v=STSv1; id=abc; ext=value; other=1"}));
  w.serve_policy(enforce_body());
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "abc"));
}

TEST(EngineDiscovery, R_3_4_2_NoParentZoneFallback) {
  world w;
  w.publish_enforce("parent");  // example.com has a policy
  const me::lookup_result r = w.lookup("mail.example.com");
  EXPECT_EQ(w.dns.queries(), std::vector<std::string>{"_mta-sts.mail.example.com"});
  EXPECT_TRUE(only_event(r, error_code::DNS_NXDOMAIN, "_mta-sts.mail.example.com"));
  EXPECT_TRUE(no_policy(r));
  EXPECT_EQ(w.requests(), 0U);
}

TEST(EngineDiscovery, R_3_4_2_SubdomainUsesItsOwnPolicyHost) {
  world w;
  w.publish_enforce("parent");
  w.publish("child", "mail.example.com");
  w.serve_policy(policy_body(policy_mode::testing, kWeek), "mail.example.com");
  const me::lookup_result r = w.lookup("mail.example.com");
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "child"));
  ASSERT_EQ(w.requests(), 1U);
  EXPECT_EQ(w.https.requests().front().url,
            "https://mta-sts.mail.example.com/.well-known/mta-sts.txt");
  EXPECT_EQ(r.in_force->policy.mode, policy_mode::testing);
}

TEST(EngineDiscovery, R_3_4_1_SmartHostDomainIsPolicyDomain) {
  // The caller passes the smart host's domain; the engine uses it for discovery and fetch.
  world w;
  w.publish("relay1", "relay.provider.net");
  w.serve_policy(policy_body(policy_mode::enforce, kWeek, {"relay.provider.net"}),
                 "relay.provider.net");
  const me::lookup_result r = w.lookup("relay.provider.net");
  EXPECT_EQ(w.dns.queries(), std::vector<std::string>{"_mta-sts.relay.provider.net"});
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "relay1"));
}

// R-3.4-3: mail to an address literal has no MTA-STS policy. The engine must not discover
// or fetch one, whatever a resolver answers for the nonsense name it would build.
TEST(EngineDiscovery, R_3_4_3_AddressLiteralHasNoPolicy) {
  for (const char* literal : {"[192.0.2.1]", "[IPv6:2001:db8::1]"}) {
    SCOPED_TRACE(literal);
    world w;
    w.publish("literal", literal);
    w.serve_policy(enforce_body(), literal);
    const me::lookup_result r = w.lookup(literal);
    EXPECT_TRUE(no_policy(r));
    EXPECT_EQ(w.requests(), 0U);
    EXPECT_TRUE(w.dns.queries().empty());
  }
}

// The Policy Domain goes into a DNS name, a URL authority and the SNI. A string that is not
// a host name (R-3.4-3 is the named case) must not turn into a request: "a@b" would put
// userinfo in the URL, "a/b" a different path, on the Policy Host's behalf.
TEST(EngineDiscovery, R_3_2_1_R_3_4_3_NonHostDomainNeverFetched) {
  for (const char* domain : {"", ".", "example.com/evil", "user@example.com", "example.com:8443",
                             "exa mple.com", "example..com"}) {
    SCOPED_TRACE(domain);
    world w;
    w.publish("x1", domain);
    w.serve_policy(enforce_body(), domain);
    const me::lookup_result r = w.lookup(domain);
    EXPECT_TRUE(no_policy(r));
    EXPECT_EQ(w.requests(), 0U);
  }
}

// RFC 8460 §3 names _smtp._tls.<domain>; a CNAME there is followed as for _mta-sts
// (RFC 1034 §3.6.2), within the same bound. Hosted reporting services are delegated so.
TEST(EngineDiscovery, R_8460_3_1_TlsRptCnameChainFollowed) {
  world w;
  w.dns.set_txt("_smtp._tls.example.com", txt_cname("example.com._tlsrpt.Reports.NET."));
  w.dns.set_txt("example.com._tlsrpt.reports.net",
                txt_records({"v=TLSRPTv1; rua=mailto:tlsrpt@reports.net"}));
  const me::engine::tlsrpt_lookup_result r = w.engine().lookup_tlsrpt(kDomain);
  EXPECT_EQ(w.dns.queries(), (std::vector<std::string>{"_smtp._tls.example.com",
                                                       "example.com._tlsrpt.reports.net."}));
  EXPECT_FALSE(r.failure);
  EXPECT_EQ(r.rua, std::vector<std::string>{"mailto:tlsrpt@reports.net"});
}

TEST(EngineDiscovery, R_8460_3_1_TlsRptCnameLoopBounded) {
  world w;
  w.dns.set_txt("_smtp._tls.example.com", txt_cname("a.example.net"));
  w.dns.set_txt("a.example.net", txt_cname("_smtp._tls.example.com"));
  const me::engine::tlsrpt_lookup_result r = w.engine().lookup_tlsrpt(kDomain);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->code, error_code::DNS_CNAME_LOOP);
  EXPECT_TRUE(r.rua.empty());
}

}  // namespace
