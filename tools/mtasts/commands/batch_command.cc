// SPDX-License-Identifier: Apache-2.0
// `mtasts batch` (see batch_command.h).
#include "batch_command.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_error.h"
#include "idna_choice.h"
#include "mtasts/conformance/engine_observer.h"
#include "mtasts/conformance/level_p_batch.h"
#include "mtasts/observation/json_input.h"
#include "mtasts/options.h"
#include "parse_command.h"

namespace mtasts::cli {
namespace {

constexpr int unimplemented_exit = 89;

enum class line_status { ok, end, too_long };

line_status read_request_line(std::istream& in, std::string& line) {
  line.clear();
  for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
    if (c == '\n') return line_status::ok;
    if (line.size() == max_batch_request_bytes) return line_status::too_long;
    line.push_back(static_cast<char>(c));
  }
  return line.empty() ? line_status::end : line_status::ok;
}

std::optional<record_kind> record_kind_of(conformance::step_action action) {
  switch (action) {
    case conformance::step_action::parse_txt:
      return record_kind::txt;
    case conformance::step_action::parse_policy:
      return record_kind::policy;
    case conformance::step_action::parse_tlsrpt:
      return record_kind::tlsrpt;
    default:
      return std::nullopt;
  }
}

// The exit status and object `mtasts` prints for the question alone; nullopt with `error`
// when it would exit 2. Exit 89 for a kind the profile does not model.
std::optional<command_result> answer(const conformance::level_p_input& question,
                                     const parser_profile& profile, std::string& error) {
  if (const std::optional<record_kind> kind = record_kind_of(question.action)) {
    try {
      return parse_bytes(*kind, question.file_bytes, std::string(profile.name));
    } catch (const cli_error&) {
      return command_result{json(), static_cast<exit_status>(unimplemented_exit)};
    }
  }
  if (question.action == conformance::step_action::parse_txt_records &&
      !covers(profile.kinds, profile_kind::txt))
    return command_result{json(), static_cast<exit_status>(unimplemented_exit)};
  conformance::engine_p_answer a = conformance::answer_level_p(question, profile, cli_idna());
  if (!a.input_error.empty()) {
    error = a.input_error;
    return std::nullopt;
  }
  return command_result{std::move(a.observed.value),
                        static_cast<exit_status>(conformance::exit_code_of(a.observed.outcome))};
}

}  // namespace

int run_batch(std::istream& in, std::ostream& out, std::ostream& err, const std::string& name) {
  const std::optional<parser_profile> profile = find_profile(name);
  if (!profile) {
    err << "mtasts batch: unknown profile '" << name << "' (see `mtasts profiles`)\n";
    return 2;
  }
  std::string line;
  for (std::size_t number = 1;; ++number) {
    const line_status read = read_request_line(in, line);
    if (read == line_status::end) return 0;
    const std::string where = "mtasts batch: line " + std::to_string(number) + ": ";
    if (read == line_status::too_long) {
      err << where << "longer than " << max_batch_request_bytes << " bytes\n";
      return 2;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    observation::json_read request = observation::read_json(line);
    std::string error;
    std::optional<conformance::level_p_input> question;
    if (!request.document) {
      error = request.error;
    } else {
      question = conformance::batch_request_input(*request.document, error);
    }
    std::optional<command_result> result;
    if (question) result = answer(*question, *profile, error);
    if (!result) {
      err << where << error << "\n";
      return 2;
    }
    out << conformance::batch_answer_line((*request.document)["id"].get<std::uint64_t>(),
                                          static_cast<int>(result->status), result->output)
               .dump()
        << "\n"
        << std::flush;
  }
}

void add_batch_command(CLI::App& app, std::optional<std::function<int()>>& chosen) {
  static std::string profile = "strict";
  CLI::App* batch = app.add_subcommand(
      "batch",
      "answer level-P questions as JSON lines on stdin/stdout, one process for many "
      "(conformance/PROTOCOL.md \"Batch\")");
  batch->add_option("--profile", profile, "parser options for parse questions (`mtasts profiles`)")
      ->type_name("NAME")
      ->capture_default_str();
  batch->callback(
      [&chosen] { chosen = [] { return run_batch(std::cin, std::cout, std::cerr, profile); }; });
}

}  // namespace mtasts::cli
