// SPDX-License-Identifier: Apache-2.0
// The fixture's world in engine terms (fixtures/FORMAT.md "Step"): recorded DNS answers,
// HTTPS exchanges, MX sessions, times and cached policies as the engine's port types. Shared
// by the in-process engine subject, the runner's side of a D1 session
// (conformance/PROTOCOL.md), our own D1 shim and the replay servers, so all of them agree.
// The way back, engine results as observations, is mtasts/observation/engine_result.h.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"

namespace mtasts::conformance {

// A fixture time (RFC 3339 UTC string or Unix seconds; checked by the loader).
std::int64_t fixture_time(const json& v);
// A fixture byte value (checked by the loader): a string, {"base64"} or {"repeat", "count"}.
std::string fixture_bytes(const json& v);

mtasts::policy policy_from_json(const json& p);

// Seeds a cache: `entries` as in a test's cache_before (or a D1 begin message's cache) and
// `failures` as in failures_before; times in either fixture spelling.
void load_cache(const json& entries, const json& failures, engine::memory_cache& cache);

// The certificate port of a scenario step. Level D1 (roots_pem empty): the recorded verdicts
// are trusted (replay_x509). Level D2: chains are verified with OpenSSL against roots_pem.
std::unique_ptr<engine::x509_port> x509_port_for(const std::string& roots_pem);

// Loads a step's `dns` and `https` lists into replay ports.
void load_step_world(const json& step, engine::replay_dns& dns, engine::replay_https& https);
// One recorded DNS entry / HTTPS exchange / MX session in engine terms.
engine::txt_answer txt_answer_from(const json& dns_entry);
engine::https_response https_response_from(const json& https_entry);
engine::mx_observation mx_observation_from(const json& mx_entry);
std::vector<engine::mx_observation> step_mx(const json& step);

}  // namespace mtasts::conformance
