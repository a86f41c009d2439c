// Runs fixture tests against the built-in engine and parsers, in process, through the
// replay ports: the reference subject every other implementation is compared with.
#include <memory>

#include "base64.h"
#include "cert_match_command.h"
#include "match_command.h"
#include "mtasts/conformance/subject.h"
#include "mtasts/conformance/time_format.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"
#include "parse_command.h"

namespace mtasts::conformance {
namespace {

using namespace mtasts::engine;

std::int64_t to_time(const json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return *parse_rfc3339_utc(v.get<std::string>());  // checked by the loader
}

std::string to_bytes(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.contains("base64")) return cli::base64_decode(v["base64"].get<std::string>()).value_or("");
  std::string out;
  const std::string unit = v["repeat"].get<std::string>();
  const auto count = v["count"].get<std::size_t>();
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += unit;
  return out;
}

cert_status to_cert_status(const std::string& v) {
  if (v == "expired") return cert_status::expired;
  if (v == "not_yet_valid") return cert_status::not_yet_valid;
  if (v == "untrusted") return cert_status::untrusted;
  if (v == "name_mismatch") return cert_status::name_mismatch;
  return cert_status::valid;
}

mtasts::policy to_policy_model(const json& p) {
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

json policy_json(const mtasts::policy& p) {
  json ext = json::array();
  for (const auto& [n, v] : p.extensions) ext.push_back(json::array({n, v}));
  return json{{"version", p.version},
              {"mode", std::string(to_string(p.mode))},
              {"max_age", p.max_age},
              {"mx", p.mx},
              {"extensions", ext}};
}

json cache_json(const std::optional<cache_entry>& e) {
  if (!e) return nullptr;
  return json{{"id", e->id},
              {"fetched_at", format_rfc3339_utc(e->fetched_at)},
              {"policy", policy_json(e->policy)}};
}

void load_world(const json& step, replay_dns& dns, replay_https& https) {
  if (step.contains("dns")) {
    for (const json& d : step["dns"]) {
      txt_answer a;
      const std::string rcode = d["rcode"].get<std::string>();
      a.status = rcode == "NXDOMAIN"   ? dns_status::nxdomain
                 : rcode == "SERVFAIL" ? dns_status::servfail
                 : rcode == "TIMEOUT"  ? dns_status::timeout
                                       : dns_status::noerror;
      if (d.contains("cname")) a.cname = d["cname"].get<std::string>();
      if (d.contains("txt")) {
        for (const json& rec : d["txt"]) {
          std::vector<std::string> strings;
          for (const json& s : rec) strings.push_back(to_bytes(s));
          a.records.push_back(std::move(strings));
        }
      }
      dns.set_txt(d["name"].get<std::string>(), std::move(a));
    }
  }
  if (step.contains("https")) {
    for (const json& h : step["https"]) {
      https_response r;
      const std::string t = h.value("transport", "completed");
      r.transport = t == "connect_error" ? transport_status::connect_error
                    : t == "tls_error"   ? transport_status::tls_error
                    : t == "timeout"     ? transport_status::timeout
                                         : transport_status::completed;
      r.transport_verified =
          to_cert_status(h.contains("tls") ? h["tls"]["verdict"].get<std::string>() : "valid");
      r.status = h.value("status", 200);
      if (h.contains("headers")) {
        for (const json& kv : h["headers"])
          r.headers.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
      }
      if (h.contains("body")) r.body = to_bytes(h["body"]);
      https.add_response(h["url"].get<std::string>(), std::move(r));
    }
  }
}

std::vector<mx_observation> mx_observations(const json& step) {
  std::vector<mx_observation> out;
  if (!step.contains("mx")) return out;
  for (const json& m : step["mx"]) {
    mx_observation o;
    o.host = m["host"].get<std::string>();
    o.starttls_offered = m.value("starttls", true);
    o.tls_failed = m.value("tls_failed", false);
    o.transport_verified =
        to_cert_status(m.contains("tls") ? m["tls"]["verdict"].get<std::string>() : "valid");
    out.push_back(std::move(o));
  }
  return out;
}

json lookup_json(const lookup_result& r, const replay_dns& dns, const replay_https& https) {
  json events = json::array();
  for (const event& e : r.events) events.push_back(std::string(token(e.code)));
  json requests = json::array();
  for (const https_request& q : https.requests()) requests.push_back(q.url);
  static constexpr const char* sources[] = {"none", "fetched", "cached"};
  return json{{"outcome", sources[static_cast<int>(r.source)]},
              {"events", events},
              {"fetches", r.fetches},
              {"policy", r.in_force ? policy_json(r.in_force->policy) : json(nullptr)},
              {"active", r.active()},
              {"id", r.txt_id ? json(*r.txt_id) : json(nullptr)},
              {"alert", r.alert},
              {"requests", requests},
              {"queries", dns.queries()}};
}

json to_plain(const cli::json& ordered) { return json::parse(ordered.dump()); }

}  // namespace

std::set<std::string> engine_subject::capabilities() const {
  return {"parse", "match", "discover", "cache", "clock", "apply", "tlsrpt"};
}

subject_run engine_subject::run(const test_case& test) {
  subject_run out;
  const std::string domain = test.body.value("domain", "example.com");
  memory_cache cache;
  if (test.body.contains("cache_before")) {
    for (const json& e : test.body["cache_before"]) {
      cache.put(e["domain"].get<std::string>(),
                cache_entry{e["id"].get<std::string>(), to_policy_model(e["policy"]),
                            to_time(e["fetched_at"])});
    }
  }
  if (test.body.contains("failures_before")) {
    for (const json& f : test.body["failures_before"]) {
      cache.record_failed_fetch(f["domain"].get<std::string>(), f["id"].get<std::string>(),
                                to_time(f["at"]));
    }
  }
  for (const json& step : test.body["steps"]) {
    replay_dns dns;
    replay_https https;
    fixed_clock clock(to_time(step["now"]));
    replay_x509 x509;
    load_world(step, dns, https);
    mtasts::engine::engine eng(dns, https, clock, cache, x509);
    const std::string action = step["action"].get<std::string>();
    json obs;
    if (action == "lookup" || action == "refresh" || action == "deliver") {
      const lookup_result r = action == "refresh" ? eng.refresh(domain) : eng.lookup(domain);
      obs = lookup_json(r, dns, https);
      if (action == "deliver") {
        const delivery_plan plan = eng.decide(r, mx_observations(step));
        json mx = json::array();
        for (const mx_decision& d : plan.mx) {
          mx.push_back(
              json{{"host", d.verdict.host},
                   {"verdict", d.verdict.failure ? std::string(token(*d.verdict.failure)) : "ok"},
                   {"action", d.action == mx_action::deliver ? "deliver" : "skip"},
                   {"report", d.report ? json(std::string(*d.report)) : json(nullptr)}});
        }
        obs["mx"] = mx;
        obs["temporary_failure"] = plan.temporary_failure;
      }
    } else if (action == "lookup_tlsrpt") {
      const mtasts::engine::engine::tlsrpt_lookup_result r = eng.lookup_tlsrpt(domain);
      obs = json{{"rua", r.rua},
                 {"events",
                  r.failure ? json::array({std::string(token(r.failure->code))}) : json::array()},
                 {"queries", dns.queries()}};
    } else if (action == "may_fail_permanently") {
      obs = json{{"may_fail_permanently",
                  eng.may_fail_permanently(domain, step["applied_id"].get<std::string>())},
                 {"queries", dns.queries()}};
    } else if (action == "parse_txt") {
      obs = to_plain(cli::parse_txt(to_bytes(step["input"]), {}).output);
    } else if (action == "parse_policy") {
      obs = to_plain(cli::parse_policy_body(to_bytes(step["input"]), {}).output);
    } else if (action == "parse_tlsrpt") {
      obs = to_plain(cli::parse_tlsrpt(to_bytes(step["input"]), {}).output);
    } else if (action == "parse_txt_records") {
      std::vector<std::string> records;
      for (const json& rec : step["input"]) {
        std::string joined;
        if (rec.is_array()) {
          for (const json& s : rec) joined += to_bytes(s);
        } else {
          joined = to_bytes(rec);
        }
        records.push_back(std::move(joined));
      }
      obs = to_plain(cli::select_txt(records, {}).output);
    } else if (action == "match") {
      obs = to_plain(cli::run_match(step["input"]["pattern"].get<std::string>(),
                                    step["input"]["host"].get<std::string>())
                         .output);
    } else if (action == "cert_match") {
      cli::cert_match_request req;
      req.host = step["input"]["host"].get<std::string>();
      for (const json& n : step["input"]["names"]) req.names.push_back(n.get<std::string>());
      req.policy_host = step["input"].value("policy_host", false);
      obs = to_plain(cli::run_cert_match(req).output);
    }
    obs["cache_after"] = cache_json(cache.get(domain));
    out.observations.push_back(std::move(obs));
  }
  return out;
}

}  // namespace mtasts::conformance
