// SPDX-License-Identifier: Apache-2.0
// Comparing an observation with a step's expectation (fixtures/FORMAT.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

// One way an observation differs from what a step expected.
struct difference {
  std::vector<std::string> path;  // reference tokens of the JSON pointer ("policy", "mode")
  json expected;
  std::optional<json> observed;  // nullopt: the observation has nothing there

  // The JSON pointer, "/" for the whole observation.
  [[nodiscard]] std::string pointer() const;
  // Whether it concerns only which error was reported (inside the error object, or the
  // events), not whether one was: such a difference on an invalid test is WRONG_ERROR.
  [[nodiscard]] bool about_error_report() const;
  // One line: "/policy/mode: expected \"enforce\", got \"none\"".
  [[nodiscard]] std::string to_string() const;
};

// Objects compare by the expected members only; arrays element by element; `mx` and
// `queries` arrays after ASCII lower-casing; `event_families` against the families of the
// observed events.
std::vector<difference> compare_observation(const json& expected, const json& observed);

}  // namespace mtasts::conformance
