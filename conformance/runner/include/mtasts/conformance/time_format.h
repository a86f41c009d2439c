// SPDX-License-Identifier: Apache-2.0
// RFC 3339 UTC timestamps <-> Unix seconds, for fixture times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mtasts::conformance {

// Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC only; the fixtures never need offsets).
std::optional<std::int64_t> parse_rfc3339_utc(std::string_view text);
std::string format_rfc3339_utc(std::int64_t unix_seconds);

}  // namespace mtasts::conformance
