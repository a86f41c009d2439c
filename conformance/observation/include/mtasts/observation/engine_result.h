// SPDX-License-Identifier: Apache-2.0
// The observation of the engine's answers (fixtures/FORMAT.md "Observation"): what a
// lookup, refresh, delivery, TLS-RPT lookup and the R-5-1 check report, and the policy and
// cache-entry objects inside them. Shared by our engine in process, our engine as a D1 shim,
// `mtasts check --json` and the replay servers, so all of them agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mtasts/engine/engine.h"
#include "mtasts/observation/json.h"

namespace mtasts::observation {

// A policy object: {"version", "mode", "max_age", "mx", "extensions": [[name, value], ...]}.
json policy_to_json(const mtasts::policy& p);

// A cache entry as in `cache_after`: {"id", "fetched_at" (RFC 3339), "policy"} or null.
json cache_entry_json(const std::optional<engine::cache_entry>& e);

// The observation of a lookup or refresh, without `requests` and `queries` (which the party
// that answered the questions fills in).
json lookup_observation(const engine::lookup_result& r);

// The `mx` list and `temporary_failure` of a deliver step, added to its lookup observation.
void add_delivery_observation(const engine::delivery_plan& plan, json& observation);

// {"rua": [...], "events": [token]} of a TLS-RPT lookup.
json tlsrpt_lookup_observation(const engine::engine::tlsrpt_lookup_result& r);

// {"may_fail_permanently": bool} of the R-5-1 check.
json may_fail_permanently_observation(bool may_fail);

}  // namespace mtasts::observation
