// SPDX-License-Identifier: Apache-2.0
// Our engine's answer to one fixture step, as an observation (fixtures/FORMAT.md
// "Observation"). The one dispatch over step actions for our engine, whether it runs in
// process (engine_subject) or behind the D1 protocol (engine_session): they differ only in
// where the world comes from, the ports the engine was built with and how a deliver step's
// MX sessions are observed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/level_p.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/idna.h"
#include "mtasts/observation/parse_result.h"
#include "mtasts/options.h"

namespace mtasts::conformance {

// The MX sessions of a deliver step, in priority order.
using mx_sessions = std::function<std::vector<engine::mx_observation>()>;

// A scenario step (protocol level D1): lookup, refresh, deliver, may_fail_permanently or
// lookup_tlsrpt for domain, without what the world saw (requests, queries) and without
// cache_after. Precondition: describe(action).level is protocol_level::d1.
json observe_scenario_step(step_action action, engine::engine& engine, const std::string& domain,
                           const json& step, const mx_sessions& mx);

// Our engine's answer to one level-P question under a parser profile (strict by default),
// as the reference shim prints it without "diagnostics". input_error is set, and observed
// left empty, when FILE or the operands are not what the action reads (a records or build
// FILE that is not its JSON, a match without two operands).
// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct engine_p_answer {
  observation::observed observed;
  std::string input_error;
};
engine_p_answer answer_level_p(const level_p_input& in, const parser_profile& profile,
                               engine::idna_port& idna = engine::default_idna());

// The level-P exit status of a verdict: yes 0, no 1, bad operand 3.
int exit_code_of(observation::verdict outcome) noexcept;

// A parse-level step (protocol level P), in process with strict options; hosts given in
// U-labels go through idna. Precondition: describe(action).level is protocol_level::p.
json observe_parse_step(step_action action, const json& step,
                        engine::idna_port& idna = engine::default_idna());

}  // namespace mtasts::conformance
