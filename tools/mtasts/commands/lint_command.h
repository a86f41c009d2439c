// SPDX-License-Identifier: Apache-2.0
// `mtasts lint DOMAIN [--previous FIXTURE] [--no-starttls]`: findings for the operators of
// DOMAIN's MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) set-up, from a live check: the report
// of operator_report.h (--json: conformance/schemas/operator-report.schema.json). Exit 0 no
// errors, 1 the domain has problems, 2 could not check.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "check_command.h"

namespace mtasts::cli {

struct lint_request {
  std::string domain;
  std::string previous;  // --previous FIXTURE (written by mtasts record)
  bool no_starttls = false;
  bool json = false;
  bool require_policy = false;
  bool verbose = false;
  network_options network;
};

int run_lint(const lint_request& request);

void add_lint_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
