// SPDX-License-Identifier: Apache-2.0
// Text from another process (a shim's stderr, its messages, its error tokens) made safe for
// every report the tools write: valid UTF-8 for JSON, XML 1.0 characters only, and nothing
// a terminal would act on. The one place such text is cleaned.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mtasts::observation {

// `bytes` with each byte that is not part of a well-formed UTF-8 character, each control
// character (C0, DEL, C1: ESC, CR, LF, TAB included) and U+FFFE/U+FFFF written as "\xNN"
// per byte. Idempotent: printable text comes back unchanged.
std::string printable_text(std::string_view bytes);

// At most `max_bytes` of printable_text(bytes), cut at a character boundary, then
// " ... (N bytes more)" when something was cut (N counts the input bytes left out).
std::string printable_prefix(std::string_view bytes, std::size_t max_bytes);

// The last `max_bytes` of `bytes` or fewer, starting at a character boundary (a UTF-8
// sequence is never cut in half): the tail of an output, before it is made printable.
std::string_view utf8_tail(std::string_view bytes, std::size_t max_bytes);

}  // namespace mtasts::observation
