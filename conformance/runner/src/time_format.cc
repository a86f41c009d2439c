// SPDX-License-Identifier: Apache-2.0
// Fixture times: the RFC 3339 implementation of mtasts::tlsrpt, restricted to the one
// spelling fixtures use ("YYYY-MM-DDTHH:MM:SSZ", UTC, no fraction).
#include "mtasts/conformance/time_format.h"

#include "mtasts/tlsrpt_report.h"

namespace mtasts::conformance {

std::optional<std::int64_t> parse_rfc3339_utc(std::string_view s) {
  if (s.size() != 20 || s[10] != 'T' || s[19] != 'Z') return std::nullopt;
  return tlsrpt::parse_rfc3339(s);
}

std::string format_rfc3339_utc(std::int64_t unix_seconds) {
  return tlsrpt::format_rfc3339(unix_seconds);
}

}  // namespace mtasts::conformance
