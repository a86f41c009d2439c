// SPDX-License-Identifier: Apache-2.0
// Evidence for operators: the progress line said before each network wait (recording.h),
// the resolver's servers as asked, and the one-line description of an HTTPS exchange.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mtasts/live/https_evidence.h"
#include "mtasts/live/ldns_resolver.h"
#include "mtasts/live/recording.h"
#include "mtasts/live/server_address.h"

namespace mtasts::live::test {
namespace {

using engine::transport_status;
using std::string_literals::operator""s;

// Progress lines as said, and the lines already said when each inner port was entered.
struct said {
  std::vector<std::string> lines;
  std::vector<std::string> at_wait;
  progress_fn progress() {
    return [this](const std::string& line) { lines.push_back(line); };
  }
  void waiting() { at_wait = lines; }
};

struct silent_dns final : engine::dns_port {
  said& log;
  explicit silent_dns(said& l) : log(l) {}
  engine::txt_answer query_txt(std::string_view /*name*/) override {
    log.waiting();
    return engine::txt_answer{engine::dns_status::timeout, std::nullopt, {}};
  }
};

struct silent_https final : engine::https_port {
  said& log;
  explicit silent_https(said& l) : log(l) {}
  engine::https_response fetch(const engine::https_request& /*request*/) override {
    log.waiting();
    engine::https_response r;
    r.transport = transport_status::timeout;
    return r;
  }
};

struct silent_prober final : mx_prober {
  said& log;
  explicit silent_prober(said& l) : log(l) {}
  probe_result probe(const std::string& /*host*/) override {
    log.waiting();
    probe_result r;
    r.observation.starttls_offered = false;
    r.note = "no answer";
    return r;
  }
};

TEST(ProgressBeforeTheWait, DnsQuestionNamesTheServerBeforeItIsAsked) {
  said log;
  silent_dns inner(log);
  recording_dns dns(inner, log.progress(), {}, "127.0.0.1:5353");
  dns.query_txt("_mta-sts.example.com");
  EXPECT_EQ(log.at_wait, std::vector<std::string>{
                             "dns: asking 127.0.0.1:5353 for TXT _mta-sts.example.com ..."});
  ASSERT_EQ(log.lines.size(), 2U);
  EXPECT_EQ(log.lines[1], "dns: TXT _mta-sts.example.com: TIMEOUT");
}

TEST(ProgressBeforeTheWait, DnsQuestionWithoutAKnownServer) {
  EXPECT_EQ(dns_question_line("", "MX", "example.com"), "dns: asking for MX example.com ...");
}

TEST(ProgressBeforeTheWait, HttpsFetchIsAnnouncedBeforeItStarts) {
  said log;
  silent_https inner(log);
  recording_https https(inner, log.progress());
  engine::https_request request;
  request.url = "https://mta-sts.example.com/.well-known/mta-sts.txt";
  https.fetch(request);
  EXPECT_EQ(log.at_wait,
            std::vector<std::string>{
                "https: fetching https://mta-sts.example.com/.well-known/mta-sts.txt ..."});
  ASSERT_EQ(log.lines.size(), 2U);
  EXPECT_EQ(log.lines[1],
            "https: GET https://mta-sts.example.com/.well-known/mta-sts.txt: timeout");
}

TEST(ProgressBeforeTheWait, SmtpProbeNamesHostAndPortBeforeItConnects) {
  said log;
  silent_prober inner(log);
  recording_prober prober(inner, log.progress(), 2525);
  prober.probe("mx1.example.com");
  EXPECT_EQ(log.at_wait, std::vector<std::string>{"smtp: probing mx1.example.com port 2525 ..."});
  ASSERT_EQ(log.lines.size(), 2U);
  EXPECT_EQ(log.lines[1], "smtp: mx1.example.com: no STARTTLS (no answer)");
}

TEST(ProgressBeforeTheWait, NamesFromTheNetworkReachNoTerminalRaw) {
  // An MX host as the zone spells it: any bytes (ldns_resolver keeps them as they are).
  said log;
  silent_prober inner(log);
  recording_prober prober(inner, log.progress(), 25);
  prober.probe("mx\x1b[2J\x07.example.com");
  ASSERT_EQ(log.lines.size(), 2U);
  EXPECT_EQ(log.lines[0], "smtp: probing mx\\x1b[2J\\x07.example.com port 25 ...");
  EXPECT_EQ(log.lines[1], "smtp: mx\\x1b[2J\\x07.example.com: no STARTTLS (no answer)");
}

TEST(LdnsResolverServers, TheServersAskedAreNamedWithTheirPorts) {
  const ldns_resolver v4(server_address{"127.0.0.1", false, 5353}, std::chrono::seconds(1));
  EXPECT_EQ(v4.servers_text(), "127.0.0.1:5353");
  const ldns_resolver v6(server_address{"::1", true, 53}, std::chrono::seconds(1));
  EXPECT_EQ(v6.servers_text(), "[::1]:53");
}

engine::https_response completed(int status,
                                 std::vector<std::pair<std::string, std::string>> headers,
                                 std::string body) {
  engine::https_response r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

TEST(DescribeResponse, RedirectShowsLocationTypeAndSize) {
  EXPECT_EQ(describe_response(completed(301,
                                        {{"Server", "x"},
                                         {"content-type", "text/html"},
                                         {"LOCATION", "https://www.example.com/"},
                                         {"Location", "https://second.example/"}},
                                        std::string(178, 'x'))),
            "HTTP 301, Location: https://www.example.com/, Content-Type: text/html, 178 bytes");
  EXPECT_EQ(describe_response(completed(200, {}, "x")), "HTTP 200, 1 byte");
  engine::https_response big = completed(200, {{"Content-Type", "text/plain"}}, "");
  big.body.assign(65537, 'a');
  big.body_truncated = true;
  EXPECT_EQ(describe_response(big),
            "HTTP 200, Content-Type: text/plain, 65537 bytes (cut at the size limit)");
}

TEST(DescribeResponse, ByTransport) {
  engine::https_response r;
  r.transport = transport_status::tls_error;
  EXPECT_EQ(describe_response(r), "TLS failed");
  EXPECT_EQ(describe_response(r, "handshake failure"), "TLS failed: handshake failure");
  r.transport = transport_status::connect_error;
  EXPECT_EQ(describe_response(r, "Connection refused"), "could not connect: Connection refused");
  r.transport = transport_status::timeout;
  EXPECT_EQ(describe_response(r), "timed out");
}

TEST(DescribeResponse, HeaderValuesAreEscaped) {
  EXPECT_EQ(
      describe_response(completed(302, {{"Location", "https://a.example/\x1b[2J\x07\xff"s}}, "")),
      "HTTP 302, Location: https://a.example/\\x1b[2J\\x07\\xff, 0 bytes");
  EXPECT_EQ(describe_response(completed(200, {{"Content-Type", "caf\xc3\xa9"}}, "")),
            "HTTP 200, Content-Type: caf\xc3\xa9, 0 bytes");
}

TEST(DescribeResponse, HeaderValueAtTheLimitIsWholeOneMoreByteIsCut) {
  const std::string at_limit(max_described_header_bytes, 'a');
  EXPECT_EQ(describe_response(completed(200, {{"Content-Type", at_limit}}, "")),
            "HTTP 200, Content-Type: " + at_limit + ", 0 bytes");
  EXPECT_EQ(describe_response(completed(200, {{"Content-Type", at_limit + "b"}}, "")),
            "HTTP 200, Content-Type: " + at_limit + " ... (1 bytes more), 0 bytes");
}

}  // namespace
}  // namespace mtasts::live::test
