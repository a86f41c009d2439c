// SPDX-License-Identifier: Apache-2.0
// Conversions from fixture JSON to engine types (see world.h).
#include "mtasts/conformance/world.h"

#include "mtasts/conformance/time_format.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/x509_openssl.h"

namespace mtasts::conformance {

using namespace mtasts::engine;

namespace {

// The verdict of a `tls` object; a step without one recorded a valid certificate. A
// level-D2 object has no verdict: its chain is judged by the implementation.
std::optional<cert_status> tls_verdict_of(const json& holder) {
  if (!holder.contains("tls")) return cert_status::valid;
  const json& tls = holder["tls"];
  if (tls.contains("chain_pem")) return std::nullopt;
  return tls_verdicts.from(tls.value("verdict", std::string("valid"))).value_or(cert_status::valid);
}

// The chain a level-D2 entry presents (test_pki.h put its PEM there at load).
std::optional<cert_chain> tls_chain_of(const json& holder) {
  if (!holder.contains("tls") || !holder["tls"].contains("chain_pem")) return std::nullopt;
  cert_chain chain;
  for (const json& pem : holder["tls"]["chain_pem"])
    chain.certificates.push_back(pem.get<std::string>());
  return chain;
}

}  // namespace

std::int64_t fixture_time(const json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return parse_rfc3339_utc(v.get<std::string>()).value_or(0);
}

std::string fixture_bytes(const json& v) {
  return observation::fixture_bytes(v).value_or(std::string());
}

mtasts::policy policy_from_json(const json& p) {
  mtasts::policy out;
  out.version = p["version"].get<std::string>();
  const std::string mode = p["mode"].get<std::string>();
  out.mode = mode == "enforce"   ? policy_mode::enforce
             : mode == "testing" ? policy_mode::testing
                                 : policy_mode::none;
  out.max_age = p["max_age"].get<std::uint64_t>();
  for (const json& m : p["mx"]) out.mx.push_back(m.get<std::string>());
  if (p.contains("extensions")) {
    for (const json& e : p["extensions"])
      out.extensions.emplace_back(e[0].get<std::string>(), e[1].get<std::string>());
  }
  return out;
}

void load_cache(const json& entries, const json& failures, memory_cache& cache) {
  for (const json& e : entries) {
    cache.put(e["domain"].get<std::string>(),
              cache_entry{e["id"].get<std::string>(), policy_from_json(e["policy"]),
                          fixture_time(e["fetched_at"])});
  }
  for (const json& f : failures) {
    cache.record_failed_fetch(f["domain"].get<std::string>(), f["id"].get<std::string>(),
                              fixture_time(f["at"]));
  }
}

txt_answer txt_answer_from(const json& d) {
  txt_answer a;
  a.status = rcodes.from(d.value("rcode", "NOERROR")).value_or(dns_status::noerror);
  if (d.contains("cname")) a.cname = d["cname"].get<std::string>();
  if (d.contains("txt")) {
    for (const json& rec : d["txt"]) {
      std::vector<std::string> strings;
      for (const json& s : rec) strings.push_back(fixture_bytes(s));
      a.records.push_back(std::move(strings));
    }
  }
  return a;
}

https_response https_response_from(const json& h) {
  https_response r;
  r.transport =
      transports.from(h.value("transport", "completed")).value_or(transport_status::completed);
  r.transport_verified = tls_verdict_of(h);
  r.chain = tls_chain_of(h);
  r.status = h.value("status", 200);
  if (h.contains("headers")) {
    for (const json& kv : h["headers"])
      r.headers.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
  }
  if (h.contains("body")) r.body = fixture_bytes(h["body"]);
  return r;
}

std::unique_ptr<x509_port> x509_port_for(const std::string& roots_pem) {
  if (roots_pem.empty()) return std::make_unique<replay_x509>();
  return std::make_unique<openssl_x509>(roots_pem);
}

void load_step_world(const json& step, replay_dns& dns, replay_https& https) {
  if (step.contains("dns")) {
    for (const json& d : step["dns"]) dns.set_txt(d["name"].get<std::string>(), txt_answer_from(d));
  }
  if (step.contains("https")) {
    for (const json& h : step["https"])
      https.add_response(h["url"].get<std::string>(), https_response_from(h));
  }
}

mx_observation mx_observation_from(const json& m) {
  mx_observation o;
  o.host = m["host"].get<std::string>();
  o.starttls_offered = m.value("starttls", true);
  o.tls_failed = m.value("tls_failed", false);
  o.transport_verified = tls_verdict_of(m);
  o.chain = tls_chain_of(m);
  return o;
}

std::vector<mx_observation> step_mx(const json& step) {
  std::vector<mx_observation> out;
  if (!step.contains("mx")) return out;
  for (const json& m : step["mx"]) out.push_back(mx_observation_from(m));
  return out;
}

}  // namespace mtasts::conformance
