// SPDX-License-Identifier: Apache-2.0
// The live ports against loopback servers: ldns_resolver, curl_https, smtp_starttls_probe.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "fake_dns.h"
#include "mtasts/live/curl_https.h"
#include "mtasts/live/ldns_resolver.h"
#include "mtasts/live/server_address.h"
#include "mtasts/live/smtp_probe.h"
#include "tls_server.h"

namespace mtasts::live::test {
namespace {

using engine::dns_status;
using engine::transport_status;

const char* const policy_body =
    "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 604800\r\n";

std::string http_ok(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Order: 1\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

ldns_resolver resolver_for(const fake_dns& dns, int timeout_s = 2) {
  return ldns_resolver(server_address{"127.0.0.1", false, static_cast<std::uint16_t>(dns.port())},
                       std::chrono::seconds(timeout_s));
}

// --- server_address ----------------------------------------------------------------------

TEST(ServerAddress, ParsesIpv4Ipv6AndDefaults) {
  auto a = parse_server_address("127.0.0.1:5353");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "127.0.0.1");
  EXPECT_FALSE(a->ipv6);
  EXPECT_EQ(a->port, 5353);
  a = parse_server_address("[::1]:53000");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->address, "::1");
  EXPECT_TRUE(a->ipv6);
  EXPECT_EQ(a->port, 53000);
  EXPECT_EQ(parse_server_address("10.0.0.1")->port, 53);
  EXPECT_TRUE(parse_server_address("::1")->ipv6);
  EXPECT_FALSE(parse_server_address("localhost:53"));
  EXPECT_FALSE(parse_server_address("127.0.0.1:0"));
  EXPECT_FALSE(parse_server_address("127.0.0.1:70000"));
  EXPECT_FALSE(parse_server_address("[::1"));
  EXPECT_FALSE(parse_server_address("1.2.3:53"));
}

// --- ldns_resolver -----------------------------------------------------------------------

TEST(LdnsResolver, TxtKeepsCharacterStringsSplit) {
  fake_dns dns;
  dns.set("_mta-sts.example.com", "TXT",
          {0,
           {R"(_mta-sts.example.com. 60 IN TXT "v=STSv1; " "id=20240101")",
            R"(_mta-sts.example.com. 60 IN TXT "other")"}});
  ldns_resolver r = resolver_for(dns);
  const engine::txt_answer a = r.query_txt("_mta-sts.example.com");
  EXPECT_EQ(a.status, dns_status::noerror);
  EXPECT_FALSE(a.cname);
  ASSERT_EQ(a.records.size(), 2U);
  EXPECT_EQ(a.records[0], (std::vector<std::string>{"v=STSv1; ", "id=20240101"}));
  EXPECT_EQ(a.records[1], (std::vector<std::string>{"other"}));
}

TEST(LdnsResolver, CnameWithoutTxtIsReported) {
  fake_dns dns;
  dns.set("_mta-sts.example.com", "TXT",
          {0, {"_mta-sts.example.com. 60 IN CNAME _mta-sts.provider.net."}});
  ldns_resolver r = resolver_for(dns);
  const engine::txt_answer a = r.query_txt("_mta-sts.example.com");
  EXPECT_EQ(a.status, dns_status::noerror);
  ASSERT_TRUE(a.cname);
  EXPECT_EQ(*a.cname, "_mta-sts.provider.net");
  EXPECT_TRUE(a.records.empty());
}

TEST(LdnsResolver, CnameFollowedInsideTheAnswerGivesTheTargetsRecords) {
  fake_dns dns;
  dns.set("_mta-sts.example.com", "TXT",
          {0,
           {"_mta-sts.example.com. 60 IN CNAME t.provider.net.",
            R"(t.provider.net. 60 IN TXT "v=STSv1; id=x")"}});
  ldns_resolver r = resolver_for(dns);
  const engine::txt_answer a = r.query_txt("_mta-sts.example.com");
  EXPECT_FALSE(a.cname);
  ASSERT_EQ(a.records.size(), 1U);
  EXPECT_EQ(a.records[0][0], "v=STSv1; id=x");
}

TEST(LdnsResolver, RcodesAndTimeoutMap) {
  fake_dns dns;
  dns.set("fail.example.com", "TXT", {2, {}});
  dns.set("slow.example.com", "TXT", {0, {}, true});
  dns.set("empty.example.com", "TXT", {0, {}});
  ldns_resolver r = resolver_for(dns, 1);
  EXPECT_EQ(r.query_txt("missing.example.com").status, dns_status::nxdomain);
  EXPECT_EQ(r.query_txt("fail.example.com").status, dns_status::servfail);
  const engine::txt_answer nodata = r.query_txt("empty.example.com");
  EXPECT_EQ(nodata.status, dns_status::noerror);
  EXPECT_TRUE(nodata.records.empty());
  EXPECT_EQ(r.query_txt("slow.example.com").status, dns_status::timeout);
}

TEST(LdnsResolver, MxSortedByPreferenceAndAddresses) {
  fake_dns dns;
  dns.set(
      "example.com", "MX",
      {0,
       {"example.com. 60 IN MX 20 mx2.example.com.", "example.com. 60 IN MX 10 MX1.example.com.",
        "example.com. 60 IN MX 30 mx3.example.com."}});
  dns.set("mx1.example.com", "A", {0, {"mx1.example.com. 60 IN A 127.0.0.1"}});
  dns.set("mx1.example.com", "AAAA", {0, {"mx1.example.com. 60 IN AAAA ::1"}});
  ldns_resolver r = resolver_for(dns);
  const mx_lookup mx = r.query_mx("example.com");
  EXPECT_EQ(mx.status, dns_status::noerror);
  // Spelled as the zone spells them: matching is the engine's job (case-insensitive, §4.1).
  EXPECT_EQ(mx.hosts,
            (std::vector<std::string>{"MX1.example.com", "mx2.example.com", "mx3.example.com"}));
  EXPECT_EQ(r.query_addresses("mx1.example.com"), (std::vector<std::string>{"127.0.0.1", "::1"}));
  EXPECT_TRUE(r.query_addresses("nowhere.example.com").empty());
}

// --- curl_https --------------------------------------------------------------------------

struct https_case {
  std::string leaf;  // base name in fixtures/certs
  bool intermediate = true;
};

engine::https_response fetch_from(tls_server& server, std::size_t max_body = 65536,
                                  std::uint64_t timeout_ms = 5000) {
  curl_https https(curl_https_options{
      server.port(), [](const std::string&) { return std::vector<std::string>{"127.0.0.1"}; }});
  return https.fetch({"https://mta-sts.example.com/.well-known/mta-sts.txt", "mta-sts.example.com",
                      timeout_ms, max_body});
}

tls_server_options https_server(const std::string& leaf, const std::string& response,
                                const std::string& intermediate = "intermediate-ca") {
  tls_server_options o;
  o.cert = cert_dir() + leaf + ".pem";
  o.key = cert_dir() + leaf + ".key";
  if (!intermediate.empty()) o.intermediate = cert_dir() + intermediate + ".pem";
  o.http_response = response;
  return o;
}

TEST(CurlHttps, ValidCertificateGivesTheResponseHeadersInOrderAndTheChain) {
  tls_server server(https_server("policy-valid", http_ok(policy_body)));
  const engine::https_response r = fetch_from(server);
  EXPECT_EQ(r.transport, transport_status::completed);
  EXPECT_FALSE(r.transport_verified);  // the engine judges the chain
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, policy_body);
  EXPECT_FALSE(r.body_truncated);
  ASSERT_GE(r.headers.size(), 4U);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Content-Type", "text/plain"}));
  EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"X-Order", "1"}));
  ASSERT_TRUE(r.chain);
  ASSERT_EQ(r.chain->certificates.size(), 2U);  // leaf first, then the intermediate
  EXPECT_NE(r.chain->certificates[0].find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_NE(r.chain->certificates[0], r.chain->certificates[1]);
  EXPECT_EQ(server.last_sni(), "mta-sts.example.com");  // R-7.1
}

// R-3.3-1, R-3.3-2: the port judges no certificate, whatever is wrong with it; the chain as
// presented goes to the engine (fixtures/certs/verdicts.json has the verdicts, checked by
// verdict_table_test.cc through the engine).
TEST(CurlHttps, EveryChainIsKeptAsPresentedAndLeftToTheEngine) {
  const struct {
    const char* leaf;
    const char* intermediate;
    std::size_t presented;
  } cases[] = {{"policy-expired", "intermediate-ca", 2},
               {"policy-not-yet-valid", "intermediate-ca", 2},
               {"policy-untrusted-root", "untrusted-root-ca", 2},
               {"policy-valid", "", 1},
               {"policy-cn-only", "intermediate-ca", 2},
               {"policy-wrong-name", "intermediate-ca", 2}};
  for (const auto& c : cases) {
    tls_server server(https_server(c.leaf, http_ok(policy_body), c.intermediate));
    const engine::https_response r = fetch_from(server);
    EXPECT_EQ(r.transport, transport_status::completed) << c.leaf;
    EXPECT_FALSE(r.transport_verified) << c.leaf;
    ASSERT_TRUE(r.chain) << c.leaf;
    ASSERT_EQ(r.chain->certificates.size(), c.presented) << c.leaf;
    std::ifstream leaf_file(cert_dir() + c.leaf + ".pem", std::ios::binary);
    const std::string leaf_pem{std::istreambuf_iterator<char>(leaf_file),
                               std::istreambuf_iterator<char>()};
    EXPECT_EQ(r.chain->certificates[0], leaf_pem) << c.leaf;  // the leaf first, as sent
    EXPECT_EQ(r.status, 200) << c.leaf;
  }
}

TEST(CurlHttps, OversizeBodyStopsAtMaxBodyPlusOne) {
  const std::string big(10000, 'x');
  tls_server server(https_server("policy-valid", http_ok(big)));
  const engine::https_response r = fetch_from(server, 100);
  EXPECT_EQ(r.transport, transport_status::completed);
  EXPECT_TRUE(r.body_truncated);
  EXPECT_EQ(r.body.size(), 101U);
  EXPECT_EQ(r.status, 200);
}

// A response whose head (status line, header lines, blank line) is exactly `head_bytes`.
std::string response_with_head_of(std::size_t head_bytes) {
  const std::string start = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                            std::to_string(std::string(policy_body).size()) +
                            "\r\nConnection: close\r\nX-Pad: ";
  const std::string end = "\r\n\r\n";
  return start + std::string(head_bytes - start.size() - end.size(), 'p') + end + policy_body;
}

TEST(CurlHttps, HeadersAtTheLimitAreReadOneMoreByteEndsTheFetch) {
  tls_server at(https_server("policy-valid", response_with_head_of(max_response_header_bytes)));
  const engine::https_response ok = fetch_from(at);
  EXPECT_EQ(ok.transport, transport_status::completed);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, policy_body);

  tls_server over(
      https_server("policy-valid", response_with_head_of(max_response_header_bytes + 1)));
  curl_https https(curl_https_options{
      over.port(), [](const std::string&) { return std::vector<std::string>{"127.0.0.1"}; }});
  const engine::https_response r = https.fetch(
      {"https://mta-sts.example.com/.well-known/mta-sts.txt", "mta-sts.example.com", 5000, 65536});
  EXPECT_EQ(r.transport, transport_status::connect_error);
  EXPECT_EQ(https.last_error(),
            "response headers longer than 65536 bytes (max_response_header_bytes)");
}

TEST(CurlHttps, RedirectIsNotFollowed) {
  tls_server server(https_server(
      "policy-valid",
      "HTTP/1.1 301 Moved Permanently\r\nLocation: https://mta-sts.example.com/other\r\n"
      "Content-Length: 0\r\nConnection: close\r\n\r\n"));
  const engine::https_response r = fetch_from(server);
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(server.connections(), 1);
  ASSERT_FALSE(r.headers.empty());
  EXPECT_EQ(r.headers[0].first, "Location");
}

TEST(CurlHttps, ConnectErrorTlsErrorAndTimeout) {
  int closed_port = 0;
  {
    tls_server gone(https_server("policy-valid", ""));
    closed_port = gone.port();
  }
  curl_https https(curl_https_options{
      closed_port, [](const std::string&) { return std::vector<std::string>{"127.0.0.1"}; }});
  EXPECT_EQ(https
                .fetch({"https://mta-sts.example.com/.well-known/mta-sts.txt",
                        "mta-sts.example.com", 3000, 65536})
                .transport,
            transport_status::connect_error);

  tls_server_options plain;
  plain.plain = true;
  tls_server not_tls(plain);
  EXPECT_EQ(fetch_from(not_tls).transport, transport_status::tls_error);

  tls_server_options quiet;
  quiet.silent = true;
  tls_server silent(quiet);
  EXPECT_EQ(fetch_from(silent, 65536, 700).transport, transport_status::timeout);
}

TEST(CurlHttps, NoAddressIsAConnectError) {
  curl_https https(
      curl_https_options{0, [](const std::string&) { return std::vector<std::string>{}; }});
  EXPECT_EQ(https
                .fetch({"https://mta-sts.example.com/.well-known/mta-sts.txt",
                        "mta-sts.example.com", 3000, 65536})
                .transport,
            transport_status::connect_error);
}

// --- smtp_starttls_probe -----------------------------------------------------------------

tls_server_options smtp_server(const std::string& leaf, bool starttls = true,
                               const std::string& intermediate = "intermediate-ca") {
  tls_server_options o;
  o.cert = cert_dir() + leaf + ".pem";
  o.key = cert_dir() + leaf + ".key";
  if (!intermediate.empty()) o.intermediate = cert_dir() + intermediate + ".pem";
  o.smtp = true;
  o.offer_starttls = starttls;
  return o;
}

probe_result probe_with(tls_server& server, const std::string& host = "mx1.example.com") {
  fake_dns dns;
  dns.set(host, "A", {0, {host + ". 60 IN A 127.0.0.1"}});
  ldns_resolver r = resolver_for(dns);
  smtp_starttls_probe probe(
      r, smtp_probe_options{server.port(), std::chrono::seconds(3), "test.invalid"});
  return probe.probe(host);
}

TEST(SmtpProbe, ValidCertificate) {
  tls_server server(smtp_server("mx1-valid"));
  const probe_result p = probe_with(server);
  EXPECT_EQ(p.observation.host, "mx1.example.com");
  EXPECT_TRUE(p.observation.starttls_offered);
  EXPECT_FALSE(p.observation.tls_failed);
  EXPECT_FALSE(p.observation.transport_verified);  // the engine judges the chain
  ASSERT_TRUE(p.observation.chain);
  EXPECT_EQ(p.observation.chain->certificates.size(), 2U);
  EXPECT_EQ(server.last_sni(), "mx1.example.com");
  EXPECT_EQ(p.note, "");
}

// R-4.2-1, R-4.2-2: the probe judges no certificate; the handshake completes and the chain
// as presented goes to the engine (verdict_table_test.cc checks the verdicts).
TEST(SmtpProbe, EveryChainIsKeptAsPresentedAndLeftToTheEngine) {
  const struct {
    const char* leaf;
    const char* intermediate;
    std::size_t presented;
  } cases[] = {{"mx-cn-only", "intermediate-ca", 2},
               {"mx-expired", "intermediate-ca", 2},
               {"mx-untrusted-root", "untrusted-root-ca", 2},
               {"mx1-valid", "", 1}};
  for (const auto& c : cases) {
    tls_server server(smtp_server(c.leaf, true, c.intermediate));
    const probe_result p = probe_with(server);
    EXPECT_FALSE(p.observation.tls_failed) << c.leaf << ": " << p.note;
    EXPECT_FALSE(p.observation.transport_verified) << c.leaf;
    ASSERT_TRUE(p.observation.chain) << c.leaf;
    EXPECT_EQ(p.observation.chain->certificates.size(), c.presented) << c.leaf;
  }
}

// A multi-line 220 banner of exactly `bytes` bytes, line ends included.
std::string banner_of(std::size_t bytes) {
  const std::string line = "220-" + std::string(94, 'x') + "\r\n";  // 100 bytes
  std::string out;
  while (bytes - out.size() >= 2 * line.size()) out += line;
  return out + "220 " + std::string(bytes - out.size() - 6, 'y') + "\r\n";
}

TEST(SmtpProbe, ReplyAtTheLimitIsReadOneMoreByteEndsTheProbe) {
  tls_server_options at = smtp_server("mx1-valid", false);
  at.smtp_banner = banner_of(max_smtp_reply_bytes);
  tls_server at_server(at);
  const probe_result ok = probe_with(at_server);
  EXPECT_EQ(ok.note, "STARTTLS not offered");  // the banner was read; EHLO followed

  tls_server_options over = smtp_server("mx1-valid", false);
  over.smtp_banner = banner_of(max_smtp_reply_bytes + 1);
  tls_server over_server(over);
  const probe_result r = probe_with(over_server);
  EXPECT_TRUE(r.observation.tls_failed);
  EXPECT_EQ(r.note, "no 220 banner: reply longer than 65536 bytes (max_smtp_reply_bytes)");
}

TEST(SmtpProbe, StarttlsNotOffered) {
  tls_server server(smtp_server("mx1-valid", false));
  const probe_result p = probe_with(server);
  EXPECT_FALSE(p.observation.starttls_offered);
  EXPECT_FALSE(p.observation.transport_verified);
}

TEST(SmtpProbe, NoAddressOrNoServerIsAFailedNegotiation) {
  fake_dns dns;
  ldns_resolver r = resolver_for(dns);
  smtp_starttls_probe probe(r, smtp_probe_options{1, std::chrono::seconds(1), "t.invalid"});
  const probe_result p = probe.probe("mx9.example.com");
  EXPECT_TRUE(p.observation.tls_failed);
  EXPECT_NE(p.note.find("no address"), std::string::npos);
}

}  // namespace
}  // namespace mtasts::live::test
