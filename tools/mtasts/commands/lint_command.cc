// SPDX-License-Identifier: Apache-2.0
// `mtasts lint`: a live check, then every lint check that what it saw allows.
#include "lint_command.h"

#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/vocabulary.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "check_command.h"
#include "cli_error.h"
#include "domain_argument.h"
#include "lint_findings.h"
#include "live_evidence.h"
#include "mtasts/observation/bytes.h"
#include "operator_report.h"

namespace mtasts::cli {
namespace {

using njson = nlohmann::json;

// A fixture file, read with the fixtures' bounds (its depth bounds the conversion's recursion).
njson previous_fixture(const std::string& path) {
  std::string error;
  const std::optional<conformance::json> doc =
      conformance::read_json_file(path, error,
                                  {observation::max_json_depth, observation::max_json_values,
                                   conformance::max_fixture_file_bytes});
  if (!doc) throw cli_error("--previous: " + error);
  njson out(*doc);
  // lint_id_change reads the verdict of the recorded step.
  const bool recording = out.contains("testGroups") && out["testGroups"].is_array() &&
                         !out["testGroups"].empty() && out["testGroups"][0].contains("tests") &&
                         out["testGroups"][0]["tests"].is_array() &&
                         !out["testGroups"][0]["tests"].empty() &&
                         out["testGroups"][0]["tests"][0].contains("steps") &&
                         out["testGroups"][0]["tests"][0]["steps"].is_array() &&
                         !out["testGroups"][0]["tests"][0]["steps"].empty() &&
                         out["testGroups"][0]["tests"][0]["steps"][0].contains("expect");
  if (!recording)
    throw cli_error("--previous: " + path + " is not a fixture written by `mtasts record`");
  return out;
}

void append(std::vector<finding>& to, std::vector<finding> more) {
  for (finding& f : more) to.push_back(std::move(f));
}

// RFC 8461 §3.3, §4.2: a certificate that expires within this many days is a warning.
constexpr std::int64_t expiry_warning_days = 30;

void lint_certificate_expiry(const std::vector<seen_certificate>& certificates,
                             engine::unix_seconds now, std::vector<finding>& out) {
  for (const seen_certificate& c : certificates) {
    if (c.chain.certificates.empty()) continue;
    const engine::certificate_summary& leaf = c.chain.certificates.front();
    const std::int64_t left = leaf.not_after - now;
    if (left < 0 || left > expiry_warning_days * 86400) continue;  // expired: its own finding
    const bool policy_host = c.rule == engine::name_rule::policy_host;
    finding f{"certificate-expires-soon",
              severity::warning,
              policy_host ? "RFC 8461 §3.3" : "RFC 8461 §4.2",
              "the certificate of " + c.host + " expires within " +
                  std::to_string(expiry_warning_days) + " days",
              "",
              c.host};
    f.evidence = {"certificate of " + c.host + ": " + engine::describe_validity(leaf, now)};
    f.meaning = policy_host
                    ? "once it expires, senders cannot fetch the policy"
                    : "once it expires, senders with mode enforce stop delivering to " + c.host;
    f.fix = "renew the certificate of " + c.host + " now, and automate the renewal";
    out.push_back(std::move(f));
  }
}

std::vector<finding> lint_findings_of(const lint_request& request, const std::string& domain,
                                      live::live_world& world, const live::live_run& run,
                                      const std::optional<njson>& previous) {
  std::vector<finding> out;
  if (!previous) {
    out.push_back(skipped("policy-changed-id-unchanged", "RFC 8461 §3.1",
                          "needs --previous FIXTURE (a file written by mtasts record)"));
  } else {
    append(out, lint_id_change(*previous, run.lookup));
  }
  for (const auto& [request_sent, response] : world.https().exchanges()) {
    if (response.transport == engine::transport_status::completed && response.status == 200)
      append(out, lint_http_caching(response));
  }
  if (run.lookup.in_force) {
    const mtasts::policy& policy = run.lookup.in_force->policy;
    const live::mx_lookup mx = world.mx_hosts(domain);
    if (mx.status != engine::dns_status::noerror) {
      finding f{"mx-lookup-failed",
                severity::error,
                "RFC 5321 §5.1",
                "the MX look-up of " + domain + " failed",
                "",
                domain};
      f.evidence = {"MX " + domain + ": " + std::string(live::rcode_name(mx.status))};
      f.meaning = "senders cannot find where to deliver mail for " + domain;
      f.fix = "check the domain's name servers answer MX queries for " + domain;
      out.push_back(std::move(f));
    } else {
      append(out, lint_mx_coverage(policy, mx.hosts));
      if (request.no_starttls) {
        out.push_back(
            skipped("mx-would-fail", "RFC 8461 §4.2", "--no-starttls: MX certificates not probed"));
      } else {
        append(out, lint_mx_validation(world.engine(), policy, world.probe_all(mx.hosts)));
      }
    }
  } else {
    const std::string why = "no policy in force";
    out.push_back(skipped("mx-coverage", "RFC 8461 §4.1", why));
    out.push_back(skipped("mx-would-fail", "RFC 8461 §4.2", why));
  }
  std::vector<finding> tlsrpt = lint_tlsrpt(world.engine().lookup_tlsrpt(domain), domain);
  // RFC 8461 §5, RFC 8460: testing mode is there to collect reports; without a TLS-RPT
  // record nobody receives them.
  const bool testing =
      run.lookup.in_force && run.lookup.in_force->policy.mode == policy_mode::testing;
  for (finding& f : tlsrpt) {
    if (testing && f.code == "tlsrpt-missing") {
      f.message += " while the policy is in mode testing";
      f.meaning =
          "mode testing exists to collect TLS-RPT reports; without the record the "
          "testing phase tells you nothing before you switch to enforce";
    }
  }
  append(out, std::move(tlsrpt));
  lint_certificate_expiry(seen_certificates(world), run.now, out);
  return out;
}

}  // namespace

int run_lint(const lint_request& request) {
  const std::string domain = policy_domain_argument(request.domain);
  std::optional<njson> previous;
  if (!request.previous.empty()) previous = previous_fixture(request.previous);
  const std::unique_ptr<live::live_world> made = open_live_world(request.network);
  live::live_world& world = *made;
  const live::live_run run = world.lookup(domain);
  const operator_report report = report_of_run(
      "lint", domain, run, world, request.require_policy, [&](std::vector<finding>& out) {
        append(out, lint_findings_of(request, domain, world, run, previous));
      });
  if (request.json) {
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

void add_lint_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static lint_request request;
  CLI::App* sub = app.add_subcommand(
      "lint",
      "check DOMAIN's MTA-STS and TLS-RPT set-up over the network against the operator's "
      "checklist; each finding with its evidence, what it means for senders and the fix, "
      "errors first. Exit 0 no errors (or nothing published, unless --require-policy), 1 the "
      "domain has problems, 2 could not check");
  sub->add_option("DOMAIN", request.domain, "the Policy Domain")->required();
  sub->add_option("--previous", request.previous,
                  "a fixture written earlier by `mtasts record`: report a policy that changed "
                  "while the TXT id did not")
      ->type_name("FIXTURE");
  sub->add_flag("--no-starttls", request.no_starttls, "do not probe the MX hosts over SMTP");
  sub->add_flag("--require-policy", request.require_policy,
                "a domain that publishes no MTA-STS policy is a problem (exit 1)");
  sub->add_flag("--verbose,-v", request.verbose, "also list the checks that were skipped");
  sub->add_flag(
      "--json", request.json,
      "print the report as one JSON object (conformance/schemas/operator-report.schema.json)");
  add_network_options(*sub, request.network);
  sub->callback([&chosen] { chosen = [] { return run_lint(request); }; });
}

}  // namespace mtasts::cli
