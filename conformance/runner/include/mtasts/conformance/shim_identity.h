// SPDX-License-Identifier: Apache-2.0
// What a shim says of itself: `SHIM --capabilities` (conformance/PROTOCOL.md "Capabilities").
// Asked by the conformance runner before a run and by `mtasts diff` before comparing.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "mtasts/conformance/vocabulary.h"

namespace mtasts::conformance {

struct shim_identity {
  std::string name;
  std::string version;
  std::set<std::string> levels;  // "P", "D1", "D2"
  std::set<capability> capabilities;
  std::vector<std::string> unknown_capabilities;  // declared words this runner does not know
};

enum class identity_status {
  answered,     // printed {"protocol": "mtasts-shim/1", "levels": [...], "capabilities": [...]}
  not_started,  // the command could not be run at all (error says why)
  no_answer,    // it ran but did not answer as the protocol says (error says what it did)
};

struct identity_answer {
  identity_status status = identity_status::no_answer;
  shim_identity identity;
  std::string error;
};

identity_answer ask_identity(const std::vector<std::string>& command, std::chrono::seconds timeout);

}  // namespace mtasts::conformance
