// SPDX-License-Identifier: Apache-2.0
// `mtasts match` (see match_command.h).
#include "match_command.h"

#include "idna_choice.h"
#include "mtasts/observation/parse_result.h"
#include "parse_command.h"

namespace mtasts::cli {

command_result run_match(std::string_view pattern, std::string_view host) {
  observation::observed o = observation::observe_match(pattern, host, cli_idna());
  return {std::move(o.value), status_of(o.outcome)};
}

}  // namespace mtasts::cli
