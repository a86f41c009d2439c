// SPDX-License-Identifier: Apache-2.0
// Our engine's observation of one step (see engine_observer.h).
#include "mtasts/conformance/engine_observer.h"

#include <optional>
#include <utility>

#include "mtasts/conformance/world.h"
#include "mtasts/observation/bytes.h"
#include "mtasts/observation/engine_result.h"
#include "mtasts/observation/json_input.h"
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

engine_p_answer answer_level_p(const level_p_input& in, const parser_profile& profile,
                               engine::idna_port& idna) {
  engine_p_answer a;
  auto read_file_json = [&]() -> std::optional<json> {
    observation::json_read read = observation::read_json(in.file_bytes);
    if (!read.document) a.input_error = "FILE is not JSON: " + read.error;
    return std::move(read.document);
  };
  switch (in.action) {
    case step_action::parse_txt:
      a.observed = observation::observe_txt(in.file_bytes, profile.txt);
      return a;
    case step_action::parse_policy:
      a.observed = observation::observe_policy(in.file_bytes, profile.policy);
      return a;
    case step_action::parse_tlsrpt:
      a.observed = observation::observe_tlsrpt(in.file_bytes, profile.tlsrpt);
      return a;
    case step_action::parse_tlsrpt_report:
      a.observed = observation::observe_tlsrpt_report(in.file_bytes);
      return a;
    case step_action::build_tlsrpt_report: {
      const std::optional<json> input = read_file_json();
      if (!input) return a;
      observation::build_observed built = observation::observe_tlsrpt_report_build(*input);
      if (built.result) {
        a.observed = std::move(*built.result);
      } else {
        a.input_error = std::move(built.input_error);
      }
      return a;
    }
    case step_action::parse_txt_records: {
      const std::optional<json> input = read_file_json();
      if (!input) return a;
      // fixture_bytes reads the bytes rule and a fixture's {"repeat"} values alike.
      const auto records =
          observation::txt_answer_from_json(*input, observation::fixture_bytes, a.input_error);
      if (!records) return a;
      a.observed =
          observation::observe_txt_selection(observation::join_records(*records), profile.txt);
      return a;
    }
    case step_action::match:
      if (in.operands.size() != 2) {
        a.input_error = "match takes a pattern and a host";
        return a;
      }
      a.observed = observation::observe_match(in.operands[0], in.operands[1], idna);
      return a;
    case step_action::cert_match: {
      if (in.operands.empty()) {
        a.input_error = "cert-match takes a host";
        return a;
      }
      observation::cert_match_question question;
      question.host = in.operands[0];
      question.names.assign(in.operands.begin() + 1, in.operands.end());
      question.policy_host = in.policy_host;
      a.observed = observation::observe_cert_match(question, idna);
      return a;
    }
    default:
      break;
  }
  a.input_error = "not a level-P question";
  return a;
}

int exit_code_of(observation::verdict outcome) noexcept {
  switch (outcome) {
    case observation::verdict::yes:
      return 0;
    case observation::verdict::no:
      return 1;
    case observation::verdict::bad_operand:
      return 3;
  }
  return 1;
}

json observe_parse_step(step_action action, const json& step, engine::idna_port& idna) {
  // The loader checked every input, so input_error stays empty for a fixture step.
  static const parser_profile strict = *find_profile("strict");
  return answer_level_p(level_p_input_from_step(action, step), strict, idna).observed.value;
}

}  // namespace mtasts::conformance
