// SPDX-License-Identifier: Apache-2.0
// Another implementation through its shim (conformance/PROTOCOL.md). Level P runs one
// command per parse-level step; level D1 runs one session per test (shim_session.cc).
#include <set>

#include "mtasts/ascii.h"
#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/shim_identity.h"
#include "mtasts/conformance/subject.h"
#include "mtasts/conformance/time_format.h"
#include "mtasts/error.h"
#include "shim_session.h"

namespace mtasts::conformance {
namespace {

deadline after_seconds(int seconds) {
  return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

bool has_object(const json& j, const char* key) { return j.contains(key) && j[key].is_object(); }

// Level P: a rejection may carry the implementation's message instead of a token, and
// positions only when the shim prints them.
void adapt_error(const shim_config& config, json& expected, json& observed) {
  if (!has_object(observed, "error") || !has_object(expected, "error")) return;
  json& oe = observed["error"];
  json& ee = expected["error"];
  if (!oe.contains("token") && oe.contains("message") && oe["message"].is_string()) {
    const std::string m = config.translate_error(oe["message"].get<std::string>());
    if (is_family_only(m)) {
      oe["family"] = m;
      if (ee.contains("token")) ee["family"] = family_of(ee["token"].get<std::string>());
      ee.erase("token");
    } else {
      oe["token"] = m;
    }
  }
  for (const char* field : {"offset", "line", "column", "family"}) {
    if (!oe.contains(field)) ee.erase(field);
  }
}

// Fields a shim need not print (PROTOCOL.md "Comparison for shims"): extensions, of a record
// or inside a policy object, and the selected record's index (the id names it).
void drop_optional_fields(json& expected, const json& observed) {
  if (expected.contains("extensions") && !observed.contains("extensions"))
    expected.erase("extensions");
  auto drop_policy_extensions = [](json& exp_policy, const json& obs_policy) {
    if (exp_policy.is_object() && obs_policy.is_object() && exp_policy.contains("extensions") &&
        !obs_policy.contains("extensions"))
      exp_policy.erase("extensions");
  };
  if (has_object(expected, "policy") && has_object(observed, "policy"))
    drop_policy_extensions(expected["policy"], observed["policy"]);
  if (has_object(expected, "cache_after") && expected["cache_after"].contains("policy") &&
      has_object(observed, "cache_after") && observed["cache_after"].contains("policy"))
    drop_policy_extensions(expected["cache_after"]["policy"], observed["cache_after"]["policy"]);
  if (expected.contains("record") && !observed.contains("record")) expected.erase("record");
}

// PROTOCOL.md times are Unix seconds; fixtures write RFC 3339.
void adapt_times(json& observed) {
  if (has_object(observed, "cache_after") && observed["cache_after"].contains("fetched_at") &&
      observed["cache_after"]["fetched_at"].is_number_integer())
    observed["cache_after"]["fetched_at"] =
        format_rfc3339_utc(observed["cache_after"]["fetched_at"].get<std::int64_t>());
}

// Level D1: implementation messages → events through the ErrorMap; when any maps only to a
// family, the expected events compare as families.
void adapt_messages(const shim_config& config, json& expected, json& observed) {
  if (!observed.contains("messages") || !observed["messages"].is_array() ||
      observed.contains("events"))
    return;
  json events = json::array();
  bool families = false;
  for (const json& m : observed["messages"]) {
    const std::string e = m.is_string() ? config.translate_error(m.get<std::string>()) : m.dump();
    families = families || is_family_only(e);
    events.push_back(e);
  }
  observed["events"] = events;
  if (families && expected.contains("events")) {
    json exp_families = json::array();
    for (const json& e : expected["events"])
      exp_families.push_back(family_of(e.get<std::string>()));
    expected["event_families"] = exp_families;
    expected.erase("events");
  }
}

}  // namespace

std::unique_ptr<shim_subject> shim_subject::create(std::vector<std::string> command,
                                                   const shim_config& config, std::string& error) {
  const identity_answer answer =
      ask_identity(command, std::chrono::seconds(config.timeout_seconds));
  if (answer.status != identity_status::answered) {
    error = answer.error;
    return nullptr;
  }
  std::unique_ptr<shim_subject> s(new shim_subject(std::move(command), config));
  s->name_ = answer.identity.name.empty() ? config.impl : answer.identity.name;
  s->version_ = answer.identity.version;
  s->capabilities_ = answer.identity.capabilities;
  s->levels_ = answer.identity.levels;
  return s;
}

subject_run shim_subject::run(const test_case& test) {
  bool all_parse = true, any_parse = false;
  for (const step_action a : test.actions) {
    const bool p = describe(a).level == protocol_level::p;
    all_parse = all_parse && p;
    any_parse = any_parse || p;
  }
  if (all_parse) {
    if (!levels_.count("P")) return {run_status::unimplemented, {}, "the shim has no level P"};
    return run_parse_level(test);
  }
  if (any_parse) return {run_status::unimplemented, {}, "mixes parse and scenario steps"};
  if (!levels_.count("D1") && !levels_.count("D2"))
    return {run_status::unimplemented, {}, "the shim has no level D1"};
  if (test.presents_chain && !levels_.count("D2"))
    return {run_status::unimplemented, {}, "presents certificate chains: the shim has no level D2"};
  return run_shim_session(command_, test, config_.timeout_seconds);
}

subject_run shim_subject::run_parse_level(const test_case& test) {
  subject_run out;
  const deadline until = after_seconds(config_.timeout_seconds);
  shim_output_budget budget;
  const json& steps = test.body["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    level_p_answer answer =
        run_level_p(command_, level_p_input_from_step(test.actions[i], steps[i]), until, &budget);
    switch (answer.status) {
      case level_p_status::answered:
        out.observations.push_back(std::move(answer.output));
        break;
      case level_p_status::unimplemented:
        return {run_status::unimplemented, {}, answer.detail};
      case level_p_status::crashed:
        return {run_status::crashed, {}, answer.detail};
      case level_p_status::timed_out:
        return {run_status::timed_out,
                {},
                "no answer within " + std::to_string(config_.timeout_seconds) + " s"};
    }
  }
  return out;
}

void shim_subject::adapt(const test_case& /*test*/, std::size_t /*index*/, json& expected,
                         json& observed) const {
  adapt_error(config_, expected, observed);
  drop_optional_fields(expected, observed);
  adapt_times(observed);
  adapt_messages(config_, expected, observed);
  if (config_.mx_deduplicated) {
    if (expected.contains("mx") && expected["mx"].is_array()) dedupe_lowercase(expected["mx"]);
    if (has_object(expected, "policy") && expected["policy"].contains("mx"))
      dedupe_lowercase(expected["policy"]["mx"]);
  }
}

}  // namespace mtasts::conformance
