// SPDX-License-Identifier: Apache-2.0
// Byte strings in JSON: the bytes rule of every observation (the CLI's output, shim answers,
// conformance/schemas/parse-result.schema.json $defs/bytes) and the byte values of fixtures
// (fixtures/FORMAT.md), which add {"repeat", "count"} for long inputs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "mtasts/observation/json.h"

namespace mtasts::observation {

// The bytes rule: well-formed UTF-8 is a JSON string; anything else is
// {"base64": "<standard padded base64>"}. Every byte string of an input that reaches an
// observation goes through here, so dumping never meets invalid UTF-8.
json bytes_to_json(std::string_view bytes);

// The inverse: a JSON string (its UTF-8 bytes) or an object holding exactly one "base64"
// member whose value is canonical padded base64. Anything else gives nullopt.
std::optional<std::string> bytes_from_json(const json& value);

// The most bytes a fixture byte value may expand to ({"repeat", "count"}).
inline constexpr std::size_t max_fixture_bytes = std::size_t{1} << 24;

// A fixture byte value: what bytes_from_json reads, or {"repeat": non-empty string,
// "count": n} (the string n times) when it expands to at most max_fixture_bytes. nullopt
// otherwise.
std::optional<std::string> fixture_bytes(const json& value);
// How many bytes fixture_bytes(value) gives, without building them; nullopt when it gives
// nothing.
std::optional<std::size_t> fixture_bytes_size(const json& value);

}  // namespace mtasts::observation
