// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/dns_resolution.h"

#include <set>

namespace mtasts::replay {

namespace {

// Longer chains than this are a loop a resolver would give up on.
constexpr int max_cname_hops = 16;

bool is(std::uint16_t type, rr_type t) { return type == static_cast<std::uint16_t>(t); }

}  // namespace

dns_resolution resolve(const replay_world& world, const std::string& qname, std::uint16_t type) {
  dns_resolution out;
  std::string name = qname;
  std::set<std::string> seen;
  for (int hop = 0; hop < max_cname_hops; ++hop) {
    seen.insert(name);
    const auto host = world.addresses.find(name);
    const auto entry = world.dns.find(name);
    const bool known_name = host != world.addresses.end() || name == world.domain;
    if (host != world.addresses.end() && (is(type, rr_type::a) || is(type, rr_type::aaaa))) {
      // AAAA: NODATA, so clients fall back to the IPv4 address (RFC 6724 order aside).
      if (is(type, rr_type::a)) {
        dns_record r{name, rr_type::a, host->second, {}, 0, {}};
        out.records.push_back(std::move(r));
      }
      return out;
    }
    if (name == world.domain && is(type, rr_type::mx) && world.action == "deliver") {
      // RFC 5321 §5.1: lower preference first; 10, 20, 30... keeps the recorded order.
      std::uint16_t pref = 10;
      for (const mx_host& m : world.mx) {
        // The exchange as recorded (case kept: RFC 4343), without the root dot DNS names
        // carry implicitly.
        std::string exchange = m.name;
        if (exchange.size() > 1 && exchange.back() == '.') exchange.pop_back();
        out.records.push_back(dns_record{name, rr_type::mx, {}, exchange, pref, {}});
        pref = static_cast<std::uint16_t>(pref + 10);
      }
      return out;
    }
    if (entry == world.dns.end()) {
      // A name never recorded does not exist, except the names this server serves.
      if (!known_name) out.rcode = rcode_nxdomain;
      return out;
    }
    const dns_entry& e = entry->second;
    switch (e.code) {
      case dns_entry::rcode::timeout:
        out.answer = false;
        return out;
      case dns_entry::rcode::servfail:
        out.rcode = rcode_servfail;
        out.records.clear();
        return out;
      case dns_entry::rcode::nxdomain:
        out.rcode = rcode_nxdomain;
        return out;
      case dns_entry::rcode::noerror:
        break;
    }
    if (e.cname) {
      // RFC 1034 §3.6.2 / §4.3.2: the CNAME, then the target's records, as a recursive
      // resolver returns them (a loop ends the chain where it repeats).
      out.records.push_back(dns_record{name, rr_type::cname, {}, *e.cname, 0, {}});
      if (is(type, rr_type::cname) || seen.count(*e.cname) != 0) return out;
      name = *e.cname;
      continue;
    }
    if (is(type, rr_type::txt)) {
      for (const auto& strings : e.txt)
        out.records.push_back(dns_record{name, rr_type::txt, {}, {}, 0, strings});
    }
    return out;
  }
  return out;
}

}  // namespace mtasts::replay
