// SPDX-License-Identifier: Apache-2.0
// One message of a D1 shim (conformance/PROTOCOL.md "Level D1"), read, type-checked and
// answered with no process behind it: the session (shim_session.cc) sends what this decides,
// and fuzz/fuzz_shim_message.cc feeds it anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/shim_limits.h"
#include "mtasts/engine/replay.h"

namespace mtasts::conformance {

// The world one fixture step recorded, as the runner answers a shim's questions from it.
struct step_world {
  step_world(const json& step_json, std::int64_t now_seconds);
  const json& step;
  std::int64_t now;
  engine::replay_dns dns;
  engine::replay_https https;
};

enum class shim_message_kind {
  question,       // answer: the runner's answer, to send back
  result,         // observation: the step's observation, with the world's view added
  unimplemented,  // detail: the shim's reason
  malformed,      // detail: what is wrong ("/url: expected a string"), printable
};

// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct shim_message {
  shim_message_kind kind = shim_message_kind::malformed;
  json answer;
  json observation;
  std::string detail;
};

// Reads `line` within what `budget` has left (spending its values) and decides what it means
// in `world`. Never throws on any input.
shim_message interpret_shim_message(std::string_view line, step_world& world,
                                    shim_output_budget& budget);

}  // namespace mtasts::conformance
