// SPDX-License-Identifier: Apache-2.0
// `mtasts check`: the engine's lookup (or deliver flow) over the live ports.
#include "check_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli_error.h"
#include "domain_argument.h"
#include "idna_choice.h"
#include "live_evidence.h"
#include "mtasts/diagnose.h"
#include "mtasts/error.h"
#include "mtasts/observation/engine_result.h"
#include "operator_advice.h"
#include "operator_report.h"

namespace mtasts::cli {
namespace {

// The lines of what a run saw: TXT record, policy fetch and certificate, policy, MX hosts.
std::vector<std::string> seen_lines(const live::live_run& run, const live::live_world& world,
                                    const std::string& domain) {
  std::vector<std::string> out = txt_evidence(world, "_mta-sts." + domain);
  for (std::string& line : fetch_evidence(world, run.now)) out.push_back(std::move(line));
  const engine::lookup_result& r = run.lookup;
  if (r.in_force) {
    const mtasts::policy& p = r.in_force->policy;
    std::string line = std::string("policy in force (") +
                       (r.source == engine::policy_source::fetched ? "fetched" : "cached") +
                       "): mode " + std::string(to_string(p.mode)) + ", max_age " +
                       std::to_string(p.max_age) + ", mx";
    for (const std::string& m : p.mx) line += " " + m;
    out.push_back(line);
  } else {
    out.push_back("no policy in force: senders use opportunistic TLS only");
  }
  if (run.mx_hosts && run.mx_hosts->hosts.empty()) out.push_back("MX: none");
  // Every MX host probed: by the deliver flow, or by lint's checklist.
  std::vector<std::string> probed;
  for (const live::probe_result& p : world.prober().sessions()) {
    if (std::find(probed.begin(), probed.end(), p.observation.host) != probed.end()) continue;
    probed.push_back(p.observation.host);
    for (std::string& line : mx_evidence(world, p.observation.host, run.now))
      out.push_back(std::move(line));
  }
  if (run.plan) {
    for (const engine::mx_decision& d : run.plan->mx) {
      const bool deliver = d.action == engine::mx_action::deliver;
      std::string line = "MX " + d.verdict.host + ": ";
      if (!run.lookup.active()) {
        // RFC 8461 §5: without a policy in force, STARTTLS stays opportunistic.
        const auto probe =
            std::find_if(run.mx.begin(), run.mx.end(),
                         [&](const engine::mx_observation& o) { return o.host == d.verdict.host; });
        const bool plain = probe != run.mx.end() && (!probe->starttls_offered || probe->tls_failed);
        line += plain ? "no policy applies, so senders deliver without TLS (opportunistic)"
                      : "no policy applies, so senders deliver with opportunistic TLS, "
                        "certificate unchecked";
      } else {
        line +=
            (d.verdict.failure ? "fails validation (" + std::string(token(*d.verdict.failure)) + ")"
                               : std::string("passes validation")) +
            (deliver ? ", senders deliver" : ", senders do not deliver to it");
      }
      out.push_back(line);
    }
  }
  return out;
}

// The MX verdicts of a deliver run as findings (RFC 8461 §4, §5).
void add_mx_findings(const live::live_run& run, const std::string& domain,
                     std::vector<finding>& out) {
  if (!run.plan || !run.lookup.active()) return;
  const policy_mode mode = run.lookup.in_force->policy.mode;
  // As lint grades them: an MX host that fails validation is an error in every mode that
  // validates; one the mx lines miss loses mail only under enforce (testing: reports).
  const severity uncovered = mode == policy_mode::enforce ? severity::error : severity::warning;
  for (const engine::mx_decision& d : run.plan->mx) {
    if (!d.verdict.failure) continue;
    const error_code code = *d.verdict.failure;
    const bool not_covered = code == error_code::MX_NOT_IN_POLICY;
    out.push_back({not_covered ? "mx-host-not-covered" : "mx-would-fail",
                   not_covered ? uncovered : severity::error, std::string(rfc_section(code)),
                   std::string(message(code)), std::string(token(code)), d.verdict.host});
  }
  if (run.plan->mx.empty()) {
    finding f{"no-mx-hosts",
              severity::error,
              "RFC 8461 §5",
              "the domain has no MX host to deliver to",
              "",
              domain};
    f.meaning = "senders cannot deliver mail to " + domain;
    f.fix = "publish MX records for " + domain;
    out.push_back(std::move(f));
  }
  if (run.plan->temporary_failure) {
    finding f{"delivery-deferred",
              severity::error,
              "RFC 8461 §5",
              "no MX host passes validation",
              "",
              ""};
    f.meaning = "with mode enforce, senders queue mail for " + domain +
                " and bounce it when the retries run out";
    f.fix = "fix the MX findings above; at least one MX host must pass";
    out.push_back(std::move(f));
  }
}

// The policy body the run fetched with status 200, when there is one.
std::optional<std::string> fetched_policy(const live::live_world& world) {
  const auto& exchanges = world.https().exchanges();
  for (auto it = exchanges.rbegin(); it != exchanges.rend(); ++it) {
    if (it->second.transport == engine::transport_status::completed && it->second.status == 200)
      return it->second.body;
  }
  return std::nullopt;
}

// The one TXT record at name (its strings joined), when there is exactly one.
std::optional<std::string> single_txt_record(const live::live_world& world,
                                             const std::string& name) {
  std::optional<std::string> out;
  for (const auto& [asked, answer] : world.dns().exchanges()) {
    if (asked != name || answer.records.size() != 1) continue;
    out.emplace();
    for (const std::string& piece : answer.records.front()) *out += piece;
  }
  return out;
}

// One finding per diagnostic of the parsers' diagnose: its line (policies), the text with a
// caret under the column, and its own fix (RFC 8461 §3.1, §3.2).
finding diagnostic_finding(const std::string& code, const diagnostic& d, bool policy) {
  const std::string prefix = policy ? "line " + std::to_string(d.line) + ": " : std::string();
  finding f{code,
            d.level == mtasts::severity::error ? severity::error : severity::warning,
            std::string(rfc_section(d.code)),
            (policy ? "policy " + prefix : std::string("TXT record: ")) + d.message,
            std::string(d.token),
            ""};
  f.evidence = {prefix + d.evidence, std::string(prefix.size(), ' ') + d.caret};
  f.fix = d.fix;
  return f;
}

// The diagnostics of one text (the policy body, or the TXT record) as findings. Its errors
// replace the strict parse's one finding `invalid` (which says only the first of them);
// its warnings are added, but not those lint_policy says with the values in force.
void add_text_diagnostics(std::vector<finding>& findings,
                          const std::vector<diagnostic>& diagnostics, bool policy,
                          const advice& on_error, bool policy_in_force) {
  const std::string invalid = policy ? "policy-invalid" : "txt-invalid";
  std::vector<finding> errors;
  std::vector<finding> warnings;
  for (const diagnostic& d : diagnostics) {
    if (d.level == mtasts::severity::error) {
      errors.push_back(diagnostic_finding(invalid, d, policy));
      errors.back().meaning = on_error.meaning;
    } else if (!policy_in_force || (d.code != error_code::POLICY_MAX_AGE_SHORT &&
                                    d.code != error_code::POLICY_MODE_TESTING)) {
      warnings.push_back(diagnostic_finding(policy ? "policy-warning" : "txt-warning", d, policy));
    }
  }
  if (!errors.empty()) {
    findings.erase(std::remove_if(findings.begin(), findings.end(),
                                  [&](const finding& f) { return f.code == invalid; }),
                   findings.end());
  }
  for (std::vector<finding>* more : {&errors, &warnings}) {
    for (finding& f : *more) findings.push_back(std::move(f));
  }
}

// The strict parse reports the first error; the operator sees every error and warning, of
// the policy fetched (when it failed to parse, or is in force) and of the TXT record.
void add_diagnostics(std::vector<finding>& findings, const live::live_world& world,
                     const std::string& domain, std::optional<policy_mode> mode) {
  const bool policy_invalid = std::any_of(findings.begin(), findings.end(), [](const finding& f) {
    return f.code == "policy-invalid";
  });
  if (const std::optional<std::string> body = fetched_policy(world);
      body && (policy_invalid || mode)) {
    add_text_diagnostics(findings, diagnose_policy(*body), true,
                         advice_for(error_code::FETCH_POLICY_INVALID, domain, "", mode),
                         mode.has_value());
  }
  if (const std::optional<std::string> record = single_txt_record(world, "_mta-sts." + domain)) {
    add_text_diagnostics(findings, diagnose_txt_record(*record), false,
                         advice_for(error_code::DISCOVERY_TXT_INVALID, domain, "", mode),
                         mode.has_value());
  }
}

}  // namespace

operator_report report_of_run(const std::string& command, const std::string& domain,
                              const live::live_run& run, const live::live_world& world,
                              bool require_policy,
                              const std::function<void(std::vector<finding>&)>& more) {
  operator_report report;
  report.command = command;
  report.domain = domain;
  report.now = run.now;
  report.lookup = &run.lookup;
  report.findings = lint_lookup(run.lookup);
  for (const engine::event& e : run.lookup.events) {
    // No answer at all from the resolver: nothing is known about the domain (exit 2).
    if (e.code == error_code::DNS_TIMEOUT) report.could_not_check = true;
  }
  if (run.lookup.in_force) {
    for (finding& f : lint_policy(run.lookup.in_force->policy))
      report.findings.push_back(std::move(f));
  } else if (require_policy && !report.could_not_check) {
    finding f{"policy-required",
              severity::error,
              "RFC 8461 §3",
              "no MTA-STS policy is in force, and --require-policy asks for one",
              "",
              ""};
    f.meaning = "senders use opportunistic TLS only: an attacker can strip STARTTLS unnoticed";
    f.fix = "publish _mta-sts." + domain + " \"v=STSv1; id=YYYYMMDDnn\" and https://mta-sts." +
            domain + "/.well-known/mta-sts.txt";
    report.findings.push_back(std::move(f));
  }
  const std::optional<policy_mode> mode =
      run.lookup.in_force ? std::optional(run.lookup.in_force->policy.mode) : std::nullopt;
  add_mx_findings(run, domain, report.findings);
  // Nothing more can be learnt when the resolver does not answer.
  if (more && !report.could_not_check) more(report.findings);
  explain(report.findings, domain, mode);
  attach_evidence(report.findings, world, domain, run.now);
  // After the evidence: each diagnostic carries its own line.
  add_diagnostics(report.findings, world, domain, mode);
  // Why each certificate failed, in the judge's words.
  for (const live::recording_x509::judgement& j : world.x509().judgements()) {
    if (j.verification.status != engine::cert_status::valid)
      add_certificate_reason(report.findings, j.rule, j.host, j.verification.reason);
  }
  sort_by_severity(report.findings);
  report.seen = seen_lines(run, world, domain);
  report.certificates = seen_certificates(world);
  return report;
}

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
  // A local world (mtasts replay-serve) serves HTTPS on a high port.
  command
      .add_option("--https-port", o.https_port,
                  "connect to this port for the policy instead of 443; the URL, SNI and Host "
                  "stay those of port 443 (for a local world such as mtasts replay-serve)")
      ->check(CLI::Range(1, 65535));
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

int run_check(const check_request& request) {
  // --observation drives the engine as the conformance suite does: DOMAIN goes to it as given
  // (an address literal or a bad IDN is the engine's to judge); for people it is refused.
  const std::string domain = request.observation ? domain_argument(request.domain)
                                                 : policy_domain_argument(request.domain);
  const std::unique_ptr<live::live_world> made = open_live_world(request.network);
  live::live_world& world = *made;
  const live::live_run run = request.starttls ? world.deliver(domain) : world.lookup(domain);
  operator_report report = report_of_run("check", domain, run, world, request.require_policy);
  if (request.observation) {
    std::cout << live_observation(run, world).dump() << "\n";
  } else if (request.json) {
    report.observation = live_observation(run, world);
    std::cout << report_json(report).dump(-1, ' ', false,
                                          nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    print_report_text(std::cout, report, request.verbose);
  }
  std::cout << std::flush;
  if (!std::cout) throw cli_error("cannot write standard output");
  return static_cast<int>(report_status(report));
}

void add_check_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static check_request request;
  CLI::App* sub = app.add_subcommand(
      "check",
      "look up DOMAIN's MTA-STS policy over the network (RFC 8461 §5.1) and say what is wrong, "
      "with evidence and the fix; with --starttls also probe each MX. Exit 0 valid (or none "
      "published, unless --require-policy), 1 the domain has problems, 2 could not check");
  sub->add_option("DOMAIN", request.domain, "the Policy Domain")->required();
  sub->add_flag("--starttls", request.starttls,
                "also look up the MX hosts, probe each over SMTP STARTTLS and decide by mode");
  sub->add_flag("--require-policy", request.require_policy,
                "a domain that publishes no MTA-STS policy is a problem (exit 1)");
  sub->add_flag("--verbose,-v", request.verbose, "also list the checks that were skipped");
  CLI::Option* json_flag = sub->add_flag(
      "--json", request.json,
      "print the report as one JSON object (conformance/schemas/operator-report.schema.json)");
  sub->add_flag("--observation", request.observation,
                "print only the fixture observation (fixtures/FORMAT.md) as one JSON object; "
                "DOMAIN goes to the engine as given, as in the conformance suite")
      ->excludes(json_flag);
  add_network_options(*sub, request.network);
  sub->callback([&chosen] { chosen = [] { return run_check(request); }; });
}

}  // namespace mtasts::cli
