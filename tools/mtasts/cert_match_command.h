// `mtasts cert-match [--policy-host] [--partial-wildcard] HOST NAME...`: certificate SAN
// dNSNames against an MX host (RFC 8461 §4.2, RFC 6125 §6.4) or a Policy Host (§3.3).
#pragma once

#include <string>
#include <vector>

#include "command_result.h"

namespace mtasts::cli {

struct cert_match_request {
  std::string host;                // MX host, or the Policy Host with policy_host
  std::vector<std::string> names;  // SAN dNSName entries, in certificate order
  bool policy_host = false;        // §3.3 rule instead of §4.2
  bool partial_wildcard = false;   // RFC 6125 §6.4.3 mx*.example.com; MX hosts only
};

// {"match": bool, "matched": first matching name | null}, exit ok / negative. When HOST is
// not a valid host name: {"match": false, "matched": null, "error": {..., "subject": "host"}},
// exit invalid_subject. Throws cli_error when partial_wildcard is combined with policy_host.
command_result run_cert_match(const cert_match_request& request);

}  // namespace mtasts::cli
