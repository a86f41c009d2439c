// SPDX-License-Identifier: Apache-2.0
#include "replay_serve_command.h"

#include <pthread.h>
#include <CLI/CLI.hpp>
#include <csignal>
#include <exception>
#include <iostream>
#include <memory>

#include "cli_error.h"
#include "data_dir.h"
#include "mtasts/conformance/fixture.h"
#include "mtasts/replay/cert_minter.h"
#include "mtasts/replay/event_log.h"
#include "mtasts/replay/replay_server.h"
#include "mtasts/replay/replay_world.h"
#include "mtasts/replay/socket_io.h"

namespace mtasts::cli {

namespace {

replay::replay_world load_world(const replay_serve_request& r) {
  const conformance::load_result loaded = conformance::load_fixture_file(r.fixture);
  if (!loaded.errors.empty()) throw cli_error(loaded.errors.front().to_string());
  for (const conformance::test_case& t : loaded.file.tests) {
    if (t.name != r.test) continue;
    try {
      return replay::replay_world::from_test(t.body, r.step);
    } catch (const std::exception& e) {
      throw cli_error(r.test + ": " + e.what());
    }
  }
  throw cli_error("no test named " + r.test + " in " + r.fixture);
}

}  // namespace

int run_replay_serve(const replay_serve_request& r) {
  replay::replay_world world = load_world(r);
  const std::string domain = world.domain;
  const bool has_mx = !world.mx.empty();
  std::unique_ptr<replay::cert_minter> certs;
  std::unique_ptr<replay::event_log> log;
  try {
    certs = std::make_unique<replay::cert_minter>(
        r.certs.empty() ? (data_dir() / "fixtures" / "certs").string() : r.certs);
    log = r.log_file.empty() ? std::make_unique<replay::event_log>()
                             : std::make_unique<replay::event_log>(r.log_file);
  } catch (const std::exception& e) {
    throw cli_error(e.what());
  }

  // Every thread inherits this mask, so only sigwait below sees the stop signals; writes to
  // a peer that went away fail with EPIPE instead of killing the process.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  replay::replay_server server(std::move(world), *certs, *log);
  try {
    server.start({r.dns_port, r.https_port, r.smtp_port});
    if (!r.ready_file.empty())
      replay::write_file_atomically(r.ready_file, server.ready_info().dump() + "\n");
  } catch (const std::exception& e) {
    server.stop();
    throw cli_error(e.what());
  }

  // The command that reaches this world, for a person trying it by hand.
  const conformance::json ready = server.ready_info();
  std::cerr << "mtasts: serving " << r.test << " (step " << r.step
            << ") until Ctrl-C; check it with:\n  mtasts check " << domain
            << (has_mx ? " --starttls" : "") << " --resolver " << ready["dns"].get<std::string>()
            << " --https-port "
            << ready["https"].get<std::string>().substr(
                   ready["https"].get<std::string>().rfind(':') + 1)
            << " --smtp-port " << ready["smtp_port"].get<int>() << " --ca-file "
            << ready["ca_file"].get<std::string>() << std::endl;

  int sig = 0;
  while (sigwait(&stop_signals, &sig) != 0) {
  }
  server.stop();
  log->flush();
  return 0;
}

void add_replay_serve_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  // Owned by the callback, which lives as long as app.
  auto request = std::make_shared<replay_serve_request>();
  CLI::App* cmd = app.add_subcommand(
      "replay-serve",
      "serve one fixture test's recorded DNS, HTTPS and SMTP world on loopback sockets until "
      "SIGTERM or SIGINT (exit 0); exit 2 when a socket cannot be bound. A port of 0 picks a "
      "free one and --ready-file tells which: callers that run several servers at once use 0 "
      "rather than picking ports themselves, which races with other processes");
  cmd->add_option("FIXTURE", request->fixture, "a fixture JSON file")->required();
  cmd->add_option("--test", request->test, "the test's name")->required()->type_name("NAME");
  cmd->add_option("--step", request->step, "the step whose dns, https and mx are served")
      ->capture_default_str()
      ->type_name("N");
  cmd->add_option("--dns-port", request->dns_port,
                  "DNS on 127.0.0.1, UDP and TCP on one port (0: any free one)")
      ->capture_default_str();
  cmd->add_option("--https-port", request->https_port, "HTTPS on 127.0.0.1 (0: any free one)")
      ->capture_default_str();
  cmd->add_option("--smtp-port", request->smtp_port,
                  "SMTP on each MX host's 127.0.1.N, one port for all (0: any free one)")
      ->capture_default_str();
  cmd->add_option("--certs", request->certs,
                  "the test PKI directory (default: DATA_DIR/fixtures/certs; see --data-dir)")
      ->type_name("DIR");
  cmd->add_option(
         "--ready-file", request->ready_file,
         "written (atomically) once every socket listens, with the ports bound: "
         "{\"dns\": \"127.0.0.1:PORT\", \"https\": \"127.0.0.1:PORT\", "
         "\"smtp_port\": PORT (with no MX host, one where nothing listens), \"ca_file\": FILE, "
         "\"addresses\": {HOST: IPv4}}")
      ->type_name("FILE");
  cmd->add_option("--log", request->log_file, "JSON lines, one per observed event")
      ->type_name("FILE");
  cmd->callback([request, &chosen] { chosen = [request] { return run_replay_serve(*request); }; });
}

}  // namespace mtasts::cli
