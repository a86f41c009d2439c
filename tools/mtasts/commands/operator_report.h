// SPDX-License-Identifier: Apache-2.0
// The report `check` and `lint` print: what was seen, then findings (errors first), each with
// its evidence, what it means for senders and the fix; then one result line. Its exit status:
// 0 the set-up is valid (or nothing is published and no policy was required), 1 the domain
// has problems, 2 the tool could not check. --json gives the same as one document
// (conformance/schemas/operator-report.schema.json).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command_result.h"
#include "lint_findings.h"
#include "live_evidence.h"
#include "mtasts/engine/engine.h"

namespace mtasts::cli {

struct operator_report {
  std::string command;  // "check" or "lint"
  std::string domain;
  engine::unix_seconds now = 0;
  std::vector<std::string> seen;  // what the run saw, one line each, in order
  std::vector<finding> findings;
  bool could_not_check = false;  // a tool or network failure, not the domain's (exit 2)
  const engine::lookup_result* lookup = nullptr;
  std::vector<seen_certificate> certificates;
  std::optional<nlohmann::json> observation;  // check: the fixture observation
};

exit_status report_status(const operator_report& report);
// verbose: also the skipped checks and the info findings' details.
void print_report_text(std::ostream& out, const operator_report& report, bool verbose);
nlohmann::ordered_json report_json(const operator_report& report);

}  // namespace mtasts::cli
