// SPDX-License-Identifier: Apache-2.0
// `mtasts parse tlsrpt-report`, `mtasts build tlsrpt-report` (see report_command.h).
#include "report_command.h"

#include "cli_error.h"
#include "input.h"
#include "mtasts/observation/json_input.h"
#include "mtasts/observation/report_result.h"
#include "parse_command.h"

namespace mtasts::cli {

command_result run_parse_report(const std::string& file) {
  observation::observed o = observation::observe_tlsrpt_report(read_input(file));
  return {std::move(o.value), status_of(o.outcome)};
}

command_result run_build_report(const std::string& file) {
  const std::string text = read_input(file);
  const observation::json_read read = observation::read_json(text);
  const std::string where = file == "-" ? "standard input" : file;
  if (!read.document) throw cli_error(where + ": " + read.error);
  observation::build_observed built = observation::observe_tlsrpt_report_build(*read.document);
  if (!built.result) throw cli_error(where + ": " + built.input_error);
  return {std::move(built.result->value), status_of(built.result->outcome)};
}

}  // namespace mtasts::cli
