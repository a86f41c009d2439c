// SPDX-License-Identifier: Apache-2.0
// The one way the tools read JSON from outside the process (fixtures, expectations, shim
// configs and answers, profiles, records files): text in, a document out, with named bounds
// on depth, number of values and size, duplicate object keys rejected, and errors that say
// where ("line 3, column 14: ..."). The parser never recurses on the input's depth, and the
// document it returns is shallow enough for nlohmann's recursive copy and comparison.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mtasts/observation/json.h"

namespace mtasts::observation {

// Deepest nesting of arrays and objects accepted. The shipped fixtures and expectations
// nest at most 12 levels; 64 leaves room and keeps every recursive walk of a document far
// from the stack's end.
inline constexpr std::size_t max_json_depth = 64;
// Most values (scalars, arrays and objects, each counted once) in one document: the bound
// on the memory a document costs beyond its text (the largest shipped fixture has 3 310).
inline constexpr std::size_t max_json_values = std::size_t{1} << 18;
// Largest text read when the caller has no tighter bound.
inline constexpr std::size_t max_json_bytes = std::size_t{64} << 20;

struct json_limits {
  std::size_t max_depth = max_json_depth;
  std::size_t max_values = max_json_values;
  std::size_t max_bytes = max_json_bytes;
};

// A document read, or the reason it was not.
// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct json_read {
  std::optional<json> document;
  std::size_t values = 0;  // values in the document (what it counts against max_values)
  std::string error;       // "line L, column C: what" (or the size), printable
};

// Reads one JSON text: RFC 8259, UTF-8 strings, nothing after the value but whitespace,
// no object with two members of the same name.
json_read read_json(std::string_view text, const json_limits& limits = {});

// The string member `key` of `value`; `fallback` when value is not an object or the member
// is missing or not a string (where nlohmann's value() would throw).
std::string string_or(const json& value, const char* key, std::string fallback = {});

// 1-based line and column of the byte at `offset` ("line 3, column 14").
std::string line_and_column(std::string_view text, std::size_t offset);

}  // namespace mtasts::observation
