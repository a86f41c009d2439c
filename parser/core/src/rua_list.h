// SPDX-License-Identifier: Apache-2.0
// RFC 8460 §3: tlsrpt-rua value = tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "mtasts/error.h"

namespace mtasts::detail {

// Length of the longest prefix of text that is a tlsrpt-uri: an RFC 3986 URI in which
// ',', '!' and ';' do not appear (they MUST be percent-encoded, RFC 8460 §3).
std::size_t tlsrpt_uri_length(std::string_view text) noexcept;

struct rua_scan {
  std::size_t end = 0;               // offset after the last URI
  std::optional<parse_error> error;  // why the production does not match at pos
};

// Matches the rua list production in s at pos (the byte after "rua="). The production
// matches only when it is followed by WSP, ';' or the end of s. Calls on_uri(view) for
// each URI when it matches.
template <class OnUri>
rua_scan scan_rua_list(std::string_view s, std::size_t pos, OnUri&& on_uri);

}  // namespace mtasts::detail

#include "rua_list_scan.h"
