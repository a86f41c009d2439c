// SPDX-License-Identifier: Apache-2.0
// `mtasts replay-serve FIXTURE --test NAME`: serves one fixture test's recorded world over
// real sockets (DNS, HTTPS, SMTP on loopback) until SIGTERM or SIGINT, so an unmodified
// MTA-STS implementation can be tested the way it runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace mtasts::cli {

struct replay_serve_request {
  std::string fixture;  // a fixture JSON file
  std::string test;     // the test's `name`
  std::size_t step = 0;
  std::uint16_t dns_port = 53;  // 0: any free port (the ready file tells which)
  std::uint16_t https_port = 443;
  std::uint16_t smtp_port = 25;
  std::string certs;       // the test PKI (default: fixtures/certs of the source tree)
  std::string ready_file;  // written once every socket listens
  std::string log_file;    // JSON lines, one per observed event
};

// Exit 0 after a stop signal; throws cli_error (exit 2) for a bad fixture, test, step,
// certificate directory or a socket that cannot be bound.
int run_replay_serve(const replay_serve_request& request);

// Registers `replay-serve` on app; when it is the command given, sets chosen to run it.
void add_replay_serve_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
