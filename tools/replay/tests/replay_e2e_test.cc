// SPDX-License-Identifier: Apache-2.0
// `mtasts replay-serve` end to end: each test serves one shipped fixture test on free loopback
// ports and checks, with real clients, that what they receive is what the fixture records.
#include <gtest/gtest.h>
// ldns/common.h defines `bool` as a macro unless stdbool.h came first (clang breaks on it).
#include <stdbool.h>  // NOLINT(modernize-deprecated-headers)
// clang-format off
#include <ldns/ldns.h>
// clang-format on
#include <openssl/x509_vfy.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "replay_clients.h"
#include "replay_process.h"

namespace mtasts::replay_test {
namespace {

const std::string ca_file = std::string(MTASTS_SOURCE_DIR) + "/fixtures/certs/root-ca.pem";
const std::string policy_target = "/.well-known/mta-sts.txt";

// The _mta-sts TXT question every discovery test starts with.
dns_answer ask_mta_sts_txt(const replay_process& p, bool tcp = false) {
  return dns_query(p.dns_port, "_mta-sts.example.com", LDNS_RR_TYPE_TXT, tcp);
}

bool has_event(const std::vector<json>& lines, const json& want) {
  for (const json& l : lines) {
    if (l == want) return true;
  }
  return false;
}

TEST(ReplayServe, ReadyFileNamesEveryEndpoint) {
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/redirect-not-followed");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const json& r = p.ready();
  // Asked for port 0, it names the ports it bound. This test has no MX host: still a port a
  // client can be given, where a connection is refused.
  EXPECT_NE(p.dns_port, 0);
  EXPECT_NE(p.https_port, 0);
  EXPECT_NE(p.smtp_port, 0);
  EXPECT_TRUE(smtp_dialogue("127.0.1.1", p.smtp_port, "mx1.example.com", ca_file).banner.empty());
  EXPECT_TRUE(ask_mta_sts_txt(p, false).answered);
  EXPECT_TRUE(ask_mta_sts_txt(p, true).answered);
  // The default --certs is the data directory's (<build>/share/mtasts links to the source).
  const std::string served_ca = r["ca_file"];
  EXPECT_NE(served_ca.find("/share/mtasts/fixtures/certs/"), std::string::npos) << served_ca;
  EXPECT_TRUE(std::filesystem::equivalent(served_ca, ca_file)) << served_ca;
  EXPECT_EQ(r["addresses"],
            (json{{"mta-sts.example.com", "127.0.0.1"}, {"www.example.com", "127.0.0.1"}}));
  EXPECT_EQ(p.stop(SIGTERM), 0);
}

TEST(ReplayServe, TxtCharacterStringsStaySplitOverUdpAndTcp) {
  replay_process p("discovery/discovery_test.json", "rfc8461/3.1/empty-character-string");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  for (const bool tcp : {false, true}) {
    const dns_answer a = ask_mta_sts_txt(p, tcp);
    ASSERT_TRUE(a.answered);
    EXPECT_EQ(a.rcode, LDNS_RCODE_NOERROR);
    EXPECT_TRUE(a.aa);
    EXPECT_TRUE(a.ra);
    EXPECT_TRUE(a.rd);
    EXPECT_EQ(a.txt, (std::vector<std::vector<std::string>>{{"", "v=STSv1; id=id1", ""}}));
  }
  // Case-insensitive names (RFC 4343).
  EXPECT_EQ(dns_query(p.dns_port, "_MTA-STS.Example.COM", LDNS_RR_TYPE_TXT, false).txt.size(), 1U);
  const dns_answer none = dns_query(p.dns_port, "nothing.example.org", LDNS_RR_TYPE_TXT, false);
  EXPECT_EQ(none.rcode, LDNS_RCODE_NXDOMAIN);
  // The Policy Host resolves to the HTTPS server, with no IPv6 address (NODATA).
  EXPECT_EQ(dns_query(p.dns_port, "mta-sts.example.com", LDNS_RR_TYPE_A, false).a,
            std::vector<std::string>{"127.0.0.1"});
  const dns_answer aaaa = dns_query(p.dns_port, "mta-sts.example.com", LDNS_RR_TYPE_AAAA, false);
  EXPECT_EQ(aaaa.rcode, LDNS_RCODE_NOERROR);
  EXPECT_EQ(aaaa.answer_count, 0U);
  EXPECT_EQ(p.stop(SIGTERM), 0);
  const auto log = p.log_lines();
  EXPECT_TRUE(has_event(
      log,
      {{"kind", "dns"}, {"name", "_mta-sts.example.com"}, {"type", "TXT"}, {"transport", "udp"}}));
  EXPECT_TRUE(has_event(
      log,
      {{"kind", "dns"}, {"name", "_mta-sts.example.com"}, {"type", "TXT"}, {"transport", "tcp"}}));
  EXPECT_TRUE(has_event(
      log,
      {{"kind", "dns"}, {"name", "mta-sts.example.com"}, {"type", "AAAA"}, {"transport", "udp"}}));
}

TEST(ReplayServe, ManyCharacterStrings) {
  replay_process p("discovery/discovery_test.json", "rfc8461/3.1/one-string-per-character");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const dns_answer a = ask_mta_sts_txt(p);
  ASSERT_EQ(a.txt.size(), 1U);
  EXPECT_EQ(a.txt[0].size(), 15U);
  EXPECT_EQ(a.txt[0][1], "=");
}

TEST(ReplayServe, ServfailAndTimeout) {
  {
    replay_process p("discovery/discovery_test.json", "rfc8461/3.1/discovery-servfail");
    ASSERT_TRUE(p.started()) << p.stderr_text();
    const dns_answer a = ask_mta_sts_txt(p);
    ASSERT_TRUE(a.answered);
    EXPECT_EQ(a.rcode, LDNS_RCODE_SERVFAIL);
    EXPECT_EQ(a.answer_count, 0U);
  }
  {
    replay_process p("discovery/discovery_test.json", "rfc8461/3.1/discovery-timeout");
    ASSERT_TRUE(p.started()) << p.stderr_text();
    EXPECT_FALSE(ask_mta_sts_txt(p).answered);
    EXPECT_FALSE(ask_mta_sts_txt(p, true).answered);
    // The query was seen even though it was never answered.
    EXPECT_EQ(p.stop(SIGINT), 0);
    EXPECT_TRUE(has_event(p.log_lines(), {{"kind", "dns"},
                                          {"name", "_mta-sts.example.com"},
                                          {"type", "TXT"},
                                          {"transport", "udp"}}));
  }
}

TEST(ReplayServe, CnameChainIsFollowedLikeARecursiveResolver) {
  replay_process p("discovery/discovery_test.json", "rfc8461/3.1/discovery-cname-chain");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const dns_answer a = ask_mta_sts_txt(p);
  EXPECT_EQ(a.rcode, LDNS_RCODE_NOERROR);
  EXPECT_EQ(a.cnames, (std::vector<std::pair<std::string, std::string>>{
                          {"_mta-sts.example.com", "sts.provider.example"},
                          {"sts.provider.example", "_mta-sts.provider.example"}}));
  EXPECT_EQ(a.txt, (std::vector<std::vector<std::string>>{{"v=STSv1; id=id1"}}));
  // Asked for the CNAME itself: only the first link.
  const dns_answer c = dns_query(p.dns_port, "_mta-sts.example.com", LDNS_RR_TYPE_CNAME, false);
  EXPECT_EQ(c.cnames.size(), 1U);
  EXPECT_TRUE(c.txt.empty());
}

TEST(ReplayServe, CnameToAMissingTargetIsNxdomain) {
  replay_process p("discovery/discovery_test.json", "rfc8461/3.1/cname-target-nxdomain");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const dns_answer a = ask_mta_sts_txt(p);
  EXPECT_EQ(a.rcode, LDNS_RCODE_NXDOMAIN);
  EXPECT_EQ(a.cnames.size(), 1U);
  EXPECT_TRUE(a.txt.empty());
}

// The exact bytes a recorded exchange must produce (fixtures/FORMAT.md "Step" `https`).
std::string expected_response(const json& x) {
  std::string reasons = x["status"] == 301 ? "Moved Permanently" : "OK";
  std::string out = "HTTP/1.1 " + std::to_string(x["status"].get<int>()) + " " + reasons + "\r\n";
  for (const json& h : x["headers"])
    out += h[0].get<std::string>() + ": " + h[1].get<std::string>() + "\r\n";
  const std::string body = x["body"].get<std::string>();
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  return out;
}

TEST(ReplayServe, HttpsServesTheRecordedBytesWithAValidChain) {
  const json t = fixture_test("fetch/fetch_test.json", "rfc8461/3.3/redirect-not-followed");
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/redirect-not-followed");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const tls_result r =
      https_get(p.https_port, "mta-sts.example.com", "mta-sts.example.com", policy_target, ca_file);
  ASSERT_TRUE(r.handshake_ok);
  EXPECT_EQ(r.verify_result, X509_V_OK);
  EXPECT_EQ(r.alpn, "http/1.1");
  EXPECT_EQ(r.response, expected_response(t["steps"][0]["https"][0]));
  // The redirect target is its own host, with its own certificate; the port in Host is ignored.
  const tls_result w =
      https_get(p.https_port, "www.example.com", "www.example.com:" + std::to_string(p.https_port),
                "/mta-sts.txt", ca_file);
  EXPECT_EQ(w.verify_result, X509_V_OK);
  EXPECT_EQ(w.response, expected_response(t["steps"][0]["https"][1]));
  // A URL not recorded: 404.
  const tls_result n =
      https_get(p.https_port, "mta-sts.example.com", "mta-sts.example.com", "/other", ca_file);
  EXPECT_EQ(n.response.rfind("HTTP/1.1 404 ", 0), 0U);
  EXPECT_EQ(p.stop(SIGTERM), 0);
  EXPECT_TRUE(
      has_event(p.log_lines(), {{"kind", "https"},
                                {"url", "https://mta-sts.example.com/.well-known/mta-sts.txt"},
                                {"sni", "mta-sts.example.com"},
                                {"method", "GET"},
                                {"host", "mta-sts.example.com"},
                                {"served", "completed"}}));
}

struct verdict_case {
  const char* label;  // the ctest name suffix
  const char* test;
  long x509_error;
};

// Printed in test names (gtest_discover_tests): the label, not the struct's bytes.
void PrintTo(const verdict_case& c, std::ostream* os) { *os << c.label; }

class HttpsVerdict : public ::testing::TestWithParam<verdict_case> {};

TEST_P(HttpsVerdict, ClientSeesTheRecordedCertificateFailure) {
  replay_process p("fetch/fetch_test.json", GetParam().test);
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const tls_result r =
      https_get(p.https_port, "mta-sts.example.com", "mta-sts.example.com", policy_target, ca_file);
  ASSERT_TRUE(r.handshake_ok);
  EXPECT_EQ(r.verify_result, GetParam().x509_error)
      << X509_verify_cert_error_string(r.verify_result);
  EXPECT_EQ(r.response.rfind("HTTP/1.1 200 OK\r\n", 0), 0U);
}

INSTANTIATE_TEST_SUITE_P(
    Verdicts, HttpsVerdict,
    ::testing::Values(verdict_case{"expired", "rfc8461/3.3/cert-expired",
                                   X509_V_ERR_CERT_HAS_EXPIRED},
                      verdict_case{"not_yet_valid", "rfc8461/3.3/cert-not-yet-valid",
                                   X509_V_ERR_CERT_NOT_YET_VALID},
                      // The chain sent is leaf + the untrusted self-signed root.
                      verdict_case{"untrusted", "rfc8461/3.3/cert-untrusted",
                                   X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN},
                      verdict_case{"name_mismatch", "rfc8461/3.3/cert-name-mismatch",
                                   X509_V_ERR_HOSTNAME_MISMATCH}),
    [](const ::testing::TestParamInfo<verdict_case>& param_info) {
      return std::string(param_info.param.label);
    });

TEST(ReplayServe, TlsErrorFailsTheHandshake) {
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/fetch-tls-handshake-error");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const tls_result r =
      https_get(p.https_port, "mta-sts.example.com", "mta-sts.example.com", policy_target, ca_file);
  EXPECT_FALSE(r.handshake_ok);
  EXPECT_EQ(p.stop(SIGTERM), 0);
  EXPECT_TRUE(has_event(
      p.log_lines(),
      {{"kind", "https_tls"}, {"sni", "mta-sts.example.com"}, {"outcome", "aborted_by_replay"}}));
}

TEST(ReplayServe, ConnectErrorResolvesWhereNothingListens) {
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/fetch-connect-error");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  EXPECT_EQ(p.ready()["addresses"]["mta-sts.example.com"], "127.0.0.2");
  EXPECT_EQ(dns_query(p.dns_port, "mta-sts.example.com", LDNS_RR_TYPE_A, false).a,
            std::vector<std::string>{"127.0.0.2"});
}

TEST(ReplayServe, RepeatedBodyIsStreamedInFull) {
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/body-cap-exceeded");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const tls_result r =
      https_get(p.https_port, "mta-sts.example.com", "mta-sts.example.com", policy_target, ca_file);
  std::string body;
  for (int i = 0; i < 13200; ++i) body += "x: y\n";
  const std::size_t head_end = r.response.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_NE(r.response.find("\r\nContent-Length: 66000\r\n"), std::string::npos);
  EXPECT_EQ(r.response.substr(head_end + 4), body);
}

TEST(ReplayServe, TimeoutSendsNothingAndStopsPromptly) {
  replay_process p("fetch/fetch_test.json", "rfc8461/3.3/fetch-timeout");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const tls_result r = https_get(p.https_port, "mta-sts.example.com", "mta-sts.example.com",
                                 policy_target, ca_file, 1500);
  EXPECT_TRUE(r.handshake_ok);
  EXPECT_TRUE(r.read_timed_out);
  EXPECT_TRUE(r.response.empty());
  EXPECT_EQ(p.stop(SIGTERM), 0);
  EXPECT_TRUE(
      has_event(p.log_lines(), {{"kind", "https"},
                                {"url", "https://mta-sts.example.com/.well-known/mta-sts.txt"},
                                {"sni", "mta-sts.example.com"},
                                {"method", "GET"},
                                {"host", "mta-sts.example.com"},
                                {"served", "timeout"}}));
}

TEST(ReplayServe, SmtpOffersStartTlsAsRecorded) {
  // mx1.example.com: no STARTTLS; b.mx.example.net: STARTTLS with an expired certificate.
  replay_process p("delivery/delivery_test.json", "rfc8461/5/enforce-no-valid-mx-temporary");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  EXPECT_EQ(p.ready()["addresses"]["mx1.example.com"], "127.0.1.1");
  EXPECT_EQ(p.ready()["addresses"]["b.mx.example.net"], "127.0.1.2");
  const dns_answer mx = dns_query(p.dns_port, "example.com", LDNS_RR_TYPE_MX, false);
  EXPECT_EQ(mx.mx, (std::vector<std::pair<int, std::string>>{{10, "mx1.example.com"},
                                                             {20, "b.mx.example.net"}}));
  EXPECT_EQ(dns_query(p.dns_port, "b.mx.example.net", LDNS_RR_TYPE_A, false).a,
            std::vector<std::string>{"127.0.1.2"});
  // A known host has no TXT records, but exists.
  EXPECT_EQ(dns_query(p.dns_port, "mx1.example.com", LDNS_RR_TYPE_TXT, false).rcode,
            LDNS_RCODE_NOERROR);

  const smtp_session plain = smtp_dialogue("127.0.1.1", p.smtp_port, "mx1.example.com", ca_file);
  EXPECT_EQ(plain.banner, "220 mx1.example.com ESMTP mtasts-replay\r\n");
  EXPECT_EQ(plain.ehlo.rfind("250-mx1.example.com", 0), 0U);
  EXPECT_EQ(plain.ehlo.find("STARTTLS"), std::string::npos);
  EXPECT_EQ(plain.mail_reply, "421 4.3.0 mtasts-replay accepts no mail\r\n");

  const smtp_session tls = smtp_dialogue("127.0.1.2", p.smtp_port, "b.mx.example.net", ca_file);
  EXPECT_NE(tls.ehlo.find("250-STARTTLS\r\n"), std::string::npos);
  EXPECT_EQ(tls.starttls_reply.rfind("220 ", 0), 0U);
  ASSERT_TRUE(tls.tls.handshake_ok);
  EXPECT_EQ(tls.tls.verify_result, X509_V_ERR_CERT_HAS_EXPIRED);
  EXPECT_NE(tls.ehlo_after_tls.find("250 "), std::string::npos);
  EXPECT_EQ(tls.ehlo_after_tls.find("STARTTLS"), std::string::npos);
  EXPECT_EQ(tls.mail_reply, "421 4.3.0 mtasts-replay accepts no mail\r\n");

  EXPECT_EQ(p.stop(SIGTERM), 0);
  const auto log = p.log_lines();
  for (const char* event : {"connect", "ehlo", "starttls", "tls_ok"})
    EXPECT_TRUE(has_event(log, {{"kind", "smtp"}, {"host", "b.mx.example.net"}, {"event", event}}))
        << event;
  EXPECT_FALSE(
      has_event(log, {{"kind", "smtp"}, {"host", "mx1.example.com"}, {"event", "starttls"}}));
}

TEST(ReplayServe, SmtpTlsFailureAbortsTheHandshake) {
  replay_process p("delivery/delivery_test.json", "rfc8461/4.2/tls-failure-after-starttls");
  ASSERT_TRUE(p.started()) << p.stderr_text();
  const smtp_session s = smtp_dialogue("127.0.1.1", p.smtp_port, "mx1.example.com", ca_file);
  EXPECT_NE(s.ehlo.find("STARTTLS"), std::string::npos);
  EXPECT_FALSE(s.tls.handshake_ok);
  EXPECT_EQ(p.stop(SIGTERM), 0);
  EXPECT_TRUE(has_event(p.log_lines(),
                        {{"kind", "smtp"}, {"host", "mx1.example.com"}, {"event", "tls_failed"}}));
}

TEST(ReplayServe, BindErrorExitsTwoWithOneLine) {
  replay_process first("fetch/fetch_test.json", "rfc8461/3.3/cert-expired");
  ASSERT_TRUE(first.started()) << first.stderr_text();
  replay_process second("fetch/fetch_test.json", "rfc8461/3.3/cert-expired", 0, first.https_port);
  EXPECT_FALSE(second.started());
  EXPECT_EQ(second.wait_exit(), 2);
  const std::string err = second.stderr_text();
  EXPECT_NE(err.find("cannot bind"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1);
}

TEST(ReplayServe, UnknownTestIsAUsageError) {
  replay_process p("fetch/fetch_test.json", "no/such/test");
  EXPECT_FALSE(p.started());
  EXPECT_EQ(p.wait_exit(), 2);
}

}  // namespace
}  // namespace mtasts::replay_test
