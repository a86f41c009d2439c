// SPDX-License-Identifier: Apache-2.0
// Standard base64 (RFC 4648 §4, alphabet A-Z a-z 0-9 + /, '=' padding): how observations
// (the CLI's output, fixtures, shim messages) carry byte strings that are not UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mtasts::observation {

// Encodes with padding; the output length is always a multiple of 4.
std::string base64_encode(std::string_view bytes);

// Decodes canonical padded base64 only: the length is a multiple of 4, '=' appears only as
// the final one or two characters, no whitespace or line breaks, and the unused low bits of
// the last character are zero (RFC 4648 §3.5), so decode(encode(x)) == x and every accepted
// text is the one encode() would write. Anything else gives nullopt.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace mtasts::observation
