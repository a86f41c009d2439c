// SPDX-License-Identifier: Apache-2.0
// Host names as reference identifiers: MX hosts from DNS, Policy Domains (RFC 6125 §6.4).
#pragma once

#include <string_view>

#include "mtasts/ascii.h"  // ascii_iequals, for callers comparing host names
#include "mtasts/result.h"

namespace mtasts {

// Validates an ASCII host name (letters, digits, '-' in LDH labels of 1-63 octets, at
// most 253 octets) and returns it without its one optional trailing dot (A-15: a DNS
// answer's absolute name and the relative spelling are the same host). U-labels are
// rejected with HOST_NON_ASCII: callers convert them to A-labels first (RFC 6125 §6.4.2).
result<std::string_view> parse_host_name(std::string_view host);

}  // namespace mtasts
