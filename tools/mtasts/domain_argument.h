// SPDX-License-Identifier: Apache-2.0
// The DOMAIN argument of `check`, `record` and `lint`: what an operator types, checked before
// any network work. Something that is not a domain name (an e-mail address, a URL, an IP
// address, nothing at all) is a usage error (exit 2) with a hint, never a verdict on a domain.
#pragma once

#include <string>
#include <string_view>

namespace mtasts::cli {

// The Policy Domain as the engine keys it: A-labels (U-labels converted with the CLI's IDNA
// port, RFC 6125 §6.4.2), lower case, no trailing dot. Throws cli_error saying what is wrong
// and, when it can tell, "did you mean example.com?".
std::string policy_domain_argument(std::string_view typed);

}  // namespace mtasts::cli
