// Conversions between fixture JSON and engine types (see world.h).
#include "mtasts/conformance/world.h"

#include "base64.h"
#include "mtasts/conformance/time_format.h"

namespace mtasts::conformance {

using namespace mtasts::engine;

std::int64_t fixture_time(const json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  return parse_rfc3339_utc(v.get<std::string>()).value_or(0);
}

std::string fixture_bytes(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.contains("base64")) return cli::base64_decode(v["base64"].get<std::string>()).value_or("");
  std::string out;
  const std::string unit = v["repeat"].get<std::string>();
  const auto count = v["count"].get<std::size_t>();
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += unit;
  return out;
}

cert_status cert_status_from(const std::string& v) {
  if (v == "expired") return cert_status::expired;
  if (v == "not_yet_valid") return cert_status::not_yet_valid;
  if (v == "untrusted") return cert_status::untrusted;
  if (v == "name_mismatch") return cert_status::name_mismatch;
  return cert_status::valid;
}

std::string_view cert_verdict_name(cert_status s) {
  switch (s) {
    case cert_status::expired:
      return "expired";
    case cert_status::not_yet_valid:
      return "not_yet_valid";
    case cert_status::untrusted:
      return "untrusted";
    case cert_status::name_mismatch:
      return "name_mismatch";
    case cert_status::valid:
      break;
  }
  return "valid";
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

json policy_to_json(const mtasts::policy& p) {
  json ext = json::array();
  for (const auto& [n, v] : p.extensions) ext.push_back(json::array({n, v}));
  return json{{"version", p.version},
              {"mode", std::string(to_string(p.mode))},
              {"max_age", p.max_age},
              {"mx", p.mx},
              {"extensions", ext}};
}

json cache_entry_json(const std::optional<cache_entry>& e) {
  if (!e) return nullptr;
  return json{{"id", e->id},
              {"fetched_at", format_rfc3339_utc(e->fetched_at)},
              {"policy", policy_to_json(e->policy)}};
}

txt_answer txt_answer_from(const json& d) {
  txt_answer a;
  const std::string rcode = d.value("rcode", "NOERROR");
  a.status = rcode == "NXDOMAIN"   ? dns_status::nxdomain
             : rcode == "SERVFAIL" ? dns_status::servfail
             : rcode == "TIMEOUT"  ? dns_status::timeout
                                   : dns_status::noerror;
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
  const std::string t = h.value("transport", "completed");
  r.transport = t == "connect_error" ? transport_status::connect_error
                : t == "tls_error"   ? transport_status::tls_error
                : t == "timeout"     ? transport_status::timeout
                                     : transport_status::completed;
  r.transport_verified =
      cert_status_from(h.contains("tls") ? h["tls"]["verdict"].get<std::string>() : "valid");
  r.status = h.value("status", 200);
  if (h.contains("headers")) {
    for (const json& kv : h["headers"])
      r.headers.emplace_back(kv[0].get<std::string>(), kv[1].get<std::string>());
  }
  if (h.contains("body")) r.body = fixture_bytes(h["body"]);
  return r;
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
  o.transport_verified =
      cert_status_from(m.contains("tls") ? m["tls"]["verdict"].get<std::string>() : "valid");
  return o;
}

std::vector<mx_observation> step_mx(const json& step) {
  std::vector<mx_observation> out;
  if (!step.contains("mx")) return out;
  for (const json& m : step["mx"]) out.push_back(mx_observation_from(m));
  return out;
}

json lookup_observation(const lookup_result& r) {
  json events = json::array();
  for (const event& e : r.events) events.push_back(std::string(token(e.code)));
  static constexpr const char* sources[] = {"none", "fetched", "cached"};
  return json{{"outcome", sources[static_cast<int>(r.source)]},
              {"events", events},
              {"fetches", r.fetches},
              {"policy", r.in_force ? policy_to_json(r.in_force->policy) : json(nullptr)},
              {"active", r.active()},
              {"id", r.txt_id ? json(*r.txt_id) : json(nullptr)},
              {"alert", r.alert}};
}

void add_delivery_observation(const delivery_plan& plan, json& obs) {
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

}  // namespace mtasts::conformance
