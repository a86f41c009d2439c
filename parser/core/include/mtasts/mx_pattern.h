// SPDX-License-Identifier: Apache-2.0
// Policy mx patterns (RFC 8461 §3.2 sts-policy-mx-value) and MX host matching (§4.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mtasts/result.h"

namespace mtasts {

struct mx_pattern {
  bool wildcard = false;    // written as "*." followed by domain
  std::string_view domain;  // the RFC 5321 Domain after any "*."

  friend bool operator==(const mx_pattern&, const mx_pattern&) = default;
};

// Parses `["*."] Domain` (RFC 5321 §4.1.2 Domain; A-labels only, R-3.2-7). With
// allow_trailing_dot, one trailing dot is accepted and excluded from domain.
result<mx_pattern> parse_mx_pattern(std::string_view text, bool allow_trailing_dot = false);

// RFC 8461 §4.1: does the host match the pattern? An invalid host (parse_host_name)
// matches nothing. ASCII
// case-insensitive; "*." matches exactly one whole left-most label; an exact pattern
// never matches a subdomain.
bool mx_pattern_matches(const mx_pattern& pattern, std::string_view host) noexcept;

// What match_mx answers. Its truthiness is the match: `if (match_mx(pattern, host))` holds
// only when both are valid and the host matches. An invalid pattern or host matches
// nothing, and `error` says which and why.
struct mx_match {
  bool matched = false;
  // Set when the pattern (MX_PATTERN_*, checked first) or the host (HOST_*) is invalid; the
  // offset refers to whichever string was invalid.
  std::optional<parse_error> error;

  explicit operator bool() const noexcept { return matched; }
};

// Parses both and matches (RFC 8461 §4.1).
mx_match match_mx(std::string_view pattern, std::string_view host);

std::string serialize(const mx_pattern& pattern);

}  // namespace mtasts
