// SPDX-License-Identifier: Apache-2.0
// `mtasts conform [PATH...]`: replays fixtures against the built-in engine, or another
// implementation through its shim (--shim), and compares the results with
// conformance/expectations/<impl>.json. Prints a text summary on stdout.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace mtasts::cli {

struct conform_request {
  std::vector<std::string> paths;       // default: the shipped fixtures
  std::vector<std::string> only, skip;  // --test / --skip name globs
  bool strict = false;                  // --strict: SHOULD-level tests too
  std::string impl = "mtasts";          // --impl
  std::string expectations;             // --expectations FILE (default by impl)
  bool update_expectations = false;     // --update-expectations
  std::string json_file, junit_file;    // --json / --junit
  std::string shim;                     // --shim CMD: certify another implementation
  std::string shim_config;              // --shim-config FILE
  std::string black_box;                // --black-box PROFILE|CMD: level N over real sockets
  bool loopback = false;                // --loopback: free loopback ports, no namespaces
  unsigned jobs = 0;                    // --jobs (0: one per CPU)
  bool loose_errors = false;            // --loose-errors: any rejection is the right one
  std::string report_dir;               // --report DIR: report.json, report.md, report.html
  int timeout_seconds = 0;              // --timeout (0: the config's)
  std::string index_dir;                // --index DIR: write DIR/<impl>.json
  std::string matrix_dir;               // --matrix DIR: build the matrix from indexes
};

// Exit 0 when every result matches its expectation, 1 on any unexpected result, 2 on a
// runner or fixture error, and 2 when no test ran (cli_error for usage problems).
int run_conform(const conform_request& request);

// Registers `mtasts conform` and its options; running it sets `chosen`.
void add_conform_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
