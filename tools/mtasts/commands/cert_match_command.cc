// SPDX-License-Identifier: Apache-2.0
// `mtasts cert-match` (see cert_match_command.h).
#include "cert_match_command.h"

#include "cli_error.h"
#include "idna_choice.h"
#include "parse_command.h"

namespace mtasts::cli {

command_result run_cert_match(const cert_match_question& question) {
  if (question.policy_host && question.partial_wildcard) {
    // RFC 8461 §3.3: partial-label wildcards never apply to the Policy Host.
    throw cli_error("--partial-wildcard cannot be combined with --policy-host");
  }
  observation::observed o = observation::observe_cert_match(question, cli_idna());
  return {std::move(o.value), status_of(o.outcome)};
}

}  // namespace mtasts::cli
