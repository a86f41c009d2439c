// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the MTA-STS validation engine (RFC 8461 §3-§5, §10.2) through its replay ports.
//
// A FuzzedDataProvider drives a sequence of steps. Each step may advance the clock, change
// the TXT answer of a domain's _mta-sts name (status, CNAME, records of valid or random
// strings, split into character-strings), queue an HTTPS response for its Policy Host
// (transport status, certificate verdict, HTTP status, Content-Type, body), put an entry
// straight into the cache, then calls lookup / refresh / refresh_due / decide /
// may_fail_permanently with MX observations (hosts from a small set, certificate verdicts).
//
// Input framing: every choice is an integer in a range below 256 (a random clock step: four
// bytes), taken one byte at a time from the END of the input
// (FuzzedDataProvider::ConsumeIntegralInRange); free-form strings
// (random TXT records, Content-Types, bodies, MX hosts) are taken from the FRONT
// (ConsumeRandomLengthString). When the input runs out every choice is 0, which is the common
// case of its table (a valid record, a 200 text/plain valid policy, a lookup), so a short
// input still plays a meaningful world. fuzz/fuzz_engine_seeds.py writes the seeds of
// corpus/fuzz_engine/ choice by choice (seed_*: no y_/n_ verdict applies to the engine).
//
// Oracles (abort with a message):
//  - no crash, no sanitizer report;
//  - the source is none, fetched or cached, and in_force is set exactly when it is not none;
//  - an expired policy is never in force: cached implies 0 <= now - fetched_at <= max_age,
//    fetched implies fetched_at == now (A-13, R-3.3-11);
//  - a cached policy in force is exactly the cache entry held before the call; a fetched one
//    is what the cache holds after it;
//  - a lookup or refresh makes at most one fetch, and the HTTPS port saw exactly r.fetches;
//  - an unexpired cached policy is never dropped: the call keeps a policy in force and the
//    cache keeps an entry (R-3.3-11, R-3.1-8; peers B2);
//  - a lookup whose TXT id equals the unexpired cached id fetches nothing (R-3.2-5, A-21);
//  - a fetched lookup's id is the TXT id; active() == (in force and mode != none);
//  - an alert only when a policy was cached and none was fetched, never for a cached policy
//    of mode none, expired or not (R-3.3-12, A-23);
//  - decide(): one decision per MX in order; without an active policy everything is
//    delivered unreported; under testing everything is delivered; under enforce a
//    delivered MX is valid, offered STARTTLS, has a valid certificate and matches a policy mx
//    pattern (checked with mtasts::mx_pattern_matches), and temporary_failure holds exactly
//    when nothing is delivered (R-5-2); every failure in an active mode carries
//    tlsrpt_result_type() of its code;
//  - may_fail_permanently() is false when DNS (without CNAME) publishes one valid record with
//    another id (R-5-1).
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

namespace me = mtasts::engine;
using mtasts::policy_mode;

constexpr int kMaxSteps = 24;

// The domains a step can address; lookups use the spelling, the world the canonical name.
constexpr std::array<std::string_view, 3> kSpellings = {"example.com", "example.net",
                                                        "Example.COM"};
constexpr std::array<std::string_view, 4> kIds = {"a", "b", "a1", "Zz9"};
constexpr std::array<std::string_view, 5> kMxHosts = {"mail.example.com", "a.mx.example.net",
                                                      "MAIL.example.com.", "evil.example.org",
                                                      "a.b.mx.example.net"};
constexpr std::array<me::cert_status, 5> kCertStatuses = {
    me::cert_status::valid, me::cert_status::untrusted, me::cert_status::expired,
    me::cert_status::not_yet_valid, me::cert_status::name_mismatch};

std::string policy_text(std::string_view mode, std::string_view max_age,
                        std::initializer_list<std::string_view> mx) {
  std::string body = "version: STSv1\nmode: ";
  body += mode;
  body += "\nmax_age: ";
  body += max_age;
  body += "\n";
  for (std::string_view m : mx) {
    body += "mx: ";
    body += m;
    body += "\n";
  }
  return body;
}

// A policy of the given mode and max_age with one of four mx lists.
std::string policy_with(std::size_t variant, std::string_view mode, std::string_view max_age) {
  switch (variant % 4) {
    case 0:
      return policy_text(mode, max_age, {"mail.example.com", "*.mx.example.net"});
    case 1:
      return policy_text(mode, max_age, {"*.example.com"});
    case 2:
      return policy_text(mode, max_age, {"mx.example.org"});
    default:
      return policy_text(mode, max_age, {"MAIL.EXAMPLE.COM", "*.example.net"});
  }
}

std::string lower(std::string_view s) { return mtasts_fuzz::ascii_lower(s); }

// Choices: an index below n (n <= 256), one byte from the end of the input.
std::size_t pick(FuzzedDataProvider& in, std::size_t n) {
  return in.ConsumeIntegralInRange<std::size_t>(0, n - 1);
}

// What the target itself records about the world, for the oracles.
struct model {
  std::map<std::string, me::txt_answer> txt;                            // by _mta-sts name
  std::map<std::pair<std::string, std::string>, me::cert_status> x509;  // (leaf, host)
};

struct ports {
  me::replay_dns dns;
  me::replay_https https;
  me::fixed_clock clock{1'700'000'000};
  me::memory_cache cache;
  me::replay_x509 x509;
  model m;
};

void set_txt(ports& p, const std::string& name, me::txt_answer a) {
  p.m.txt[lower(name)] = a;
  p.dns.set_txt(name, std::move(a));
}

std::string body_choice(FuzzedDataProvider& in) {
  const std::size_t variant = pick(in, 4);
  switch (pick(in, 12)) {
    case 0:
      return policy_with(variant, "enforce", "604800");
    case 1:
      return policy_with(variant, "testing", "604800");
    case 2:
      return policy_text("none", "604800", {});
    case 3:
      return policy_with(variant, "enforce", "0");
    case 4:
      return policy_with(variant, "enforce", "1");
    case 5:
      return policy_with(variant, "enforce", "31557600");
    case 6:
      return policy_with(variant, "testing", "300");
    case 7:
      return "version: STSv1\nmax_age: 86400\nmx: mail.example.com\n";  // no mode
    case 8:
      return "<html><body>404</body></html>";
    case 9:
      return std::string();
    case 10: {
      std::string big = policy_with(variant, "enforce", "86400");
      big += "pad: ";
      big += std::string(65536, 'p');
      big += "\n";
      return big;
    }
    default:
      return in.ConsumeRandomLengthString(512);
  }
}

me::txt_answer txt_choice(FuzzedDataProvider& in, std::string_view self) {
  me::txt_answer a;
  switch (pick(in, 8)) {
    case 3:
      a.status = me::dns_status::nxdomain;
      return a;
    case 4:
      a.status = me::dns_status::servfail;
      return a;
    case 5:
      a.status = me::dns_status::timeout;
      return a;
    case 6:
      return a;  // NODATA
    case 7: {
      static constexpr std::array<std::string_view, 3> targets = {"_mta-sts.example.net",
                                                                  "alias.example.org", ""};
      const std::string_view t = targets[pick(in, targets.size())];
      a.cname = t.empty() ? std::string(self) : std::string(t);
      return a;
    }
    default:
      break;
  }
  const std::size_t count = pick(in, 3) + 1;
  for (std::size_t i = 0; i < count; ++i) {
    std::string record;
    const std::size_t kind = pick(in, 6);
    if (kind <= 3) {
      record = "v=STSv1; id=" + std::string(kIds[pick(in, kIds.size())]);
    } else if (kind == 4) {
      static constexpr std::array<std::string_view, 5> others = {
          "v=spf1 -all", "v=STSv1;", "v=STSv1 ; id=spaced", "v=STSv1; id=bad-id", "V=STSv1; id=a"};
      record = std::string(others[pick(in, others.size())]);
    } else {
      record = in.ConsumeRandomLengthString(64);
    }
    // kind 3: sent as two character-strings, split at a chosen point (R-3.1-9).
    if (kind == 3 && !record.empty()) {
      const std::size_t at = pick(in, 256) % record.size();
      a.records.push_back({record.substr(0, at), record.substr(at)});
    } else {
      a.records.push_back({record});
    }
  }
  return a;
}

me::https_response https_choice(FuzzedDataProvider& in, ports& p, const std::string& policy_host,
                                int step) {
  me::https_response r;
  switch (pick(in, 8)) {
    case 5:
      r.transport = me::transport_status::connect_error;
      return r;
    case 6:
      r.transport = me::transport_status::tls_error;
      return r;
    case 7:
      r.transport = me::transport_status::timeout;
      return r;
    default:
      break;
  }
  switch (pick(in, 8)) {
    case 4: {
      const std::string leaf = "policy-leaf-" + std::to_string(step);
      const me::cert_status s = kCertStatuses[pick(in, kCertStatuses.size())];
      p.x509.set(leaf, policy_host, s);
      r.chain = me::cert_chain{{leaf}};
      break;
    }
    case 5:
      r.transport_verified = kCertStatuses[pick(in, kCertStatuses.size())];
      break;
    case 6:
      break;  // no certificate at all
    case 7:
      r.chain = me::cert_chain{};
      break;
    default:
      r.chain = me::cert_chain{{"policy-leaf"}};  // replay_x509 falls back to valid
      break;
  }
  static constexpr std::array<int, 8> statuses = {200, 200, 200, 200, 204, 301, 404, 500};
  r.status = statuses[pick(in, statuses.size())];
  static constexpr std::array<std::string_view, 6> types = {
      "text/plain", "text/plain; charset=utf-8", "TEXT/PLAIN", "text/html", "text/plainx", ""};
  const std::size_t type = pick(in, 8);
  if (type < types.size()) {
    r.headers.emplace_back("Content-Type", std::string(types[type]));
  } else if (type == 6) {
    r.headers.emplace_back("content-type", in.ConsumeRandomLengthString(32));
  }  // 7: no Content-Type
  r.body = body_choice(in);
  return r;
}

me::mx_observation mx_choice(FuzzedDataProvider& in, ports& p, int step, std::size_t i) {
  me::mx_observation o;
  const std::size_t h = pick(in, 8);
  if (h < kMxHosts.size()) {
    o.host = std::string(kMxHosts[h]);
  } else if (h == 5) {
    o.host = "*.example.com";
  } else if (h == 6) {
    o.host = "";
  } else {
    o.host = in.ConsumeRandomLengthString(40);
  }
  o.starttls_offered = pick(in, 8) != 7;
  o.tls_failed = pick(in, 16) == 15;
  const std::size_t cert = pick(in, 4);
  const me::cert_status s = kCertStatuses[pick(in, kCertStatuses.size())];
  if (cert <= 1) {
    const std::string leaf = "mx-leaf-" + std::to_string(step) + "-" + std::to_string(i);
    p.x509.set(leaf, o.host, s);
    std::string host_key = lower(o.host);
    if (!host_key.empty() && host_key.back() == '.') host_key.pop_back();
    p.m.x509[{leaf, host_key}] = s;
    o.chain = me::cert_chain{{leaf}};
  } else if (cert == 2) {
    o.transport_verified = s;
  }
  return o;
}

bool unexpired(const me::cache_entry& e, me::unix_seconds now) {
  const me::unix_seconds age = now - e.fetched_at;
  return age >= 0 && static_cast<std::uint64_t>(age) <= e.policy.max_age;
}

std::string describe(const me::lookup_result& r, me::unix_seconds now) {
  std::string d = "source=" + std::to_string(static_cast<int>(r.source)) +
                  " fetches=" + std::to_string(r.fetches) + " now=" + std::to_string(now);
  if (r.in_force) {
    d += " id=" + r.in_force->id + " fetched_at=" + std::to_string(r.in_force->fetched_at) +
         " max_age=" + std::to_string(r.in_force->policy.max_age) +
         " mode=" + std::string(mtasts::to_string(r.in_force->policy.mode));
  }
  if (r.txt_id) d += " txt_id=" + *r.txt_id;
  for (const me::event& e : r.events) d += " " + std::string(mtasts::token(e.code));
  return d;
}

// The oracles of a lookup or refresh.
void check_lookup(const me::lookup_result& r, const std::optional<me::cache_entry>& before,
                  const std::optional<me::cache_entry>& after, std::size_t requests_made,
                  me::unix_seconds now, bool is_refresh) {
  const std::string d = describe(r, now);
  MTASTS_FUZZ_CHECK(r.source == me::policy_source::none || r.source == me::policy_source::fetched ||
                        r.source == me::policy_source::cached,
                    d);
  MTASTS_FUZZ_CHECK((r.source == me::policy_source::none) == !r.in_force.has_value(), d);
  MTASTS_FUZZ_CHECK(r.fetches >= 0 && r.fetches <= 1, d);
  MTASTS_FUZZ_CHECK(requests_made == static_cast<std::size_t>(r.fetches), d);
  MTASTS_FUZZ_CHECK(r.active() == (r.in_force && r.in_force->policy.mode != policy_mode::none), d);
  for (const me::event& e : r.events) {
    MTASTS_FUZZ_CHECK(static_cast<std::size_t>(e.code) < mtasts::all_error_codes().size(), d);
  }
  if (r.source == me::policy_source::cached) {
    // An expired policy is never in force, and a cached one is what the cache held.
    MTASTS_FUZZ_CHECK(unexpired(*r.in_force, now), d);
    MTASTS_FUZZ_CHECK(before.has_value() && r.in_force->id == before->id &&
                          r.in_force->fetched_at == before->fetched_at &&
                          r.in_force->policy == before->policy,
                      d);
  }
  if (r.source == me::policy_source::fetched) {
    MTASTS_FUZZ_CHECK(r.fetches == 1, d);
    MTASTS_FUZZ_CHECK(r.in_force->fetched_at == now, d);
    MTASTS_FUZZ_CHECK(after.has_value() && after->id == r.in_force->id &&
                          after->fetched_at == now && after->policy == r.in_force->policy,
                      d);
    if (!is_refresh) {
      MTASTS_FUZZ_CHECK(r.txt_id.has_value() && *r.txt_id == r.in_force->id, d);
    }
  }
  if (before && unexpired(*before, now)) {
    // R-3.3-11, R-3.1-8: no downgrade while an unexpired policy is cached.
    MTASTS_FUZZ_CHECK(r.source != me::policy_source::none, d);
    MTASTS_FUZZ_CHECK(after.has_value(), d);
    if (!is_refresh && r.txt_id && *r.txt_id == before->id) {
      MTASTS_FUZZ_CHECK(r.fetches == 0 && r.source == me::policy_source::cached, d);
    }
  }
  // R-3.3-12: an alert is about a cached policy whose refresh failed, never about mode none,
  // expired or not.
  if (r.alert) MTASTS_FUZZ_CHECK(before.has_value() && r.source != me::policy_source::fetched, d);
  if (before && before->policy.mode == policy_mode::none) MTASTS_FUZZ_CHECK(!r.alert, d);
}

bool host_matches_policy(const mtasts::policy& policy, std::string_view host_text) {
  const mtasts::result<std::string_view> host = mtasts::parse_host_name(host_text);
  if (!host.ok()) return false;
  for (const std::string& text : policy.mx) {
    const mtasts::result<mtasts::mx_pattern> pattern = mtasts::parse_mx_pattern(text, true);
    if (pattern.ok() && mtasts::mx_pattern_matches(pattern.value(), host.value())) return true;
  }
  return false;
}

// The certificate verdict the world gives this observation, as the target recorded it.
bool cert_valid(const ports& p, const me::mx_observation& o) {
  if (o.transport_verified) return *o.transport_verified == me::cert_status::valid;
  if (!o.chain || o.chain->certificates.empty()) return false;
  std::string host_key = lower(o.host);
  if (!host_key.empty() && host_key.back() == '.') host_key.pop_back();
  const auto it = p.m.x509.find({o.chain->certificates.front(), host_key});
  return it != p.m.x509.end() && it->second == me::cert_status::valid;
}

void check_plan(const ports& p, const me::lookup_result& r,
                const std::vector<me::mx_observation>& mxs, const me::delivery_plan& plan) {
  MTASTS_FUZZ_CHECK(plan.mx.size() == mxs.size(), "one decision per MX");
  bool any_deliver = false;
  for (std::size_t i = 0; i < mxs.size(); ++i) {
    const me::mx_decision& d = plan.mx[i];
    const me::mx_observation& o = mxs[i];
    const std::string detail =
        "mx=" + o.host + " action=" + std::to_string(static_cast<int>(d.action)) +
        (d.verdict.failure ? " failure=" + std::string(mtasts::token(*d.verdict.failure)) : "");
    MTASTS_FUZZ_CHECK(d.verdict.host == o.host, detail);
    MTASTS_FUZZ_CHECK(d.action == me::mx_action::deliver || d.action == me::mx_action::skip,
                      detail);
    any_deliver = any_deliver || d.action == me::mx_action::deliver;
    if (!r.active()) {
      MTASTS_FUZZ_CHECK(d.action == me::mx_action::deliver && !d.report && d.verdict.valid(),
                        detail);
      continue;
    }
    const mtasts::policy& policy = r.in_force->policy;
    if (d.verdict.failure) {
      MTASTS_FUZZ_CHECK(d.report == me::tlsrpt_result_type(*d.verdict.failure), detail);
    } else {
      MTASTS_FUZZ_CHECK(!d.report, detail);
    }
    if (policy.mode == policy_mode::testing) {
      MTASTS_FUZZ_CHECK(d.action == me::mx_action::deliver, detail);
    }
    if (policy.mode == policy_mode::enforce && d.action == me::mx_action::deliver) {
      // §5: enforce never delivers to an MX that fails validation.
      MTASTS_FUZZ_CHECK(d.verdict.valid(), detail);
      MTASTS_FUZZ_CHECK(host_matches_policy(policy, o.host), detail);
      MTASTS_FUZZ_CHECK(o.starttls_offered && !o.tls_failed, detail);
      MTASTS_FUZZ_CHECK(cert_valid(p, o), detail);
    }
  }
  const bool enforce = r.active() && r.in_force->policy.mode == policy_mode::enforce;
  MTASTS_FUZZ_CHECK(plan.temporary_failure == (enforce && !any_deliver), "temporary_failure");
  if (!r.in_force) MTASTS_FUZZ_CHECK(!plan.mode.has_value(), "mode without a policy");
}

// R-5-1: a new id published directly (no CNAME) must stop a permanent failure.
void check_may_fail(const ports& p, const std::string& key, std::string_view applied, bool may) {
  const auto it = p.m.txt.find("_mta-sts." + key);
  if (it == p.m.txt.end()) return;
  const me::txt_answer& a = it->second;
  if (a.status != me::dns_status::noerror || a.cname || a.records.empty()) return;
  std::vector<std::string> joined;
  for (const auto& strings : a.records) {
    std::string s;
    for (const std::string& part : strings) s += part;
    joined.push_back(std::move(s));
  }
  const std::vector<std::string_view> views(joined.begin(), joined.end());
  const mtasts::result<mtasts::txt_selection, mtasts::selection_error> sel =
      mtasts::select_txt_record(views);
  if (sel.ok() && sel.value().record.id != applied) {
    MTASTS_FUZZ_CHECK(!may, "may_fail_permanently with a new id published");
  }
}

// Plays one input; returns whether any lookup had a policy in force (the "verdict").
bool run(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  ports p;
  me::engine_config config;
  config.require_text_plain = pick(in, 2) == 0;
  static constexpr std::array<std::size_t, 3> bodies = {65536, 1024, 64};
  config.max_body = bodies[pick(in, bodies.size())];
  static constexpr std::array<me::unix_seconds, 3> backoffs = {300, 0, 60};
  config.failed_fetch_backoff = backoffs[pick(in, backoffs.size())];
  static constexpr std::array<int, 3> depths = {8, 1, 2};
  config.max_cname_depth = depths[pick(in, depths.size())];
  config.refresh_interval = pick(in, 2) == 0 ? 86400 : 3600;
  me::engine engine(p.dns, p.https, p.clock, p.cache, p.x509, config);

  bool any_policy = false;
  std::optional<me::lookup_result> last;
  const int steps = static_cast<int>(pick(in, kMaxSteps)) + 1;
  for (int step = 0; step < steps; ++step) {
    static constexpr std::array<me::unix_seconds, 11> advances = {
        0, 1, 299, 300, 301, 3600, 86399, 86400, 604800, -1, -300};
    const std::size_t adv = pick(in, advances.size() + 1);
    p.clock.advance(adv < advances.size()
                        ? advances[adv]
                        : in.ConsumeIntegralInRange<me::unix_seconds>(0, 40000000));

    const std::string_view spelling = kSpellings[pick(in, kSpellings.size())];
    const std::string key = lower(spelling);
    const std::string txt_name = "_mta-sts." + key;
    const std::string policy_host = "mta-sts." + key;
    const std::string url = "https://" + policy_host + "/.well-known/mta-sts.txt";

    const std::size_t change = pick(in, 4);
    if (change == 0 || change == 1) {
      set_txt(p, txt_name, txt_choice(in, txt_name));
      if (pick(in, 4) == 3) set_txt(p, "alias.example.org", txt_choice(in, "alias.example.org"));
    }
    if (change == 0 || change == 2)
      p.https.add_response(url, https_choice(in, p, policy_host, step));
    if (pick(in, 8) == 7) {
      // Cache contents: an entry put straight into the cache port, and a recorded failure.
      static constexpr std::array<me::unix_seconds, 6> ages = {0, 1, 100, 86400, 604801, -10};
      const std::optional<mtasts::policy> parsed = [&]() -> std::optional<mtasts::policy> {
        auto res = mtasts::parse_policy(body_choice(in));
        if (!res.ok()) return std::nullopt;
        return res.value();
      }();
      const std::string id(kIds[pick(in, kIds.size())]);
      const me::unix_seconds at = p.clock.now() - ages[pick(in, ages.size())];
      if (parsed) p.cache.put(key, me::cache_entry{id, *parsed, at});
      if (pick(in, 2) == 1) p.cache.record_failed_fetch(key, id, at);
    }

    const std::size_t op = pick(in, 8);
    const me::unix_seconds now = p.clock.now();
    if (op <= 3 || op == 7) {
      const bool is_refresh = op == 3;
      const std::optional<me::cache_entry> before = p.cache.get(key);
      const std::size_t requests = p.https.requests().size();
      me::lookup_result r = is_refresh ? engine.refresh(spelling) : engine.lookup(spelling);
      check_lookup(r, before, p.cache.get(key), p.https.requests().size() - requests, now,
                   is_refresh);
      any_policy = any_policy || r.in_force.has_value();
      last = std::move(r);
    } else if (op == 4) {
      const bool due = engine.refresh_due(spelling);
      if (!p.cache.get(key)) MTASTS_FUZZ_CHECK(!due, "refresh due without a cached policy");
    } else if (op == 6) {
      const std::string applied(kIds[pick(in, kIds.size())]);
      check_may_fail(p, key, applied, engine.may_fail_permanently(spelling, applied));
    }
    if ((op == 5 || op == 7) && last) {
      std::vector<me::mx_observation> mxs;
      const std::size_t count = pick(in, 5);
      for (std::size_t i = 0; i < count; ++i) mxs.push_back(mx_choice(in, p, step, i));
      check_plan(p, *last, mxs, engine.decide(*last, mxs));
      if (last->in_force) {
        for (const me::mx_observation& o : mxs) {
          const me::mx_verdict v = engine.validate_mx(last->in_force->policy, o);
          if (v.valid()) {
            MTASTS_FUZZ_CHECK(host_matches_policy(last->in_force->policy, o.host), o.host);
          }
        }
      }
    }
  }
  return any_policy;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  run(data, size);
  return 0;
}

// 1 when some lookup of the run had a policy in force. The engine's seeds are named seed_*:
// the replay main checks no verdict for them.
extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  return run(data, size) ? 1 : 0;
}

MTASTS_FUZZ_HARNESS_END
