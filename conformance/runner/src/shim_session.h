// SPDX-License-Identifier: Apache-2.0
// One D1 session with a shim (conformance/PROTOCOL.md "Level D1"): begin, each step with the
// shim's questions answered from the step's world, end. Internal to shim_subject.
#pragma once

#include <string>

#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/subject.h"

namespace mtasts::conformance {

// Runs the whole test as one session of `command session`, within `timeout_seconds`.
subject_run run_shim_session(const std::vector<std::string>& command, const test_case& test,
                             int timeout_seconds);

}  // namespace mtasts::conformance
