// SPDX-License-Identifier: Apache-2.0
// How to run an unmodified implementation at level N (conformance/PROTOCOL.md "Level N"):
// the command per action, how it is told to trust the test CA, which observation fields its
// output can report, and how that output becomes an observation.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"
#include "mtasts/conformance/shim_config.h"

namespace mtasts::conformance {

struct blackbox_profile {
  std::string impl;
  // Action (lookup, deliver, lookup_tlsrpt) → argv template. Placeholders: {domain}, {ca_file},
  // {resolver} (ADDR:PORT), {dns_port}, {https_port}, {smtp_port}, {mtasts} (this binary),
  // {data_dir}.
  std::map<step_action, std::vector<std::string>> commands;
  // Turns the implementation's stdout into an observation (argv; stdin is that stdout,
  // $MTASTS_EXIT_STATUS its exit status). Empty: stdout is the observation JSON itself.
  std::vector<std::string> output_filter;
  // Observation fields the output can carry (fixtures/FORMAT.md "Observation"); `requests`
  // and `fetches` come from the replay servers and are always compared.
  std::set<std::string> reports;
  // Extra environment (placeholders allowed), on top of a scrubbed PATH/HOME/LANG.
  std::map<std::string, std::string> env;
  // Whether the commands work without a namespace (they take {resolver} and the ports).
  bool loopback_ports = false;
  // DisabledTests, AcceptableFlags, MxDeduplicated and TimeoutSeconds, as for shims.
  shim_config config;

  static std::optional<blackbox_profile> load(const std::string& path, std::string& error);
  static std::optional<blackbox_profile> parse(const json& doc, const std::string& where,
                                               std::string& error);
  // A profile for a bare command that prints observation JSON for `lookup`.
  static blackbox_profile for_command(const std::vector<std::string>& argv);
};

// Expands {name} placeholders; unknown names are left as they are.
std::string expand_placeholders(const std::string& text,
                                const std::map<std::string, std::string>& values);

}  // namespace mtasts::conformance
