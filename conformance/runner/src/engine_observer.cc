// SPDX-License-Identifier: Apache-2.0
// Our engine's observation of one step (see engine_observer.h).
#include "mtasts/conformance/engine_observer.h"

#include "mtasts/conformance/world.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/engine_result.h"
#include "mtasts/observation/parse_result.h"
#include "mtasts/observation/report_result.h"
#include "mtasts/observation/txt_answer.h"

namespace mtasts::conformance {

json observe_scenario_step(step_action action, engine::engine& engine, const std::string& domain,
                           const json& step, const mx_sessions& mx) {
  switch (action) {
    case step_action::lookup:
      return observation::lookup_observation(engine.lookup(domain));
    case step_action::refresh:
      return observation::lookup_observation(engine.refresh(domain));
    case step_action::deliver: {
      const engine::lookup_result found = engine.lookup(domain);
      json obs = observation::lookup_observation(found);
      observation::add_delivery_observation(engine.decide(found, mx()), obs);
      return obs;
    }
    case step_action::may_fail_permanently:
      return observation::may_fail_permanently_observation(
          engine.may_fail_permanently(domain, step["applied_id"].get<std::string>()));
    case step_action::lookup_tlsrpt:
      return observation::tlsrpt_lookup_observation(engine.lookup_tlsrpt(domain));
    default:
      break;
  }
  return json::object();  // a parse-level action: not a scenario (see the precondition)
}

json observe_parse_step(step_action action, const json& step, engine::idna_port& idna) {
  const json& input = step["input"];
  switch (action) {
    case step_action::parse_txt:
      return observation::observe_txt(fixture_bytes(input)).value;
    case step_action::parse_policy:
      return observation::observe_policy(fixture_bytes(input)).value;
    case step_action::parse_tlsrpt:
      return observation::observe_tlsrpt(fixture_bytes(input)).value;
    case step_action::parse_tlsrpt_report:
      return observation::observe_tlsrpt_report(fixture_bytes(input)).value;
    case step_action::build_tlsrpt_report: {
      // The loader checked the input (observe_tlsrpt_report_build's own reading of it).
      observation::build_observed built = observation::observe_tlsrpt_report_build(input);
      return built.result ? std::move(built.result->value) : json::object();
    }
    case step_action::parse_txt_records: {
      std::string error;  // the loader checked the shape
      const auto records =
          observation::txt_answer_from_json(input, observation::fixture_bytes, error);
      return observation::observe_txt_selection(observation::join_records(records.value_or(
                                                    std::vector<observation::character_strings>{})))
          .value;
    }
    case step_action::match:
      return observation::observe_match(input["pattern"].get<std::string>(),
                                        input["host"].get<std::string>(), idna)
          .value;
    case step_action::cert_match: {
      observation::cert_match_question question;
      question.host = input["host"].get<std::string>();
      for (const json& n : input["names"]) question.names.push_back(n.get<std::string>());
      question.policy_host = input.value("policy_host", false);
      return observation::observe_cert_match(question, idna).value;
    }
    default:
      break;
  }
  return json::object();  // a scenario action: not parse-level (see the precondition)
}

}  // namespace mtasts::conformance
