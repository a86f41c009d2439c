// SPDX-License-Identifier: Apache-2.0
// Runs fixture tests against the built-in engine and parsers, in process, through the
// replay ports: the reference subject every other implementation is compared with.
#include "mtasts/conformance/engine_observer.h"
#include "mtasts/conformance/subject.h"
#include "mtasts/conformance/world.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"
#include "mtasts/observation/engine_result.h"

namespace mtasts::conformance {
namespace {

using namespace mtasts::engine;

// What the replay ports were asked during a scenario step.
void add_world_questions(const replay_dns& dns, const replay_https& https, json& obs) {
  json requests = json::array();
  for (const https_request& q : https.requests()) requests.push_back(q.url);
  obs["requests"] = std::move(requests);
  obs["queries"] = dns.queries();
}

}  // namespace

std::set<capability> engine_subject::capabilities() const {
  std::set<capability> all;
  for (const auto& [c, name] : conformance::capabilities.words) all.insert(c);
  return all;
}

subject_run engine_subject::run(const test_case& test) {
  subject_run out;
  const std::string domain = test.body.value("domain", "example.com");
  memory_cache cache;
  load_cache(test.body.value("cache_before", json::array()),
             test.body.value("failures_before", json::array()), cache);
  const json& steps = test.body["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    const step_action action = test.actions[i];
    json obs;
    if (describe(action).level == protocol_level::p) {
      obs = observe_parse_step(action, step, *idna_);
    } else {
      replay_dns dns;
      replay_https https;
      fixed_clock clock(fixture_time(step["now"]));
      // Level D2: the chains are judged here, against the test PKI's root, at the step's time.
      const std::unique_ptr<x509_port> x509 =
          x509_port_for(test.presents_chain ? test.body.value("roots_pem", std::string()) : "");
      load_step_world(step, dns, https);
      mtasts::engine::engine eng(dns, https, clock, cache, *x509, *idna_);
      obs = observe_scenario_step(action, eng, domain, step, [&] { return step_mx(step); });
      add_world_questions(dns, https, obs);
    }
    obs["cache_after"] = observation::cache_entry_json(cache.get(domain));
    out.observations.push_back(std::move(obs));
  }
  return out;
}

}  // namespace mtasts::conformance
