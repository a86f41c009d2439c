// Comparing an observation with a step's expectation (fixtures/FORMAT.md).
#pragma once

#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

// Appends one line per difference ("/policy/mode: expected \"enforce\", got \"none\"").
// Objects compare by the expected members only; arrays element by element; `mx` and
// `queries` arrays after ASCII lower-casing; `event_families` against the families of the observed
// events.
void compare_observation(const json& expected, const json& observed,
                         std::vector<std::string>& diffs);

}  // namespace mtasts::conformance
