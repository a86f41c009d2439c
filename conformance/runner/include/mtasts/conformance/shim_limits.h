// SPDX-License-Identifier: Apache-2.0
// What a shim may print (conformance/PROTOCOL.md "Limits"): the caps that bound the runner's
// memory whatever a shim answers. A shim over a cap fails the test it was running (CRASH).
#pragma once

#include <cstddef>
#include <string>

#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {

// One level-P answer (a command's whole stdout).
inline constexpr std::size_t max_shim_answer_bytes = std::size_t{64} << 20;
// One D1 message (a line).
inline constexpr std::size_t max_shim_line_bytes = std::size_t{16} << 20;
// Everything the shim prints on stdout during one test: its answers or messages together.
inline constexpr std::size_t max_shim_output_bytes_per_test = std::size_t{64} << 20;
// JSON values in everything the shim prints during one test: the DOM the runner holds for a
// test costs about its text plus ~100 bytes per value, so this and the bytes bound it.
inline constexpr std::size_t max_shim_values_per_test = observation::max_json_values;
// `SHIM --capabilities` output.
inline constexpr std::size_t max_capabilities_bytes = std::size_t{1} << 20;

// What a shim may still print in the test under way; each answer spends from it.
struct shim_output_budget {
  std::size_t bytes = max_shim_output_bytes_per_test;
  std::size_t values = max_shim_values_per_test;
};

// A note for an error caused by a spent budget (empty while some is left).
std::string budget_note(const shim_output_budget& budget);

}  // namespace mtasts::conformance
