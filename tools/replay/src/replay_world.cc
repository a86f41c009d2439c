// SPDX-License-Identifier: Apache-2.0
// Builds a replay_world from a fixture step (fixtures/FORMAT.md "Step").
#include "mtasts/replay/replay_world.h"

#include <stdexcept>

#include "mtasts/ascii.h"
#include "mtasts/conformance/world.h"

namespace mtasts::replay {

using conformance::json;

std::string name_key(std::string_view name) { return dns_name_key(name); }

namespace {

// [start, end) of the host inside a URL: after "://", up to the port, path or query.
std::pair<std::size_t, std::size_t> host_span(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t end = url.find_first_of(":/?#", start);
  return {start, end == std::string_view::npos ? url.size() : end};
}

dns_entry dns_entry_from(const json& d) {
  dns_entry e;
  const std::string rcode = d.value("rcode", "NOERROR");
  e.code = rcode == "NXDOMAIN"   ? dns_entry::rcode::nxdomain
           : rcode == "SERVFAIL" ? dns_entry::rcode::servfail
           : rcode == "TIMEOUT"  ? dns_entry::rcode::timeout
                                 : dns_entry::rcode::noerror;
  if (d.contains("cname")) e.cname = name_key(d["cname"].get<std::string>());
  if (d.contains("txt")) {
    for (const json& rec : d["txt"]) {
      std::vector<std::string> strings;
      for (const json& s : rec) strings.push_back(conformance::fixture_bytes(s));
      e.txt.push_back(std::move(strings));
    }
  }
  return e;
}

body_spec body_from(const json& h) {
  body_spec b;
  if (!h.contains("body")) return b;
  const json& v = h["body"];
  if (v.is_object() && v.contains("repeat")) {
    b.unit = v["repeat"].get<std::string>();
    b.count = v["count"].get<std::size_t>();
    if (b.unit.empty()) b.count = 0;
  } else {
    b.literal = conformance::fixture_bytes(v);
  }
  return b;
}

tls_spec tls_spec_from(const json& tls) {
  tls_spec t;
  t.verdict = tls.value("verdict", "valid");
  if (tls.contains("chain_pem")) {
    for (const json& pem : tls["chain_pem"]) t.chain_pem.push_back(pem.get<std::string>());
    t.key_pem = tls.value("key_pem", std::string());
  }
  return t;
}

https_exchange exchange_from(const json& h) {
  https_exchange x;
  x.url = normalise_url(h["url"].get<std::string>());
  const std::string t = h.value("transport", "completed");
  x.kind = t == "connect_error" ? https_exchange::transport::connect_error
           : t == "tls_error"   ? https_exchange::transport::tls_error
           : t == "timeout"     ? https_exchange::transport::timeout
                                : https_exchange::transport::completed;
  if (h.contains("tls")) x.tls = tls_spec_from(h["tls"]);
  x.status = h.value("status", 200);
  if (h.contains("headers")) {
    for (const json& kv : h["headers"])
      x.headers.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
  }
  x.body = body_from(h);
  return x;
}

}  // namespace

std::string url_host(std::string_view url) {
  const auto [start, end] = host_span(url);
  return name_key(url.substr(start, end - start));
}

std::string normalise_url(std::string_view url) {
  const auto [start, end] = host_span(url);
  return name_key(url.substr(0, end)) + std::string(url.substr(end));
}

replay_world replay_world::from_test(const json& test, std::size_t step) {
  if (!test.contains("steps") || step >= test["steps"].size())
    throw std::invalid_argument("the test has no step " + std::to_string(step));
  const json& s = test["steps"][step];
  replay_world w;
  w.domain = name_key(test.value("domain", "example.com"));
  w.action = s.value("action", "");
  if (s.contains("dns")) {
    for (const json& d : s["dns"])
      w.dns[name_key(d["name"].get<std::string>())] = dns_entry_from(d);
  }
  // A host resolves to 127.0.0.1 when any of its exchanges reaches a server; only when every
  // one is connect_error does it resolve where nothing listens.
  std::map<std::string, bool> reachable;
  if (s.contains("https")) {
    for (const json& h : s["https"]) {
      https_exchange x = exchange_from(h);
      const std::string host = url_host(x.url);
      reachable[host] = reachable[host] || x.kind != https_exchange::transport::connect_error;
      // SNI names the host, not the URL: a host's certificate follows its first entry.
      w.https_tls.emplace(host, x.tls);
      w.https[x.url].push_back(std::move(x));
    }
  }
  for (const auto& [host, up] : reachable)
    w.addresses[host] = std::string(up ? https_address : refused_address);
  if (s.contains("mx")) {
    int n = 0;
    for (const json& m : s["mx"]) {
      mx_host h;
      h.name = m["host"].get<std::string>();
      h.key = name_key(h.name);
      h.starttls = m.value("starttls", true);
      h.tls_failed = m.value("tls_failed", false);
      if (m.contains("tls")) h.tls = tls_spec_from(m["tls"]);
      if (++n > 254) throw std::invalid_argument("more than 254 MX hosts");
      h.address = "127.0.1." + std::to_string(n);
      // A host also serving HTTPS keeps 127.0.0.1 in DNS; its SMTP listener stays bound.
      w.addresses.emplace(h.key, h.address);
      w.mx.push_back(std::move(h));
    }
  }
  return w;
}

}  // namespace mtasts::replay
