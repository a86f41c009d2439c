// SPDX-License-Identifier: Apache-2.0
// `mtasts check DOMAIN [--starttls]`: RFC 8461 §5.1 against the live Internet (DNS through
// ldns, HTTPS through libcurl, MX probes over SMTP STARTTLS), reported for the domain's
// operator (operator_report.h). --json gives the report as one document, with the fixture
// observation of the `lookup` (or, with --starttls, `deliver`) step under "observation";
// --observation prints that observation alone (fixtures/FORMAT.md), in the conformance
// runner's exact format. Exit 0: a valid policy in force, or none published (unless
// --require-policy); 1: the domain has problems; 2: the tool could not check (argument,
// resolver, CA file). Also home of the network options and the report shared with `lint`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "command_result.h"
#include "mtasts/live/live_world.h"
#include "operator_report.h"

namespace CLI {
class App;
}

namespace mtasts::cli {

// The options every live command takes.
struct network_options {
  std::string resolver;  // --resolver ADDR:PORT ("" = /etc/resolv.conf)
  std::string ca_file;   // --ca-file FILE
  int smtp_port = 25;    // --smtp-port
  int https_port = 0;    // --https-port: connect there instead of 443 (a local test world)
  int timeout_seconds = 30;
  bool quiet = false;  // --quiet: no progress lines on stderr
};
void add_network_options(CLI::App& command, network_options& options);
// Throws cli_error for a bad --resolver or an unreadable --ca-file.
live::live_options to_live_options(const network_options& options);
// The live world for check, record and lint; its set-up failures become cli_error.
std::unique_ptr<live::live_world> open_live_world(const network_options& options);

struct check_request {
  std::string domain;
  bool starttls = false;
  bool json = false;
  bool observation = false;
  bool require_policy = false;
  bool verbose = false;
  network_options network;
};

// The observation of a live run, as the conformance runner's (lookup_observation +
// requests + queries, and for deliver add_delivery_observation).
observation::json live_observation(const live::live_run& run, const live::live_world& world);
// The operator report of a run: what was seen, the findings of the look-up, of the policy
// and (deliver runs) of each MX host, then those `more` adds, with evidence and advice,
// errors first.
operator_report report_of_run(const std::string& command, const std::string& domain,
                              const live::live_run& run, const live::live_world& world,
                              bool require_policy,
                              const std::function<void(std::vector<finding>&)>& more = {});

// Prints the report (JSON or text) and returns the exit status.
int run_check(const check_request& request);

void add_check_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
