// SPDX-License-Identifier: Apache-2.0
// One line of evidence about an HTTPS exchange, for people: what the server answered, or how
// the transport failed. Every value is printable (observation::printable_text) and bounded.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mtasts/engine/ports.h"

namespace mtasts::live {

// The most of one header value shown; past it the value is cut at a character and
// " ... (N bytes more)" follows. A Location or Content-Type needs far less.
inline constexpr std::size_t max_described_header_bytes = 256;

// "HTTP 301, Location: https://www.example.com/, Content-Type: text/html, 178 bytes" (the
// first Location and Content-Type, when present; "(cut at the size limit)" after a truncated
// body), or by transport "TLS failed", "could not connect", "timed out", each followed by
// ": transport_detail" when one is given (e.g. curl_https::last_error()).
std::string describe_response(const engine::https_response& response,
                              std::string_view transport_detail = {});

}  // namespace mtasts::live
