// SPDX-License-Identifier: Apache-2.0
// mtasts: the command-line face of mtasts::parser. CLI11 wiring and exit-code mapping only;
// each command lives in its own file and returns JSON plus an exit status.
//
// Exit statuses (the contract scripts rely on): 0 valid / match, 1 invalid / no match,
// 2 usage or I/O error (one "mtasts: ..." line on stderr, nothing on stdout),
// 3 the pattern or host given to match / cert-match is itself invalid.
#include <CLI/CLI.hpp>
#include <exception>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch_command.h"
#include "bench_command.h"
#include "cert_match_command.h"
#include "check_command.h"
#include "cli_error.h"
#include "command_result.h"
#include "conform_command.h"
#include "data_dir.h"
#include "diff_command.h"
#include "fuzz_diff_command.h"
#include "idna_choice.h"
#include "lint_command.h"
#include "match_command.h"
#include "mtasts/conformance/engine_session.h"
#include "mtasts/options.h"
#include "mtasts/version.h"
#include "output.h"
#include "parse_command.h"
#include "profiles_command.h"
#include "record_command.h"
#include "replay_serve_command.h"
#include "report_command.h"
#include "shim_init_command.h"
#include "tokens_command.h"

namespace {

using mtasts::cli::command_result;
using mtasts::cli::exit_status;

constexpr int usage_status = static_cast<int>(exit_status::usage);

// Exactly one line on stderr: control characters (a newline inside a CLI11 message or a
// file name) become spaces.
int report_usage_error(std::string_view what) {
  std::string line = "mtasts: ";
  for (const char c : what) {
    const auto byte = static_cast<unsigned char>(c);
    line += (byte < 0x20U || byte == 0x7FU) ? ' ' : c;
  }
  while (line.back() == ' ') line.pop_back();
  line += '\n';
  std::cerr << line << std::flush;
  return usage_status;
}

std::vector<std::string> profile_names() {
  std::vector<std::string> names;
  for (const mtasts::parser_profile& profile : mtasts::all_profiles()) {
    names.emplace_back(profile.name);
  }
  return names;
}

// The command chosen on the command line; set by the subcommand callbacks, run after parsing.
using action = std::function<command_result()>;

void add_parse_kind(CLI::App& parse, mtasts::cli::record_kind kind, std::string_view summary,
                    bool with_records, mtasts::cli::parse_request& request,
                    std::optional<action>& chosen) {
  request.kind = kind;
  CLI::App* sub =
      parse.add_subcommand(std::string(mtasts::observation::to_string(kind)), std::string(summary));
  CLI::Option* file =
      sub->add_option("FILE", request.file,
                      "input file, read as raw bytes (a trailing newline is part of the "
                      "input); '-' or nothing reads standard input")
          ->capture_default_str();
  if (with_records) {
    sub->add_option("--records", request.records_file,
                    "a JSON array of TXT records (each a string, {\"base64\": ...} or an array "
                    "of them as DNS character-strings) to which the multi-record selection "
                    "rule is applied; adds \"record\" to the output")
        ->type_name("FILE")
        ->excludes(file);
  }
  sub->add_option("--profile", request.profile,
                  "parser options to apply: a name from `mtasts profiles` (a peer profile "
                  "is refused for an input kind it does not model)")
      ->type_name("NAME")
      ->capture_default_str()
      ->check(CLI::IsMember(profile_names()));
  sub->callback(
      [&request, &chosen] { chosen = [&request] { return mtasts::cli::run_parse(request); }; });
}

// `mtasts parse txt|policy|tlsrpt`: one request per kind, so each keeps its own options.
void add_parse_command(CLI::App& app, std::optional<action>& chosen) {
  static mtasts::cli::parse_request txt_request, policy_request, tlsrpt_request;
  CLI::App* parse = app.add_subcommand(
      "parse", "parse a TXT record, a policy, a TLS-RPT record or a TLS-RPT report");
  parse->require_subcommand(1);
  add_parse_kind(*parse, mtasts::cli::record_kind::txt,
                 "an _mta-sts TXT record (RFC 8461 §3.1), character-strings already joined", true,
                 txt_request, chosen);
  add_parse_kind(*parse, mtasts::cli::record_kind::policy,
                 "an MTA-STS policy file body (RFC 8461 §3.2)", false, policy_request, chosen);
  add_parse_kind(*parse, mtasts::cli::record_kind::tlsrpt,
                 "an _smtp._tls TLS-RPT record (RFC 8460 §3)", true, tlsrpt_request, chosen);
  static std::string report_file = "-";
  CLI::App* report = parse->add_subcommand(
      "tlsrpt-report",
      "a TLS-RPT aggregate report (RFC 8460 §4), JSON or gzip (application/tlsrpt+gzip)");
  report->add_option("FILE", report_file, "the report; '-' or nothing reads standard input")
      ->capture_default_str();
  report->callback(
      [&chosen] { chosen = [] { return mtasts::cli::run_parse_report(report_file); }; });
}

// `mtasts build tlsrpt-report`: a report from session results, as an MTA aggregates them.
void add_build_command(CLI::App& app, std::optional<action>& chosen) {
  static std::string sessions_file = "-";
  CLI::App* build = app.add_subcommand("build", "build a TLS-RPT aggregate report");
  build->require_subcommand(1);
  CLI::App* report = build->add_subcommand(
      "tlsrpt-report",
      "a report (RFC 8460 §4) from a JSON file of metadata, a UTC day and session results "
      "(fixtures/FORMAT.md, build_tlsrpt_report)");
  report->add_option("FILE", sessions_file, "the input; '-' or nothing reads standard input")
      ->capture_default_str();
  report->callback(
      [&chosen] { chosen = [] { return mtasts::cli::run_build_report(sessions_file); }; });
}

void add_match_command(CLI::App& app, std::optional<action>& chosen) {
  static std::string pattern, host;
  CLI::App* match = app.add_subcommand(
      "match",
      "does a policy mx PATTERN match an MX HOST (RFC 8461 §4.1)? prints {\"match\": bool}");
  match->add_option("PATTERN", pattern, "an mx value from a policy, e.g. *.example.com")
      ->required();
  match->add_option("HOST", host, "the MX host (A-labels or U-labels; one trailing dot allowed)")
      ->required();
  match->callback([&chosen] { chosen = [] { return mtasts::cli::run_match(pattern, host); }; });
}

void add_cert_match_command(CLI::App& app, std::optional<action>& chosen) {
  static mtasts::cli::cert_match_question question;
  CLI::App* cert_match = app.add_subcommand(
      "cert-match",
      "does any certificate SAN dNSName match HOST (RFC 8461 §4.2, RFC 6125 §6.4)? prints "
      "{\"match\": bool, \"matched\": name|null}");
  CLI::Option* policy_host =
      cert_match->add_flag("--policy-host", question.policy_host,
                           "HOST is the Policy Host mta-sts.<domain>: the stricter §3.3 rule");
  cert_match
      ->add_flag("--partial-wildcard", question.partial_wildcard,
                 "also accept partial-label wildcards such as mx*.example.com (RFC 6125 §6.4.3, "
                 "MX hosts only)")
      ->excludes(policy_host);
  cert_match->add_option("HOST", question.host, "the MX host or Policy Host (A- or U-labels)")
      ->required();
  // No NAME at all is a certificate without SAN dNSName entries: it matches nothing.
  cert_match->add_option("NAME", question.names,
                         "the certificate's SAN dNSName entries (none: a certificate without any)");
  cert_match->callback(
      [&chosen] { chosen = [] { return mtasts::cli::run_cert_match(question); }; });
}

void add_registry_commands(CLI::App& app, std::optional<action>& chosen) {
  app.add_subcommand("tokens", "print the error-token registry as JSON")->callback([&chosen] {
    chosen = [] { return mtasts::cli::run_tokens(); };
  });
  app.add_subcommand("profiles",
                     "print the parser profiles --profile accepts as JSON: the inputs each "
                     "models and the peer vectors on which it knowingly differs from its peer")
      ->callback([&chosen] { chosen = [] { return mtasts::cli::run_profiles(); }; });
}

void add_session_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  app.add_subcommand("session",
                     "serve one conformance test as a level D1 shim over JSON lines on "
                     "stdin/stdout (conformance/PROTOCOL.md)")
      ->callback([&chosen] {
        chosen = [] {
          return mtasts::conformance::run_engine_session(std::cin, std::cout,
                                                         mtasts::cli::cli_idna());
        };
      });
}

int run(int argc, char** argv) {
  // conformance/PROTOCOL.md: `SHIM --capabilities` (mtasts is the reference shim).
  if (argc == 2 && std::string_view(argv[1]) == "--capabilities") {
    std::cout
        << mtasts::conformance::engine_shim_capabilities(std::string(mtasts::version())).dump()
        << "\n";
    return 0;
  }
  CLI::App app{
      "Strict MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) parsers and matchers. "
      "Every command prints one JSON value on stdout.",
      "mtasts"};
  app.footer(
      "Exit status: 0 valid/match, 1 invalid/no match, 2 usage or I/O error, "
      "3 invalid pattern or host (match, cert-match).");
  app.require_subcommand(1);
  app.fallthrough();  // --pretty is accepted after the subcommand too
  bool pretty = false;
  app.add_flag("--pretty", pretty, "indent the JSON output");
  app.set_version_flag("--version", std::string("mtasts ") + std::string(mtasts::version()));
  std::string data_dir;
  app.add_option("--data-dir", data_dir,
                 "the fixtures, corpus, snapshots and conformance files (default: "
                 "$MTASTS_DATA_DIR, else ../share/mtasts beside the executable)")
      ->type_name("DIR");

  // Commands that print one JSON value ...
  std::optional<action> chosen;
  add_parse_command(app, chosen);
  add_build_command(app, chosen);
  add_match_command(app, chosen);
  add_cert_match_command(app, chosen);
  add_registry_commands(app, chosen);
  mtasts::cli::add_bench_command(app, chosen);
  // ... and those that print reports and have their own exit statuses.
  std::optional<std::function<int()>> chosen_report;
  mtasts::cli::add_conform_command(app, chosen_report);
  mtasts::cli::diff::add_diff_command(app, chosen_report);
  mtasts::cli::add_check_command(app, chosen_report);
  mtasts::cli::add_record_command(app, chosen_report);
  mtasts::cli::add_lint_command(app, chosen_report);
  mtasts::cli::add_replay_serve_command(app, chosen_report);
  add_session_command(app, chosen_report);
  mtasts::cli::add_batch_command(app, chosen_report);
  mtasts::cli::add_shim_command(app, chosen_report);
  mtasts::cli::fuzz_diff::add_fuzz_diff_command(app, chosen_report);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are "errors" with exit code 0: print them on stdout.
    if (error.get_exit_code() == 0) return app.exit(error);
    return report_usage_error(error.what());
  }
  mtasts::cli::set_data_dir_flag(data_dir);
  if (chosen_report) {
    try {
      return (*chosen_report)();
    } catch (const mtasts::cli::cli_error& error) {
      return report_usage_error(error.what());
    }
  }
  if (!chosen) return report_usage_error("no command given (see mtasts --help)");

  command_result result;
  try {
    result = (*chosen)();
  } catch (const mtasts::cli::cli_error& error) {
    return report_usage_error(error.what());
  }
  std::cout << mtasts::cli::render(result.output, pretty) << std::flush;
  if (!std::cout) return report_usage_error("cannot write standard output");
  return static_cast<int>(result.status);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    return report_usage_error(std::string("internal error: ") + error.what());
  } catch (...) {
    return report_usage_error("internal error");
  }
}
