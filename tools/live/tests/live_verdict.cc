// SPDX-License-Identifier: Apache-2.0
// Judging served chains through the live world (see live_verdict.h).
#include "live_verdict.h"

#include <chrono>
#include <stdexcept>

#include "fake_dns.h"
#include "mtasts/error.h"
#include "mtasts/live/live_world.h"
#include "tls_server.h"

namespace mtasts::live::test {
namespace {

using engine::cert_status;

const char* const policy_body =
    "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 86400\r\n";

tls_server_options serving(const std::vector<std::string>& chain) {
  if (chain.empty() || chain.size() > 2) throw std::invalid_argument("a leaf and at most one more");
  const std::string& leaf = chain.front();
  tls_server_options o;
  o.cert = cert_dir() + leaf;
  o.key = cert_dir() + leaf.substr(0, leaf.rfind(".pem")) + ".key";
  if (chain.size() == 2) o.intermediate = cert_dir() + chain[1];
  return o;
}

live_options loopback(const fake_dns& dns, const std::string& ca_file) {
  live_options o;
  o.resolver = server_address{"127.0.0.1", false, static_cast<std::uint16_t>(dns.port())};
  o.ca_file = ca_file;
  o.timeout = std::chrono::seconds(3);
  return o;
}

std::optional<cert_status> fetch_verdict(error_code code) {
  switch (code) {
    case error_code::FETCH_CERT_EXPIRED:
      return cert_status::expired;
    case error_code::FETCH_CERT_NOT_YET_VALID:
      return cert_status::not_yet_valid;
    case error_code::FETCH_CERT_NAME_MISMATCH:
      return cert_status::name_mismatch;
    case error_code::FETCH_CERT_UNTRUSTED:
      return cert_status::untrusted;
    default:
      return std::nullopt;
  }
}

std::optional<cert_status> mx_verdict(error_code code) {
  switch (code) {
    case error_code::MX_CERT_EXPIRED:
      return cert_status::expired;
    case error_code::MX_CERT_NOT_YET_VALID:
      return cert_status::not_yet_valid;
    case error_code::MX_CERT_NAME_MISMATCH:
      return cert_status::name_mismatch;
    case error_code::MX_CERT_UNTRUSTED:
      return cert_status::untrusted;
    default:
      return std::nullopt;
  }
}

}  // namespace

live_verdict policy_host_verdict(const std::vector<std::string>& chain,
                                 const std::string& policy_host, const std::string& ca_file) {
  // R-3.2-1: the Policy Host of domain D is mta-sts.D.
  const std::string prefix = "mta-sts.";
  if (policy_host.rfind(prefix, 0) != 0) throw std::invalid_argument("not mta-sts.<domain>");
  const std::string domain = policy_host.substr(prefix.size());
  fake_dns dns;
  dns.set("_mta-sts." + domain, "TXT",
          {0, {"_mta-sts." + domain + R"(. 60 IN TXT "v=STSv1; id=1")"}});
  dns.set(policy_host, "A", {0, {policy_host + ". 60 IN A 127.0.0.1"}});
  tls_server_options served = serving(chain);
  served.http_response = std::string("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n") +
                         "Content-Length: " + std::to_string(std::string(policy_body).size()) +
                         "\r\nConnection: close\r\n\r\n" + policy_body;
  tls_server server(served);
  live_options options = loopback(dns, ca_file);
  options.https_port = server.port();
  live_world world(options);
  const live_run run = world.lookup(domain);
  live_verdict out;
  for (const engine::event& e : run.lookup.events) {
    out.detail += std::string(token(e.code)) + " ";
    if (!out.status) out.status = fetch_verdict(e.code);
  }
  if (run.lookup.events.empty() && run.lookup.source == engine::policy_source::fetched) {
    out.status = cert_status::valid;
  }
  return out;
}

live_verdict mx_host_verdict(const std::vector<std::string>& chain, const std::string& mx_host,
                             const std::string& ca_file) {
  fake_dns dns;
  dns.set(mx_host, "A", {0, {mx_host + ". 60 IN A 127.0.0.1"}});
  tls_server_options served = serving(chain);
  served.smtp = true;
  tls_server server(served);
  live_options options = loopback(dns, ca_file);
  options.smtp_port = server.port();
  live_world world(options);
  const std::vector<engine::mx_observation> seen = world.probe_all({mx_host});
  // R-4.1-1: a policy listing the host, so that only the certificate decides (R-4-1).
  mtasts::policy policy;
  policy.mode = policy_mode::enforce;
  policy.max_age = 86400;
  policy.mx = {mx_host};
  const engine::mx_verdict verdict = world.engine().validate_mx(policy, seen.at(0));
  live_verdict out;
  if (!verdict.failure) {
    out.status = cert_status::valid;
  } else {
    out.detail = std::string(token(*verdict.failure));
    out.status = mx_verdict(*verdict.failure);
  }
  return out;
}

}  // namespace mtasts::live::test
