// SPDX-License-Identifier: Apache-2.0
// `mtasts lint`: a live check, then every lint check that what it saw allows.
#include "lint_command.h"

#include "mtasts/conformance/json_file.h"
#include "mtasts/conformance/vocabulary.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli_error.h"
#include "idna_choice.h"
#include "lint_findings.h"
#include "mtasts/observation/bytes.h"

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
  return njson(*doc);
}

void append(std::vector<finding>& to, std::vector<finding> more) {
  for (finding& f : more) to.push_back(std::move(f));
}

std::vector<finding> run_checks(const lint_request& request, const std::string& domain,
                                live::live_world& world, const std::optional<njson>& previous) {
  std::vector<finding> out;
  const live::live_run run = world.lookup(domain);
  append(out, lint_lookup(run.lookup));
  const bool have_policy = run.lookup.in_force.has_value();
  if (!previous) {
    out.push_back(skipped("policy-changed-id-unchanged", "RFC 8461 §3.1",
                          "needs --previous FIXTURE (a file written by mtasts record)"));
  } else {
    append(out, lint_id_change(*previous, run.lookup));
  }
  if (have_policy) {
    const mtasts::policy& policy = run.lookup.in_force->policy;
    append(out, lint_policy(policy));
    const live::mx_lookup mx = world.mx_hosts(domain);
    if (mx.status != engine::dns_status::noerror) {
      out.push_back({"mx-lookup-failed", severity::error, "RFC 5321 §5.1",
                     "the MX look-up failed: " + std::string(live::rcode_name(mx.status)), "",
                     domain});
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
    out.push_back(skipped("max-age", "RFC 8461 §3.2", why));
    out.push_back(skipped("mx-coverage", "RFC 8461 §4.1", why));
    out.push_back(skipped("mx-would-fail", "RFC 8461 §4.2", why));
  }
  append(out, lint_tlsrpt(world.engine().lookup_tlsrpt(domain)));
  // Why each certificate failed, in the judge's words.
  for (const live::recording_x509::judgement& j : world.x509().judgements()) {
    if (j.verification.status != engine::cert_status::valid) {
      add_certificate_reason(out, j.rule, j.host, j.verification.reason);
    }
  }
  return out;
}

}  // namespace

int run_lint(const lint_request& request) {
  const std::string domain = domain_argument(request.domain);
  std::optional<njson> previous;
  if (!request.previous.empty()) previous = previous_fixture(request.previous);
  const std::unique_ptr<live::live_world> made = open_live_world(request.network);
  const std::vector<finding> findings = run_checks(request, domain, *made, previous);

  std::size_t counts[4] = {};
  for (const finding& f : findings) ++counts[static_cast<int>(f.level)];
  if (request.json) {
    njson list = njson::array();
    for (const finding& f : findings) {
      njson j{{"code", f.code},
              {"severity", std::string(to_string(f.level))},
              {"rfc", f.rfc},
              {"message", f.message}};
      if (!f.token.empty()) j["token"] = f.token;
      // The subject (an MX host, say) is data: the bytes rule. Messages are prose, and a
      // byte that is not UTF-8 in them is shown as U+FFFD by the dump below.
      if (!f.subject.empty()) j["subject"] = observation::bytes_to_json(f.subject);
      list.push_back(j);
    }
    const nlohmann::ordered_json out{{"domain", observation::bytes_to_json(domain)},
                                     {"findings", list},
                                     {"counts",
                                      {{"error", counts[0]},
                                       {"warning", counts[1]},
                                       {"info", counts[2]},
                                       {"skipped", counts[3]}}}};
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  } else {
    for (const finding& f : findings) {
      std::cout << to_string(f.level) << " " << f.code << " (" << f.rfc << "): " << f.message
                << "\n";
    }
    std::cout << domain << ": " << counts[0] << " error(s), " << counts[1] << " warning(s), "
              << counts[2] << " info, " << counts[3] << " skipped\n";
  }
  std::cout << std::flush;
  if (!std::cout) throw cli_error("cannot write standard output");
  return counts[0] == 0 ? 0 : 1;
}

void add_lint_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static lint_request request;
  CLI::App* sub = app.add_subcommand(
      "lint",
      "check DOMAIN's MTA-STS and TLS-RPT set-up over the network and list findings with "
      "their RFC sections; exit 0 no errors, 1 errors, 2 usage or I/O error");
  sub->add_option("DOMAIN", request.domain, "the Policy Domain")->required();
  sub->add_option("--previous", request.previous,
                  "a fixture written earlier by `mtasts record`: report a policy that changed "
                  "while the TXT id did not")
      ->type_name("FIXTURE");
  sub->add_flag("--no-starttls", request.no_starttls, "do not probe the MX hosts over SMTP");
  sub->add_flag("--json", request.json, "print the findings as one JSON object");
  add_network_options(*sub, request.network);
  sub->callback([&chosen] { chosen = [] { return run_lint(request); }; });
}

}  // namespace mtasts::cli
