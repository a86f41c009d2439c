// SPDX-License-Identifier: Apache-2.0
// `mtasts check`: the engine's lookup (or deliver flow) over the live ports.
#include "check_command.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli_error.h"
#include "idna_choice.h"
#include "mtasts/conformance/vocabulary.h"
#include "mtasts/error.h"
#include "mtasts/observation/engine_result.h"

namespace mtasts::cli {
namespace {

// Events that mean "no MTA-STS published" rather than "MTA-STS broken" (R-3.1-7, §3.1).
bool means_unpublished(error_code code) {
  return code == error_code::DNS_NXDOMAIN || code == error_code::DNS_NODATA;
}

void print_text(const check_request& request, const live::live_run& run,
                const live::live_world& world) {
  std::ostream& out = std::cout;
  const engine::lookup_result& r = run.lookup;
  out << request.domain << ": ";
  if (r.in_force) {
    const mtasts::policy& p = r.in_force->policy;
    out << "policy " << (r.source == engine::policy_source::fetched ? "fetched" : "cached")
        << ", id " << r.in_force->id << ", mode " << to_string(p.mode) << ", max_age " << p.max_age
        << "\n  mx:";
    for (const std::string& m : p.mx) out << " " << m;
    out << "\n";
  } else {
    out << "no policy in force\n";
  }
  if (r.txt_id) out << "  TXT id: " << *r.txt_id << "\n";
  for (const engine::event& e : r.events) {
    out << "  " << token(e.code) << ": " << message(e.code) << " (" << rfc_section(e.code) << ")";
    if (!e.detail.empty()) out << " [" << e.detail << "]";
    out << "\n";
  }
  // Why a certificate failed, in the judge's words (R-3.3-1, R-3.3-2, R-4.2-1, R-4.2-2).
  for (const live::recording_x509::judgement& j : world.x509().judgements()) {
    if (j.verification.status == engine::cert_status::valid) continue;
    out << "  certificate of " << live::to_string(j.rule) << " " << j.host << ": "
        << conformance::tls_verdicts.name(j.verification.status);
    if (!j.verification.reason.empty()) out << " (" << j.verification.reason << ")";
    out << "\n";
  }
  if (run.plan) {
    for (const engine::mx_decision& d : run.plan->mx) {
      out << "  MX " << d.verdict.host << ": "
          << (d.verdict.failure ? std::string(token(*d.verdict.failure)) : std::string("ok"))
          << ", " << (d.action == engine::mx_action::deliver ? "deliver" : "skip") << "\n";
    }
    if (run.plan->mx.empty()) out << "  no MX hosts\n";
    if (run.plan->temporary_failure) out << "  delivery: temporary failure (R-5-1)\n";
  }
  out << (check_status(run) == exit_status::ok ? "result: OK\n" : "result: BROKEN\n");
}

}  // namespace

void add_network_options(CLI::App& command, network_options& o) {
  command
      .add_option("--resolver", o.resolver,
                  "DNS server as ADDR:PORT or [IPv6]:PORT (default: /etc/resolv.conf)")
      ->type_name("ADDR:PORT");
  command.add_option("--ca-file", o.ca_file, "trust these roots (PEM) instead of the system store")
      ->type_name("FILE");
  command.add_option("--smtp-port", o.smtp_port, "SMTP port of the MX hosts")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535));
  // Tests serve HTTPS on a high port; the URL, SNI and Host stay those of port 443.
  command.add_option("--https-port", o.https_port, "")->check(CLI::Range(1, 65535))->group("");
  command.add_option("--timeout", o.timeout_seconds, "seconds for each network step")
      ->capture_default_str()
      ->check(CLI::Range(1, 600));
  command.add_flag("--quiet,-q", o.quiet, "no progress lines on standard error");
}

live::live_options to_live_options(const network_options& o) {
  live::live_options out;
  if (!o.resolver.empty()) {
    out.resolver = live::parse_server_address(o.resolver);
    if (!out.resolver)
      throw cli_error("--resolver: expected ADDR:PORT or [IPv6]:PORT, got " + o.resolver);
  }
  if (!o.ca_file.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(o.ca_file, ec)) {
      throw cli_error("--ca-file: cannot read " + o.ca_file);
    }
  }
  out.ca_file = o.ca_file;
  out.smtp_port = o.smtp_port;
  out.https_port = o.https_port;
  out.timeout = std::chrono::seconds(o.timeout_seconds);
  out.idna = &cli_idna();
  if (!o.quiet) {
    out.progress = [](const std::string& line) { std::cerr << "mtasts: " << line << std::endl; };
  }
  return out;
}

std::unique_ptr<live::live_world> open_live_world(const network_options& options) {
  try {
    return std::make_unique<live::live_world>(to_live_options(options));
  } catch (const cli_error&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw cli_error(e.what());  // the resolver or libcurl could not be set up
  }
}

observation::json live_observation(const live::live_run& run, const live::live_world& world) {
  observation::json obs = observation::lookup_observation(run.lookup);
  observation::json requests = observation::json::array();
  for (const auto& [request, response] : world.https().exchanges()) requests.push_back(request.url);
  obs["requests"] = requests;
  obs["queries"] = world.dns().queries();
  if (run.plan) observation::add_delivery_observation(*run.plan, obs);
  return obs;
}

exit_status check_status(const live::live_run& run) {
  for (const engine::event& e : run.lookup.events) {
    // A build without IDNA cannot check a U-label domain at all: not "broken", unchecked.
    if (e.code == error_code::HOST_IDNA_UNAVAILABLE) return exit_status::usage;
    if (!means_unpublished(e.code)) return exit_status::negative;
  }
  if (run.plan && run.lookup.active()) {
    for (const engine::mx_decision& d : run.plan->mx) {
      if (!d.verdict.valid()) return exit_status::negative;
    }
    if (run.plan->mx.empty()) return exit_status::negative;
  }
  return exit_status::ok;
}

int run_check(const check_request& request) {
  const std::string domain = domain_argument(request.domain);
  const std::unique_ptr<live::live_world> made = open_live_world(request.network);
  live::live_world& world = *made;
  const live::live_run run = request.starttls ? world.deliver(domain) : world.lookup(domain);
  if (request.json) {
    std::cout << live_observation(run, world).dump() << "\n";
  } else {
    print_text(check_request{domain, request.starttls, false, request.network}, run, world);
  }
  std::cout << std::flush;
  if (!std::cout) throw cli_error("cannot write standard output");
  return static_cast<int>(check_status(run));
}

void add_check_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static check_request request;
  CLI::App* sub = app.add_subcommand(
      "check",
      "look up DOMAIN's MTA-STS policy over the network (RFC 8461 §5.1); with --starttls also "
      "probe each MX. Exit 0 valid or none published, 1 broken, 2 usage or I/O error");
  sub->add_option("DOMAIN", request.domain, "the Policy Domain")->required();
  sub->add_flag("--starttls", request.starttls,
                "also look up the MX hosts, probe each over SMTP STARTTLS and decide by mode");
  sub->add_flag("--json", request.json,
                "print the fixture observation (fixtures/FORMAT.md) as one JSON object");
  add_network_options(*sub, request.network);
  sub->callback([&chosen] { chosen = [] { return run_check(request); }; });
}

}  // namespace mtasts::cli
