// SPDX-License-Identifier: Apache-2.0
// Engine cache and refresh (RFC 8461 §3.1, §3.2, §3.3, §5.1, §8.3, §10.2): id changes,
// expiry, fetch back-off, fallback to an unexpired cached policy, mode none, proactive
// refresh and alerts.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "engine_world.h"

namespace {

using namespace mtasts_engine_test;  // NOLINT(google-build-using-namespace)

// --- R-3.3-8: back-off after a failed fetch ------------------------------------------------

TEST(EngineCache, R_3_3_8_NoRetryOfSameIdWithinFiveMinutes) {
  world w;
  w.publish("id1");
  w.serve(transport_failure(me::transport_status::connect_error));
  w.serve_policy(enforce_body());
  const me::lookup_result failed = w.lookup();
  EXPECT_TRUE(only_event(failed, error_code::FETCH_CONNECT));
  EXPECT_TRUE(no_policy(failed));
  ASSERT_TRUE(w.cache.failed_fetch(kDomain, "id1"));
  EXPECT_EQ(*w.cache.failed_fetch(kDomain, "id1"), kT0);

  w.clock.set(kT0 + 299);
  const me::lookup_result held = w.lookup();
  EXPECT_TRUE(only_event(held, error_code::FETCH_BACKOFF, "id1"));
  EXPECT_TRUE(no_policy(held));
  EXPECT_EQ(held.fetches, 0);
  EXPECT_EQ(w.requests(), 1U);

  w.clock.set(kT0 + 300);
  const me::lookup_result retried = w.lookup();
  EXPECT_EQ(retried.fetches, 1);
  EXPECT_EQ(w.requests(), 2U);
  EXPECT_TRUE(in_force(retried, me::policy_source::fetched, "id1"));
  EXPECT_FALSE(w.cache.failed_fetch(kDomain, "id1"));  // success clears the failure
}

TEST(EngineCache, R_3_3_8_NewIdFetchedAtOnce) {
  world w;
  w.publish("id1");
  w.serve(with_status(503));
  w.serve_policy(enforce_body());
  EXPECT_TRUE(only_event(w.lookup(), error_code::FETCH_HTTP_STATUS, "503"));
  w.clock.advance(5);
  w.publish("id2");
  const me::lookup_result r = w.lookup();
  EXPECT_EQ(r.fetches, 1);
  EXPECT_EQ(w.requests(), 2U);
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id2"));
}

// R-3.3-8 is per id: while DNS answers flap between two ids during a change (secondaries
// not yet in sync), each id's failure still holds back a refetch of that id.
TEST(EngineCache, R_3_3_8_BackoffRemembersEachId) {
  world w;
  w.serve(transport_failure(me::transport_status::connect_error));
  w.publish("idA");
  EXPECT_EQ(w.lookup().fetches, 1);
  w.clock.advance(10);
  w.publish("idB");
  EXPECT_EQ(w.lookup().fetches, 1);
  w.clock.advance(10);
  w.publish("idA");
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::FETCH_BACKOFF, "idA"));
  EXPECT_EQ(r.fetches, 0);
  EXPECT_EQ(w.requests(), 2U);
}

TEST(EngineCache, R_3_3_8_BackoffConfigurable) {
  world w;
  w.config.failed_fetch_backoff = 60;
  w.publish("id1");
  w.serve(transport_failure(me::transport_status::timeout));
  w.serve_policy(enforce_body());
  EXPECT_TRUE(no_policy(w.lookup()));
  w.clock.set(kT0 + 59);
  EXPECT_TRUE(only_event(w.lookup(), error_code::FETCH_BACKOFF, "id1"));
  w.clock.set(kT0 + 60);
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  EXPECT_EQ(w.requests(), 2U);
}

TEST(EngineCache, R_3_3_8_R_3_3_11_BackoffKeepsUnexpiredCache) {
  world w;
  w.seed_cache("old", enforce_policy(), kT0 - 100);
  w.publish("new");
  w.serve(transport_failure(me::transport_status::connect_error));
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::cached, "old"));
  w.clock.advance(100);
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::FETCH_BACKOFF, "new"));
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "old"));
  EXPECT_EQ(w.requests(), 1U);
}

// --- R-3.3-10 / R-3.3-11: fetch failures with and without a cache ---------------------------

TEST(EngineCache, R_3_3_10_FetchFailsNoCacheNoPolicy) {
  // peers B5: go-mtasts returns a nil policy here and maddy dereferences it.
  world w;
  w.publish("id1");
  w.serve(transport_failure(me::transport_status::connect_error));
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(no_policy(r));
  ASSERT_TRUE(r.txt_id);
  EXPECT_EQ(*r.txt_id, "id1");
  EXPECT_FALSE(r.alert);
  const me::delivery_plan plan =
      w.engine().decide(r, {mx_with_cert(w, "evil.example.org", me::cert_status::untrusted)});
  EXPECT_FALSE(plan.mode);
  ASSERT_EQ(plan.mx.size(), 1U);
  EXPECT_EQ(plan.mx.front().action, me::mx_action::deliver);
  EXPECT_FALSE(plan.mx.front().report);
  EXPECT_FALSE(plan.temporary_failure);
}

// peers B2: mailauth <= 6 drops a valid cached enforce policy when the Policy Host is
// unreachable (a downgrade).
TEST(EngineCache, R_3_3_11_FetchFailsUnexpiredCacheApplies) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body());
  w.serve(transport_failure(me::transport_status::timeout));
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  w.clock.set(kT0 + 86400);
  const me::lookup_result r = w.refresh();
  EXPECT_TRUE(only_event(r, error_code::FETCH_TIMEOUT));
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_TRUE(r.active());
  EXPECT_EQ(r.in_force->fetched_at, kT0);
}

// The id changed, the fetch fails: the old unexpired policy stays in force. Stalwart and
// KumoMTA drop it in this case (peers.md §2, Cache row; §6 B7/B8), mailauth <= 6 too (B2).
TEST(EngineCache, R_3_3_11_ChangedIdFetchFailsKeepsOldPolicy) {
  world w;
  w.seed_cache("id1", enforce_policy(), kT0 - 3600);
  w.publish("id2");
  w.serve(with_status(404));
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::FETCH_HTTP_STATUS, "404"));
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  ASSERT_TRUE(r.txt_id);
  EXPECT_EQ(*r.txt_id, "id2");
  EXPECT_TRUE(r.active());
  ASSERT_TRUE(w.cache.get(kDomain));
  EXPECT_EQ(w.cache.get(kDomain)->id, "id1");
  EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0 - 3600);
}

TEST(EngineCache, R_3_3_11_EveryFetchFailureKeepsCache) {
  const me::https_response failures[] = {
      transport_failure(me::transport_status::connect_error),
      transport_failure(me::transport_status::tls_error),
      transport_failure(me::transport_status::timeout),
      with_status(301),
      with_status(500),
      with_content_type("text/html"),
      ok_response("version: STSv1\nmode: enforce\n"),
      ok_response(std::string(70000, 'x')),
  };
  for (const me::https_response& failure : failures) {
    SCOPED_TRACE(failure.status);
    world w;
    w.seed_cache("id1", enforce_policy(), kT0 - 10);
    w.publish("id2");
    w.serve(failure);
    const me::lookup_result r = w.lookup();
    ASSERT_EQ(r.events.size(), 1U);
    EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
    EXPECT_EQ(w.cache.get(kDomain)->id, "id1");
  }
}

TEST(EngineCache, R_3_3_11_CertificateFailureKeepsCache) {
  world w;
  w.seed_cache("id1", enforce_policy(), kT0 - 10);
  w.publish_enforce("id2");
  w.x509_answers.set(kPolicyLeaf, kPolicyHost, me::cert_status::name_mismatch);
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::FETCH_CERT_NAME_MISMATCH));
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
}

// --- R-3.1-8: a missing or unusable TXT record never evicts ----------------------------------

TEST(EngineCache, R_3_1_8_TxtNxdomainKeepsCache) {
  world w;
  w.publish_enforce("id1");
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::nxdomain));
  w.clock.advance(3600);
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(only_event(r, error_code::DNS_NXDOMAIN));
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_TRUE(r.active());
  EXPECT_EQ(r.fetches, 0);
  ASSERT_TRUE(w.cache.get(kDomain));
  EXPECT_EQ(w.cache.get(kDomain)->id, "id1");
  EXPECT_EQ(w.requests(), 1U);
}

TEST(EngineCache, R_3_1_8_AnyDiscoveryFailureKeepsCache) {
  const me::txt_answer answers[] = {
      txt_status(me::dns_status::nxdomain),
      me::txt_answer{},  // NODATA
      txt_status(me::dns_status::servfail),
      txt_status(me::dns_status::timeout),
      txt_records({"v=STSv1; id=a", "v=STSv1; id=b"}),  // R-3.1-7: several records
      txt_records({"v=STSv1; id=bad-id!"}),             // does not parse
      txt_cname("_mta-sts.example.com"),                // loops
  };
  for (const me::txt_answer& answer : answers) {
    world w;
    w.seed_cache("id1", enforce_policy(), kT0 - 100);
    w.dns.set_txt(kTxtName, answer);
    w.serve_policy(policy_body(policy_mode::none, kWeek, {}));
    const me::lookup_result r = w.lookup();
    ASSERT_EQ(r.events.size(), 1U);
    SCOPED_TRACE(mtasts::token(r.events.front().code));
    EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
    EXPECT_FALSE(r.txt_id);
    EXPECT_EQ(w.requests(), 0U);
    EXPECT_TRUE(w.cache.get(kDomain));
  }
}

// --- an expired cached policy is never in force -----------------------------------------

TEST(EngineCache, A_13_ExpiredCacheNotInForceWhenFetchFails) {
  world w;
  w.seed_cache("id1", enforce_policy(86400), kT0);
  w.publish("id1");
  w.serve(transport_failure(me::transport_status::connect_error));
  w.clock.set(kT0 + 86401);
  const me::lookup_result r = w.lookup();
  EXPECT_EQ(r.fetches, 1);  // expired: the same id is fetched again
  EXPECT_TRUE(only_event(r, error_code::FETCH_CONNECT));
  EXPECT_TRUE(no_policy(r));
  EXPECT_TRUE(r.alert);  // a failed refresh of an enforce policy (R-3.3-12), expired or not
}

TEST(EngineCache, A_13_ExpiredCacheNotInForceWhenTxtFails) {
  for (me::dns_status status :
       {me::dns_status::nxdomain, me::dns_status::servfail, me::dns_status::timeout}) {
    world w;
    w.seed_cache("id1", enforce_policy(86400), kT0);
    w.dns.set_txt(kTxtName, txt_status(status));
    w.clock.set(kT0 + 86401);
    EXPECT_TRUE(no_policy(w.lookup()));
  }
}

TEST(EngineCache, R_3_2_5_InForceUpToMaxAgeInclusive) {
  world w;
  w.seed_cache("id1", enforce_policy(86400), kT0);
  w.publish("id1");
  w.clock.set(kT0 + 86400);  // age == max_age: "no longer than max_age"
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_EQ(w.requests(), 0U);
  w.clock.set(kT0 + 86401);
  w.serve_policy(enforce_body(86400));
  const me::lookup_result again = w.lookup();
  EXPECT_TRUE(in_force(again, me::policy_source::fetched, "id1"));
  EXPECT_EQ(again.in_force->fetched_at, kT0 + 86401);
}

TEST(EngineCache, A_13_CacheFromTheFutureNotInForce) {
  // A clock that went backwards: age is negative, the entry is not trusted.
  world w;
  w.seed_cache("id1", enforce_policy(), kT0 + 1000);
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::servfail));
  EXPECT_TRUE(no_policy(w.lookup()));
}

// peers B2: mailauth <= 6 extends an expired entry without a fetch when the id is the same.
TEST(EngineCache, A_13_A_21_ExpiredSameIdIsRefetchedNotRenewed) {
  world w;
  w.seed_cache("id1", enforce_policy(1000), kT0);
  w.publish("id1");
  w.serve_policy(policy_body(policy_mode::testing, 2000));
  w.clock.set(kT0 + 1001);
  const me::lookup_result r = w.lookup();
  EXPECT_EQ(r.fetches, 1);
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  EXPECT_EQ(r.in_force->policy.mode, policy_mode::testing);
}

TEST(EngineCache, A_13_MaxAgeZero) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body(0));
  w.serve(transport_failure(me::transport_status::connect_error));
  const me::lookup_result first = w.lookup();
  // In force for the lookup that fetched it (the engine's choice for A-13) ...
  EXPECT_TRUE(in_force(first, me::policy_source::fetched, "id1"));
  EXPECT_TRUE(first.active());
  // ... and expired a second later: the same id is fetched again.
  w.clock.advance(1);
  const me::lookup_result second = w.lookup();
  EXPECT_EQ(second.fetches, 1);
  EXPECT_TRUE(only_event(second, error_code::FETCH_CONNECT));
  EXPECT_TRUE(no_policy(second));
  EXPECT_EQ(w.requests(), 2U);
}

// --- R-3.2-5, A-21: the id and max_age ----------------------------------------------------

TEST(EngineCache, R_3_2_5_SameIdUnexpiredNoFetch) {
  world w;
  w.publish_enforce("id1");
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  w.clock.advance(3600);
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_EQ(r.fetches, 0);
  EXPECT_TRUE(r.events.empty());
  EXPECT_EQ(w.requests(), 1U);
}

// peers B9: postfix-tlspol ignores id changes until max_age runs out.
TEST(EngineCache, R_3_2_5_ChangedIdFetchesAndReplaces) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body(10000));
  w.serve_policy(policy_body(policy_mode::testing, 10000, {"mx2.example.com"}));
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  w.clock.set(kT0 + 9000);
  w.publish("id2");
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id2"));
  EXPECT_EQ(r.in_force->policy.mode, policy_mode::testing);
  ASSERT_TRUE(w.cache.get(kDomain));
  EXPECT_EQ(w.cache.get(kDomain)->id, "id2");
  EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0 + 9000);  // max_age restarts here
  // Past the old policy's expiry but within the new one's: still cached, no fetch.
  w.clock.set(kT0 + 15000);
  const me::lookup_result later = w.lookup();
  EXPECT_TRUE(in_force(later, me::policy_source::cached, "id2"));
  EXPECT_EQ(w.requests(), 2U);
  w.clock.set(kT0 + 19001);
  EXPECT_EQ(w.lookup().fetches, 1);
}

TEST(EngineCache, A_21_SameIdTxtCheckDoesNotRestartMaxAge) {
  world w;
  w.publish_enforce("id1", 1000);
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  for (me::unix_seconds t : {100, 500, 999, 1000}) {
    w.clock.set(kT0 + t);
    EXPECT_TRUE(in_force(w.lookup(), me::policy_source::cached, "id1"));
    EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0);
  }
  EXPECT_EQ(w.requests(), 1U);
  w.clock.set(kT0 + 1001);
  EXPECT_EQ(w.lookup().fetches, 1);
}

TEST(EngineCache, R_3_2_5_IdComparisonIsExact) {
  // Ids are compared for equality only (R-3.1-4); "ID1" is another id.
  world w;
  w.publish_enforce("id1");
  w.lookup();
  w.publish("ID1");
  const me::lookup_result r = w.lookup();
  EXPECT_EQ(r.fetches, 1);
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "ID1"));
}

// --- A-23, §8.3: mode none ------------------------------------------------------------------

TEST(EngineCache, A_23_ModeNoneIsCachedButInactive) {
  world w;
  w.publish("none1");
  w.serve_policy(policy_body(policy_mode::none, kWeek, {}));
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "none1"));
  EXPECT_EQ(r.in_force->policy.mode, policy_mode::none);
  EXPECT_FALSE(r.active());
  ASSERT_TRUE(w.cache.get(kDomain));
  EXPECT_EQ(w.cache.get(kDomain)->policy.mode, policy_mode::none);
  w.clock.advance(60);
  const me::lookup_result again = w.lookup();
  EXPECT_TRUE(in_force(again, me::policy_source::cached, "none1"));
  EXPECT_FALSE(again.active());
  EXPECT_EQ(w.requests(), 1U);
}

TEST(EngineCache, A_23_WithdrawalReplacesEnforce) {
  // §8.3: publish mode none with a short max_age, then change the id.
  world w;
  w.seed_cache("id1", enforce_policy(), kT0 - 100);
  w.publish("withdraw");
  w.serve_policy(policy_body(policy_mode::none, 300, {}));
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "withdraw"));
  EXPECT_FALSE(r.active());
  EXPECT_EQ(w.cache.get(kDomain)->id, "withdraw");
  const me::delivery_plan plan =
      w.engine().decide(r, {mx_with_cert(w, "other.example.org", me::cert_status::expired)});
  ASSERT_EQ(plan.mx.size(), 1U);
  EXPECT_EQ(plan.mx.front().action, me::mx_action::deliver);
  EXPECT_FALSE(plan.mx.front().report);
}

// --- R-3.3-12, §10.2: proactive refresh --------------------------------------------------------

TEST(EngineCache, R_3_3_12_RefreshDueAfterInterval) {
  world w;
  EXPECT_FALSE(w.engine().refresh_due(kDomain));  // nothing cached
  w.publish_enforce("id1", kWeek);
  w.lookup();
  EXPECT_FALSE(w.engine().refresh_due(kDomain));
  w.clock.set(kT0 + 86399);
  EXPECT_FALSE(w.engine().refresh_due(kDomain));
  w.clock.set(kT0 + 86400);
  EXPECT_TRUE(w.engine().refresh_due(kDomain));
  EXPECT_TRUE(w.engine().refresh_due("EXAMPLE.COM"));
}

TEST(EngineCache, R_3_3_12_RefreshIntervalConfigurable) {
  world w;
  w.config.refresh_interval = 3600;
  w.publish_enforce("id1", kWeek);
  w.lookup();
  w.clock.set(kT0 + 3599);
  EXPECT_FALSE(w.engine().refresh_due(kDomain));
  w.clock.set(kT0 + 3600);
  EXPECT_TRUE(w.engine().refresh_due(kDomain));
}

TEST(EngineCache, R_3_3_12_RefreshDueWellBeforeExpiry) {
  // §10.2: a max_age shorter than the interval still gets refreshed before it expires.
  world w;
  w.publish_enforce("id1", 3600);
  w.lookup();
  w.clock.set(kT0 + 3599);
  EXPECT_TRUE(w.engine().refresh_due(kDomain));
}

TEST(EngineCache, R_3_3_12_RefreshRefetchesSameId) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body());
  w.serve_policy(policy_body(policy_mode::enforce, kWeek, {"mx9.example.com"}));
  w.lookup();
  w.clock.set(kT0 + 86400);
  const me::lookup_result r = w.refresh();
  EXPECT_EQ(r.fetches, 1);
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  EXPECT_EQ(r.in_force->policy.mx, std::vector<std::string>{"mx9.example.com"});
  EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0 + 86400);
  EXPECT_FALSE(r.alert);
  EXPECT_FALSE(w.engine().refresh_due(kDomain));
}

TEST(EngineCache, R_3_3_12_SuccessfulRefreshRestartsMaxAge) {
  world w;
  w.publish_enforce("id1", 1000);
  w.lookup();
  w.clock.set(kT0 + 900);
  EXPECT_EQ(w.refresh().fetches, 1);
  w.clock.set(kT0 + 1500);  // past the first fetch's expiry, within the refresh's
  const me::lookup_result r = w.lookup();
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_EQ(r.fetches, 0);
  EXPECT_EQ(r.in_force->fetched_at, kT0 + 900);
}

TEST(EngineCache, R_3_3_12_FailedRefreshAlertsAndKeepsCache) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body());
  w.serve(transport_failure(me::transport_status::connect_error));
  w.lookup();
  w.clock.set(kT0 + 86400);
  const me::lookup_result r = w.refresh();
  EXPECT_TRUE(only_event(r, error_code::FETCH_CONNECT));
  EXPECT_TRUE(r.alert);
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0);  // not restarted by a failure
  EXPECT_TRUE(w.engine().refresh_due(kDomain));
}

// R-3.3-12, §10.2: the cached enforce policy has expired (it no longer applies, A-13) and the
// fetch that would renew it fails. That is a failed refresh like any other, and the one
// where the domain's protection has just lapsed; it alerts, on a lookup as on a refresh.
TEST(EngineCache, R_3_3_12_FailedRefreshOfExpiredEnforceAlerts) {
  for (const bool background : {false, true}) {
    SCOPED_TRACE(background ? "refresh" : "lookup");
    world w;
    w.publish("id1");
    w.serve_policy(enforce_body());
    w.serve(transport_failure(me::transport_status::connect_error));
    w.lookup();
    const auto max_age = static_cast<me::unix_seconds>(w.cache.get(kDomain)->policy.max_age);
    w.clock.set(kT0 + max_age + 1);
    const me::lookup_result r = background ? w.refresh() : w.lookup();
    EXPECT_TRUE(only_event(r, error_code::FETCH_CONNECT));
    EXPECT_FALSE(r.in_force);
    EXPECT_FALSE(r.active());
    EXPECT_TRUE(r.alert);
  }
}

TEST(EngineCache, R_3_3_12_RefreshWithoutTxtAlertsAndKeepsCache) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body());
  w.serve(transport_failure(me::transport_status::connect_error));
  w.lookup();
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::servfail));
  w.clock.set(kT0 + 86400);
  const me::lookup_result r = w.refresh();
  ASSERT_FALSE(r.events.empty());
  EXPECT_EQ(r.events.front().code, error_code::DNS_SERVFAIL);
  EXPECT_TRUE(r.alert);
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0);
}

// §10.2: the background refresh fetches "currently live policy ... regardless of the state
// of the _mta-sts TXT record, and updat[es] their cache's max age accordingly", so that an
// attacker who blocks the TXT lookup must do so for the whole max_age. A refresh that gives
// up when discovery fails lets blocked DNS run the cached policy out (a downgrade).
TEST(EngineCache, R_3_3_12_S10_2_RefreshFetchesRegardlessOfTxt) {
  const me::txt_answer blocked[] = {
      txt_status(me::dns_status::servfail),
      txt_status(me::dns_status::timeout),
      txt_status(me::dns_status::nxdomain),
  };
  for (const me::txt_answer& answer : blocked) {
    SCOPED_TRACE(static_cast<int>(answer.status));
    world w;
    w.publish_enforce("id1", kWeek);
    w.lookup();
    w.dns.set_txt(kTxtName, answer);
    w.clock.set(kT0 + 86400);
    const me::lookup_result r = w.refresh();
    EXPECT_EQ(w.requests(), 2U);
    EXPECT_EQ(r.fetches, 1);
    ASSERT_TRUE(r.in_force);
    EXPECT_EQ(r.in_force->policy.mode, policy_mode::enforce);
    ASSERT_TRUE(w.cache.get(kDomain));
    EXPECT_EQ(w.cache.get(kDomain)->fetched_at, kT0 + 86400);  // max_age restarted
    // A week after the first fetch, the refreshed policy is still in force.
    w.clock.set(kT0 + static_cast<me::unix_seconds>(kWeek) + 1);
    EXPECT_TRUE(w.lookup().active());
  }
}

TEST(EngineCache, R_3_3_12_A_23_FailedRefreshOfModeNoneNoAlert) {
  world w;
  w.publish("none1");
  w.serve_policy(policy_body(policy_mode::none, kWeek, {}));
  w.serve(transport_failure(me::transport_status::timeout));
  w.lookup();
  w.clock.set(kT0 + 86400);
  const me::lookup_result r = w.refresh();
  EXPECT_TRUE(only_event(r, error_code::FETCH_TIMEOUT));
  EXPECT_FALSE(r.alert);
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "none1"));
  w.dns.set_txt(kTxtName, txt_status(me::dns_status::nxdomain));
  EXPECT_FALSE(w.refresh().alert);
}

TEST(EngineCache, R_3_3_12_RefreshOfUncachedDomainFetches) {
  world w;
  w.publish_enforce("id1");
  const me::lookup_result r = w.refresh();
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  EXPECT_FALSE(r.alert);
}

TEST(EngineCache, R_3_3_12_R_3_3_8_RefreshHonoursBackoff) {
  world w;
  w.publish("id1");
  w.serve_policy(enforce_body());
  w.serve(transport_failure(me::transport_status::connect_error));
  w.lookup();
  w.clock.set(kT0 + 86400);
  EXPECT_TRUE(w.refresh().alert);
  w.clock.advance(60);
  const me::lookup_result r = w.refresh();
  EXPECT_TRUE(only_event(r, error_code::FETCH_BACKOFF, "id1"));
  EXPECT_TRUE(in_force(r, me::policy_source::cached, "id1"));
  EXPECT_EQ(w.requests(), 2U);
}

TEST(EngineCache, R_3_3_11_LookupsAreIndependentPerDomain) {
  world w;
  w.publish_enforce("a1");
  w.publish("b1", "example.org");
  w.serve(transport_failure(me::transport_status::connect_error), "example.org");
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "a1"));
  EXPECT_TRUE(no_policy(w.lookup("example.org")));
  EXPECT_FALSE(w.cache.get("example.org"));
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::cached, "a1"));
}

}  // namespace
