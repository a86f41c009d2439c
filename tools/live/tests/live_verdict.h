// SPDX-License-Identifier: Apache-2.0
// A chain of fixtures/certs served on loopback and judged the way `mtasts check` judges it:
// the Policy Host through the live HTTPS port and the engine's fetch (RFC 8461 §3.3), an MX
// host through the live SMTP STARTTLS probe and the engine's MX validation (§4.2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::live::test {

struct live_verdict {
  // nullopt when the check ended before any certificate verdict (detail says how).
  std::optional<engine::cert_status> status;
  std::string detail;
};

// chain: file names in fixtures/certs, leaf first (the leaf's key is its .key), at most one
// certificate after the leaf. ca_file: the trust anchors, as `--ca-file`.
live_verdict policy_host_verdict(const std::vector<std::string>& chain,
                                 const std::string& policy_host, const std::string& ca_file);
live_verdict mx_host_verdict(const std::vector<std::string>& chain, const std::string& mx_host,
                             const std::string& ca_file);

}  // namespace mtasts::live::test
