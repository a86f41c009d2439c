// SPDX-License-Identifier: Apache-2.0
// `mtasts check DOMAIN [--starttls]`: RFC 8461 §5.1 against the live Internet (DNS through
// ldns, HTTPS through libcurl, MX probes over SMTP STARTTLS). With --json it prints the
// fixture observation of a `lookup` (or, with --starttls, `deliver`) step
// (fixtures/FORMAT.md "Observation"), in the conformance runner's exact format.
// Exit 0: a valid policy in force, or none published; 1: the domain's MTA-STS is broken;
// 2: usage or I/O error. Also home of the network options and the run shared with
// `record` and `lint`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "command_result.h"
#include "mtasts/live/live_world.h"

namespace CLI {
class App;
}

namespace mtasts::cli {

// The options every live command takes.
struct network_options {
  std::string resolver;  // --resolver ADDR:PORT ("" = /etc/resolv.conf)
  std::string ca_file;   // --ca-file FILE
  int smtp_port = 25;    // --smtp-port
  int https_port = 0;    // --https-port (hidden, tests): connect there instead of 443
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
  network_options network;
};

// The observation of a live run, as the conformance runner's (lookup_observation +
// requests + queries, and for deliver add_delivery_observation).
observation::json live_observation(const live::live_run& run, const live::live_world& world);
// Exit status of check: 0 in force and valid / nothing published, 1 broken.
exit_status check_status(const live::live_run& run);

// Prints the report (JSON or text) and returns the exit status.
int run_check(const check_request& request);

void add_check_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
