// SPDX-License-Identifier: Apache-2.0
// `mtasts cert-match [--policy-host] [--partial-wildcard] HOST NAME...`: certificate SAN
// dNSNames against an MX host (RFC 8461 §4.2, RFC 6125 §6.4) or a Policy Host (§3.3).
#pragma once

#include "command_result.h"
#include "mtasts/observation/parse_result.h"

namespace mtasts::cli {

using observation::cert_match_question;

// observation::observe_cert_match; exit ok / negative, or invalid_subject when HOST is not a
// valid host name. Throws cli_error when partial_wildcard is combined with policy_host.
command_result run_cert_match(const cert_match_question& question);

}  // namespace mtasts::cli
