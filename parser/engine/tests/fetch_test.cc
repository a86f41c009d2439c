// SPDX-License-Identifier: Apache-2.0
// Engine fetch rules (RFC 8461 §3.2, §3.3, §7.1): URL and SNI, Policy Host certificate,
// HTTP status, redirects, media type, body cap, transport failures, policy parse errors,
// and no HTTP caching.
#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <string>

#include "engine_world.h"

namespace {

using namespace mtasts_engine_test;  // NOLINT(google-build-using-namespace)

// A valid enforce policy padded with an extension line to exactly `size` bytes.
std::string policy_of_size(std::size_t size) {
  std::string body = enforce_body();
  const std::string prefix = "padding: ";
  EXPECT_GE(size, body.size() + prefix.size() + 2);
  body += prefix;
  body += std::string(size - body.size() - 1, 'x');
  body += '\n';
  EXPECT_EQ(body.size(), size);
  return body;
}

// One lookup of a world whose record is valid and whose Policy Host answers `response`.
struct one_fetch {
  world w;
  me::lookup_result r;
  explicit one_fetch(me::https_response response, me::engine_config config = {}) {
    w.config = config;
    w.publish("id1");
    w.serve(std::move(response));
    r = w.lookup();
  }
};

TEST(EngineFetch, R_3_2_1_R_7_1_UrlAndSni) {
  one_fetch f(ok_response(enforce_body()));
  ASSERT_EQ(f.w.requests(), 1U);
  const me::https_request& req = f.w.https.requests().front();
  EXPECT_EQ(req.url, kUrl);
  EXPECT_EQ(req.sni, kPolicyHost);
  EXPECT_EQ(req.timeout_ms, 60000U);  // R-3.3-9: 1 minute suggested
  EXPECT_EQ(req.max_body, 65536U);    // R-3.3-9: 64 KB suggested
  EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
  EXPECT_EQ(f.r.fetches, 1);
  EXPECT_EQ(f.r.in_force->policy, enforce_policy());
  EXPECT_EQ(f.r.in_force->fetched_at, kT0);
}

// R-7.1 / RFC 6066 §3: the SNI HostName carries no trailing dot; a trailing-dot spelling
// of the Policy Domain names the same domain and the same Policy Host.
TEST(EngineFetch, R_7_1_R_3_2_1_TrailingDotDomainSameUrlAndSni) {
  world w;
  w.publish_enforce("id1");
  const me::lookup_result r = w.lookup("example.com.");
  EXPECT_TRUE(in_force(r, me::policy_source::fetched, "id1"));
  ASSERT_EQ(w.requests(), 1U);
  EXPECT_EQ(w.https.requests().front().sni, kPolicyHost);
  EXPECT_EQ(w.https.requests().front().url, kUrl);
  // ... and the cache entry is the one "example.com" uses.
  EXPECT_TRUE(in_force(w.lookup("example.com"), me::policy_source::cached, "id1"));
}

TEST(EngineFetch, R_3_3_9_TimeoutAndCapGivenToTransport) {
  me::engine_config c;
  c.fetch_timeout_ms = 5000;
  c.max_body = 4096;
  one_fetch f(ok_response(enforce_body()), c);
  ASSERT_EQ(f.w.requests(), 1U);
  EXPECT_EQ(f.w.https.requests().front().timeout_ms, 5000U);
  EXPECT_EQ(f.w.https.requests().front().max_body, 4096U);
  EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
}

TEST(EngineFetch, R_3_3_5_OnlyStatus200) {
  for (int status : {201, 203, 204, 206, 400, 403, 404, 410, 500, 502, 503}) {
    SCOPED_TRACE(status);
    one_fetch f(with_status(status));
    EXPECT_TRUE(only_event(f.r, error_code::FETCH_HTTP_STATUS, std::to_string(status)));
    EXPECT_TRUE(no_policy(f.r));
    EXPECT_FALSE(f.w.cache.get(kDomain));
    EXPECT_EQ(f.r.fetches, 1);
  }
}

TEST(EngineFetch, R_3_3_6_RedirectNotFollowed) {
  const std::string elsewhere = "https://policy.example.org/mta-sts.txt";
  for (int status : {300, 301, 302, 303, 307, 308}) {
    SCOPED_TRACE(status);
    world w;
    w.publish("id1");
    me::https_response redirect = with_status(status);
    redirect.headers.emplace_back("Location", elsewhere);
    w.serve(redirect);
    w.https.add_response(elsewhere, ok_response(enforce_body()));
    const me::lookup_result r = w.lookup();
    EXPECT_TRUE(only_event(r, error_code::FETCH_REDIRECT, std::to_string(status)));
    EXPECT_TRUE(no_policy(r));
    ASSERT_EQ(w.requests(), 1U);  // exactly one request, to the Policy Host
    EXPECT_EQ(w.https.requests().front().url, kUrl);
    EXPECT_EQ(r.fetches, 1);
  }
}

TEST(EngineFetch, R_3_2_2_A_11_TextPlainAccepted) {
  for (const char* type :
       {"text/plain", "text/plain; charset=utf-8", "text/plain;charset=us-ascii", "TEXT/PLAIN",
        "Text/Plain; Charset=UTF-8", "text/plain ; format=flowed", " text/plain"}) {
    SCOPED_TRACE(type);
    one_fetch f(with_content_type(type));
    EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
    EXPECT_TRUE(f.r.events.empty());
  }
}

TEST(EngineFetch, R_3_2_2_HeaderNameCaseInsensitive) {
  me::https_response resp = ok_response(enforce_body());
  resp.headers = {{"Server", "x"}, {"content-TYPE", "text/plain"}};
  one_fetch f(resp);
  EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
}

TEST(EngineFetch, R_3_2_2_OtherMediaTypeRejected) {
  for (const char* type : {"text/html", "text/html; charset=utf-8", "application/octet-stream",
                           "text/plainx", "text/plain-ish", "text", ""}) {
    SCOPED_TRACE(type);
    one_fetch f(with_content_type(type));
    EXPECT_TRUE(only_event(f.r, error_code::FETCH_CONTENT_TYPE, type));
    EXPECT_TRUE(no_policy(f.r));
    EXPECT_FALSE(f.w.cache.get(kDomain));
  }
}

TEST(EngineFetch, R_3_2_2_MissingContentTypeRejected) {
  one_fetch f(with_content_type(std::nullopt));
  EXPECT_TRUE(only_event(f.r, error_code::FETCH_CONTENT_TYPE, ""));
  EXPECT_TRUE(no_policy(f.r));
}

TEST(EngineFetch, R_3_2_2_A_11_CheckCanBeRelaxed) {
  me::engine_config c;
  c.require_text_plain = false;  // the check is a SHOULD
  for (std::optional<std::string> type :
       {std::optional<std::string>("text/html"), std::optional<std::string>(),
        std::optional<std::string>("application/octet-stream")}) {
    SCOPED_TRACE(type.value_or("(none)"));
    one_fetch f(with_content_type(type), c);
    EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
    EXPECT_TRUE(f.r.events.empty());
  }
}

TEST(EngineFetch, R_3_3_9_A_10_BodyAtCapAccepted) {
  one_fetch f(ok_response(policy_of_size(65536)));
  EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
  EXPECT_TRUE(f.r.events.empty());
}

TEST(EngineFetch, R_3_3_9_A_10_BodyOverCapRejected) {
  one_fetch f(ok_response(policy_of_size(65537)));
  // The replay transport stops reading at max_body + 1.
  EXPECT_TRUE(only_event(f.r, error_code::FETCH_TOO_LARGE, "65537"));
  EXPECT_TRUE(no_policy(f.r));
  EXPECT_FALSE(f.w.cache.get(kDomain));
}

TEST(EngineFetch, R_3_3_9_A_10_BodyCapConfigurable) {
  me::engine_config c;
  c.max_body = 300;
  {
    one_fetch f(ok_response(policy_of_size(300)), c);
    EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
  }
  {
    one_fetch f(ok_response(policy_of_size(301)), c);
    EXPECT_TRUE(only_event(f.r, error_code::FETCH_TOO_LARGE, "301"));
    EXPECT_TRUE(no_policy(f.r));
  }
  {
    c.max_body = 200000;  // a larger cap admits a body over 64 KiB
    one_fetch f(ok_response(policy_of_size(100000)), c);
    EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
  }
}

TEST(EngineFetch, R_3_3_9_TruncatedByTransportRejected) {
  // A transport that reports it stopped reading, even with a short body in hand.
  me::https_response resp = ok_response(enforce_body());
  resp.body_truncated = true;
  one_fetch f(resp);
  ASSERT_EQ(f.r.events.size(), 1U);
  EXPECT_EQ(f.r.events.front().code, error_code::FETCH_TOO_LARGE);
  EXPECT_TRUE(no_policy(f.r));
}

TEST(EngineFetch, R_3_3_9_TransportFailuresAreResults) {
  const struct {
    me::transport_status status;
    error_code code;
  } cases[] = {
      {me::transport_status::timeout, error_code::FETCH_TIMEOUT},
      {me::transport_status::connect_error, error_code::FETCH_CONNECT},
      {me::transport_status::tls_error, error_code::FETCH_TLS},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(mtasts::token(c.code));
    one_fetch f(transport_failure(c.status));
    EXPECT_TRUE(only_event(f.r, c.code, kPolicyHost));
    EXPECT_TRUE(no_policy(f.r));
    EXPECT_EQ(f.r.fetches, 1);
    EXPECT_EQ(f.w.requests(), 1U);
  }
}

TEST(EngineFetch, R_3_3_1_PolicyHostCertificateVerifiedForPolicyHost) {
  one_fetch f(ok_response(enforce_body()));
  ASSERT_EQ(f.w.x509.calls().size(), 1U);
  const auto& call = f.w.x509.calls().front();
  EXPECT_EQ(call.leaf, kPolicyLeaf);
  EXPECT_EQ(call.host, kPolicyHost);                 // DNS-ID mta-sts.<domain>
  EXPECT_EQ(call.rule, me::name_rule::policy_host);  // R-3.3-3: whole-label wildcard only
  EXPECT_EQ(call.at, kT0);                           // not expired now
}

TEST(EngineFetch, R_3_3_1_CertificateFailuresViaX509Port) {
  const struct {
    me::cert_status status;
    error_code code;
  } cases[] = {
      {me::cert_status::expired, error_code::FETCH_CERT_EXPIRED},
      {me::cert_status::not_yet_valid, error_code::FETCH_CERT_NOT_YET_VALID},
      {me::cert_status::untrusted, error_code::FETCH_CERT_UNTRUSTED},
      {me::cert_status::name_mismatch, error_code::FETCH_CERT_NAME_MISMATCH},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(mtasts::token(c.code));
    world w;
    w.x509_answers.set(kPolicyLeaf, kPolicyHost, c.status);
    w.publish_enforce("id1");  // a perfectly good body behind a bad certificate
    const me::lookup_result r = w.lookup();
    EXPECT_TRUE(only_event(r, c.code, kPolicyHost));
    EXPECT_TRUE(no_policy(r));
    EXPECT_FALSE(w.cache.get(kDomain));
  }
}

TEST(EngineFetch, R_3_3_1_CertificateFailuresViaTransportVerdict) {
  const struct {
    me::cert_status status;
    error_code code;
  } cases[] = {
      {me::cert_status::expired, error_code::FETCH_CERT_EXPIRED},
      {me::cert_status::not_yet_valid, error_code::FETCH_CERT_NOT_YET_VALID},
      {me::cert_status::untrusted, error_code::FETCH_CERT_UNTRUSTED},
      {me::cert_status::name_mismatch, error_code::FETCH_CERT_NAME_MISMATCH},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(mtasts::token(c.code));
    me::https_response resp = ok_response(enforce_body());
    resp.chain.reset();
    resp.transport_verified = c.status;
    one_fetch f(resp);
    EXPECT_TRUE(only_event(f.r, c.code, kPolicyHost));
    EXPECT_TRUE(no_policy(f.r));
  }
  me::https_response resp = ok_response(enforce_body());
  resp.chain.reset();
  resp.transport_verified = me::cert_status::valid;
  one_fetch ok(resp);
  EXPECT_TRUE(in_force(ok.r, me::policy_source::fetched, "id1"));
  EXPECT_TRUE(ok.w.x509.calls().empty());
}

TEST(EngineFetch, R_3_3_1_NoCertificateIsAFailure) {
  me::https_response resp = ok_response(enforce_body());
  resp.chain.reset();
  one_fetch f(resp);
  ASSERT_EQ(f.r.events.size(), 1U);
  EXPECT_EQ(f.r.events.front().code, error_code::FETCH_TLS);
  EXPECT_TRUE(no_policy(f.r));
}

TEST(EngineFetch, R_3_3_1_EmptyChainIsUntrusted) {
  me::https_response resp = ok_response(enforce_body());
  resp.chain = me::cert_chain{};
  one_fetch f(resp);
  EXPECT_TRUE(only_event(f.r, error_code::FETCH_CERT_UNTRUSTED, kPolicyHost));
  EXPECT_TRUE(no_policy(f.r));
}

TEST(EngineFetch, R_3_2_8_PolicyInvalidCarriesParseToken) {
  const struct {
    const char* body;
    const char* token;
  } cases[] = {
      {"version: STSv1\nmax_age: 86400\nmx: mail.example.com\n", "POLICY_MODE_MISSING"},
      {"version: STSv1\nmode: enforce\nmax_age: 86400\n", "POLICY_MX_MISSING"},
      {"version: STSv1\nmode: Enforce\nmax_age: 86400\nmx: mail.example.com\n",
       "POLICY_MODE_VALUE"},
      {"version: STSv1\nmode: enforce\nmax_age: 31557601\nmx: mail.example.com\n",
       "POLICY_MAX_AGE_RANGE"},
      {"", "POLICY_EMPTY"},
      {"<html>not found</html>", "POLICY_NAME_SYNTAX"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    one_fetch f(ok_response(c.body));
    EXPECT_TRUE(only_event(f.r, error_code::FETCH_POLICY_INVALID, c.token));
    EXPECT_TRUE(no_policy(f.r));
    EXPECT_FALSE(f.w.cache.get(kDomain));
  }
}

TEST(EngineFetch, R_3_2_8_ModeNoneNeedsNoMx) {
  one_fetch f(ok_response("version: STSv1\nmode: none\nmax_age: 86400\n"));
  EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
  EXPECT_EQ(f.r.in_force->policy.mode, policy_mode::none);
}

TEST(EngineFetch, R_3_2_9_UnknownPolicyFieldsIgnored) {
  one_fetch f(ok_response(enforce_body() + "future_field: some value\n"));
  EXPECT_TRUE(in_force(f.r, me::policy_source::fetched, "id1"));
}

// R-3.3-7: no HTTP caching. Cache headers are ignored: a changed id and a refresh each go
// to the Policy Host, and the new body is what applies.
TEST(EngineFetch, R_3_3_7_NoHttpCaching) {
  world w;
  w.publish("id1");
  me::https_response first = ok_response(enforce_body());
  first.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
  first.headers.emplace_back("ETag", "\"v1\"");
  first.headers.emplace_back("Expires", "Thu, 01 Jan 2099 00:00:00 GMT");
  w.serve(first);
  w.serve_policy(policy_body(policy_mode::testing, kWeek));
  w.serve_policy(policy_body(policy_mode::none, kWeek, {}));
  EXPECT_TRUE(in_force(w.lookup(), me::policy_source::fetched, "id1"));
  w.clock.advance(10);
  w.publish("id2");
  const me::lookup_result second = w.lookup();
  EXPECT_TRUE(in_force(second, me::policy_source::fetched, "id2"));
  EXPECT_EQ(second.in_force->policy.mode, policy_mode::testing);
  w.clock.advance(10);
  const me::lookup_result third = w.refresh();
  EXPECT_TRUE(in_force(third, me::policy_source::fetched, "id2"));
  EXPECT_EQ(third.in_force->policy.mode, policy_mode::none);
  EXPECT_EQ(w.requests(), 3U);
}

}  // namespace
