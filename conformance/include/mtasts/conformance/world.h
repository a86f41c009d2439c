// The fixture's world in engine terms (fixtures/FORMAT.md "Step"), and observations in
// fixture terms ("Observation"). Shared by the in-process engine subject, the runner's side
// of a D1 session (conformance/PROTOCOL.md) and our own D1 shim, so all three agree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"

namespace mtasts::conformance {

// A fixture time (RFC 3339 UTC string or Unix seconds; checked by the loader).
std::int64_t fixture_time(const json& v);
// A fixture byte string: a string, {"base64"} or {"repeat", "count"}.
std::string fixture_bytes(const json& v);

engine::cert_status cert_status_from(const std::string& verdict);
std::string_view cert_verdict_name(engine::cert_status s);

mtasts::policy policy_from_json(const json& p);
json policy_to_json(const mtasts::policy& p);
// A cache entry as in `cache_after`: {"id", "fetched_at" (RFC 3339), "policy"} or null.
json cache_entry_json(const std::optional<engine::cache_entry>& e);

// Loads a step's `dns` and `https` lists into replay ports.
void load_step_world(const json& step, engine::replay_dns& dns, engine::replay_https& https);
// One recorded DNS entry / HTTPS exchange / MX session in engine terms.
engine::txt_answer txt_answer_from(const json& dns_entry);
engine::https_response https_response_from(const json& https_entry);
engine::mx_observation mx_observation_from(const json& mx_entry);
std::vector<engine::mx_observation> step_mx(const json& step);

// The observation of a lookup or refresh, without `requests` and `queries` (which the
// party that answered the queries fills in).
json lookup_observation(const engine::lookup_result& r);
// The `mx` list and `temporary_failure` of a deliver step.
void add_delivery_observation(const engine::delivery_plan& plan, json& observation);

}  // namespace mtasts::conformance
