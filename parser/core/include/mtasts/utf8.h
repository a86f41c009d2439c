// SPDX-License-Identifier: Apache-2.0
// UTF-8 well-formedness (RFC 3629 §4, Unicode Table 3-7): the one reader behind the parsers'
// value grammar and every tool that must know whether bytes can be a JSON string.
#pragma once

#include <string_view>

namespace mtasts {

// True when bytes is well-formed UTF-8: no overlong forms, no surrogates (U+D800-DFFF),
// nothing above U+10FFFF, no truncated sequence. The empty string is well-formed.
bool is_valid_utf8(std::string_view bytes) noexcept;

}  // namespace mtasts
