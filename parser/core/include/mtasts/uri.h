// SPDX-License-Identifier: Apache-2.0
// RFC 3986 URI validation, as needed by the TLS-RPT rua field (RFC 8460 §3).
#pragma once

#include <cstddef>
#include <string_view>

namespace mtasts {

// Returns the length of the longest prefix of text that is an RFC 3986 `URI`
// (scheme ":" hier-part ["?" query] ["#" fragment]); 0 when no prefix is one.
std::size_t uri_prefix_length(std::string_view text) noexcept;

// True when the whole text is an RFC 3986 URI.
bool is_uri(std::string_view text) noexcept;

// The scheme of a valid URI, e.g. "mailto" (as written; compare case-insensitively).
std::string_view uri_scheme(std::string_view uri) noexcept;

}  // namespace mtasts
