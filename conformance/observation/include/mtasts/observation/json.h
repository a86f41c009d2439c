// SPDX-License-Identifier: Apache-2.0
// The JSON type of observations, fixtures, shim messages and every CLI output: members keep
// the order they were written in, so outputs read in their documented order.
#pragma once

#include <nlohmann/json.hpp>

namespace mtasts::observation {

using json = nlohmann::ordered_json;

}  // namespace mtasts::observation
