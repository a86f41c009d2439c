// SPDX-License-Identifier: Apache-2.0
// Level P of the shim protocol (conformance/PROTOCOL.md): one parse or match question, the
// command line that asks it, and one run of a shim over it. Shared by the conformance runner
// (fixture parse steps) and `mtasts diff` (fixtures, fuzz corpora, workload files).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mtasts/conformance/child_process.h"
#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/shim_limits.h"

namespace mtasts::conformance {

// A shim's command line (`--shim CMD`) as argv: split on spaces, no shell (PROTOCOL.md).
std::vector<std::string> split_shim_command(const std::string& command);

// One level-P question (an action whose describe(action).level is protocol_level::p).
struct level_p_input {
  step_action action = step_action::parse_txt;
  // Parse actions: the bytes of FILE (parse_txt_records: the JSON records file).
  std::string file_bytes;
  // match: pattern, host. cert_match: host, then the certificate's names.
  std::vector<std::string> operands;
  bool policy_host = false;  // cert_match: --policy-host
};

// Whether the action's question has a FILE (parse and build) rather than only operands.
bool level_p_reads_file(step_action action);

// The question a fixture parse step asks (fixtures/FORMAT.md "Step").
level_p_input level_p_input_from_step(step_action action, const json& step);

// The shim's arguments (after its command) for `in`; `file` is the path holding file_bytes.
// Operands follow "--" so that inputs starting with '-' are never taken for options.
std::vector<std::string> level_p_args(const level_p_input& in, const std::string& file);

enum class level_p_status { answered, unimplemented, crashed, timed_out };

// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct level_p_answer {
  level_p_status status = level_p_status::answered;
  json output;        // answered: the JSON object printed
  int exit_code = 0;  // answered or crashed: the exit code, or 128 + signal
  // crashed: a stable one-word cause ("exit", "signal", "json", "size", "start").
  std::string crash_cause;
  std::string detail;  // not answered: what happened, with the tail of stderr
};

// Runs `shim` once over `in`: FILE in a temporary file, stdout read up to
// max_shim_answer_bytes (and what `budget`, the test's, has left) until `until`, then the
// exit classified: 0, 1, 3 answer; 89 unimplemented; anything else, a signal or no JSON
// object on stdout, a crash.
level_p_answer run_level_p(const std::vector<std::string>& shim, const level_p_input& in,
                           deadline until, shim_output_budget* budget = nullptr);

}  // namespace mtasts::conformance
