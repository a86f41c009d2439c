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
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/idna.h"

namespace mtasts::conformance {

// The MX sessions of a deliver step, in priority order.
using mx_sessions = std::function<std::vector<engine::mx_observation>()>;

// A scenario step (protocol level D1): lookup, refresh, deliver, may_fail_permanently or
// lookup_tlsrpt for domain, without what the world saw (requests, queries) and without
// cache_after. Precondition: describe(action).level is protocol_level::d1.
json observe_scenario_step(step_action action, engine::engine& engine, const std::string& domain,
                           const json& step, const mx_sessions& mx);

// A parse-level step (protocol level P), in process with strict options; hosts given in
// U-labels go through idna. Precondition: describe(action).level is protocol_level::p.
json observe_parse_step(step_action action, const json& step,
                        engine::idna_port& idna = engine::default_idna());

}  // namespace mtasts::conformance
