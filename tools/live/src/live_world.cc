// SPDX-License-Identifier: Apache-2.0
// The live world (see live_world.h).
#include "mtasts/live/live_world.h"

#include <openssl/x509.h>

#include <cstdlib>
#include <stdexcept>
#include "mtasts/ascii.h"
#include "mtasts/engine/idna.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::live {
namespace {

engine::engine_config config_for(const live_options& o) {
  engine::engine_config c;
  c.fetch_timeout_ms = static_cast<std::uint64_t>(o.timeout.count()) * 1000U;
  return c;
}

// R-3.3-1, R-4.2-1: the roots chains must reach. Without --ca-file, the bundle file of
// OpenSSL's default verify paths ($SSL_CERT_FILE overrides it, as for OpenSSL); its hashed
// directory is not read, as Debian's bundle holds the same roots. Unreadable roots are an
// error: a check that trusts nothing would call every certificate untrusted.
engine::openssl_x509 trust_anchors(const std::string& ca_file) {
  std::string path = ca_file;
  if (path.empty()) {
    const char* from_environment = std::getenv(X509_get_default_cert_file_env());
    path = from_environment != nullptr && *from_environment != '\0' ? from_environment
                                                                    : X509_get_default_cert_file();
  }
  engine::openssl_x509 judge = engine::openssl_x509::from_file(path);
  if (!judge.ok()) throw std::runtime_error(judge.error());
  return judge;
}

}  // namespace

live_world::live_world(live_options options)
    : options_(std::move(options)),
      resolver_(options_.resolver, options_.timeout),
      curl_(curl_https_options{
          options_.https_port,
          [this](const std::string& host) { return resolver_.query_addresses(host); }}),
      smtp_(resolver_, smtp_probe_options{options_.smtp_port, options_.timeout, "mtasts.invalid"}),
      dns_(
          resolver_, options_.progress, [this] { return resolver_.last_error(); },
          resolver_.servers_text()),
      https_(curl_, options_.progress, [this] { return curl_.last_error(); }),
      prober_(smtp_, options_.progress, options_.smtp_port),
      judge_(trust_anchors(options_.ca_file)),
      x509_(judge_, options_.progress),
      engine_(dns_, https_, clock_, cache_, x509_,
              options_.idna != nullptr ? *options_.idna : engine::default_idna(),
              config_for(options_)) {}

std::string live_world::normalise_domain(std::string_view domain) {
  return domain == "." ? std::string(domain) : dns_name_key(domain);
}

engine::x509_verification live_world::certificate_verdict(const engine::cert_chain& chain,
                                                          std::string_view host,
                                                          engine::name_rule rule,
                                                          engine::unix_seconds at) const {
  if (const recording_x509::judgement* judged = x509_.find(chain, host, rule)) {
    return judged->verification;
  }
  return judge_.verify_detailed(chain, host, rule, at);
}

void live_world::say(const std::string& line) const {
  if (options_.progress) options_.progress(line);
}

live_run live_world::lookup(const std::string& domain) {
  live_run run;
  run.now = clock_.now();
  run.lookup = engine_.lookup(domain);
  return run;
}

mx_lookup live_world::mx_hosts(const std::string& domain) {
  say(dns_question_line(resolver_.servers_text(), "MX", domain));
  mx_lookup found = resolver_.query_mx(domain);
  // RFC 5321 §5.1: without MX records the domain itself is the implicit MX.
  if ((found.status == engine::dns_status::noerror && found.hosts.empty() && !found.null_mx)) {
    found.hosts.push_back(domain);
  }
  // MX hosts are the zone's bytes as they are: none may reach a terminal raw.
  std::string line = "dns: MX " + observation::printable_text(domain) + ": " +
                     std::string(rcode_name(found.status));
  for (const std::string& h : found.hosts) line += " " + observation::printable_text(h);
  if (found.null_mx) line += " (null MX)";
  if (const std::string& why = resolver_.last_error(); !why.empty()) {
    line += " (" + observation::printable_text(why) + ")";
  }
  say(line);
  return found;
}

std::vector<engine::mx_observation> live_world::probe_all(const std::vector<std::string>& hosts) {
  std::vector<engine::mx_observation> out;
  out.reserve(hosts.size());
  for (const std::string& host : hosts) out.push_back(prober_.probe(host).observation);
  return out;
}

live_run live_world::deliver(const std::string& domain) {
  live_run run = lookup(domain);
  run.mx_hosts = mx_hosts(domain);
  run.mx = probe_all(run.mx_hosts->hosts);
  // §5: what a sending MTA does with each MX, by the mode in force.
  run.plan = engine_.decide(run.lookup, run.mx);
  return run;
}

}  // namespace mtasts::live
