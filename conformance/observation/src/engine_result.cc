// SPDX-License-Identifier: Apache-2.0
// Observations of the engine's answers (see engine_result.h).
#include "mtasts/observation/engine_result.h"

#include "mtasts/observation/bytes.h"
#include "mtasts/tlsrpt_report.h"

namespace mtasts::observation {
namespace {

std::string_view source_name(engine::policy_source source) {
  switch (source) {
    case engine::policy_source::fetched:
      return "fetched";
    case engine::policy_source::cached:
      return "cached";
    case engine::policy_source::none:
      break;
  }
  return "none";
}

json event_tokens(const std::vector<engine::event>& events) {
  json tokens = json::array();
  for (const engine::event& e : events) tokens.push_back(std::string(token(e.code)));
  return tokens;
}

}  // namespace

json policy_to_json(const mtasts::policy& p) {
  json ext = json::array();
  for (const auto& [n, v] : p.extensions) ext.push_back(json::array({n, v}));
  return json{{"version", p.version},
              {"mode", std::string(to_string(p.mode))},
              {"max_age", p.max_age},
              {"mx", p.mx},
              {"extensions", ext}};
}

json cache_entry_json(const std::optional<engine::cache_entry>& e) {
  if (!e) return nullptr;
  return json{{"id", e->id},
              {"fetched_at", tlsrpt::format_rfc3339(e->fetched_at)},
              {"policy", policy_to_json(e->policy)}};
}

json lookup_observation(const engine::lookup_result& r) {
  return json{{"outcome", std::string(source_name(r.source))},
              {"events", event_tokens(r.events)},
              {"fetches", r.fetches},
              {"policy", r.in_force ? policy_to_json(r.in_force->policy) : json(nullptr)},
              {"active", r.active()},
              {"id", r.txt_id ? json(*r.txt_id) : json(nullptr)},
              {"alert", r.alert}};
}

void add_delivery_observation(const engine::delivery_plan& plan, json& observation) {
  json mx = json::array();
  for (const engine::mx_decision& d : plan.mx) {
    mx.push_back(
        json{{"host", bytes_to_json(d.verdict.host)},  // an MX name is any bytes (RFC 1035)
             {"verdict", d.verdict.failure ? std::string(token(*d.verdict.failure)) : "ok"},
             {"action", d.action == engine::mx_action::deliver ? "deliver" : "skip"},
             {"report", d.report ? json(std::string(*d.report)) : json(nullptr)}});
  }
  observation["mx"] = mx;
  observation["temporary_failure"] = plan.temporary_failure;
}

json tlsrpt_lookup_observation(const engine::engine::tlsrpt_lookup_result& r) {
  json events = json::array();
  if (r.failure) events.push_back(std::string(token(r.failure->code)));
  return json{{"rua", r.rua}, {"events", events}};
}

json may_fail_permanently_observation(bool may_fail) {
  return json{{"may_fail_permanently", may_fail}};
}

}  // namespace mtasts::observation
