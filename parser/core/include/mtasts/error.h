// SPDX-License-Identifier: Apache-2.0
// Error tokens and the error value every parser returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mtasts {

// One enumerator per token of error_tokens.def, in registry order.
enum class error_code : std::uint16_t {
#define X(token, family, section, message) token,
#include "mtasts/error_tokens.def"
#undef X
};

// The stable UPPER_SNAKE token, e.g. "POLICY_MAX_AGE_RANGE".
std::string_view token(error_code code) noexcept;
// The family the token belongs to, e.g. "POLICY_MAX_AGE".
std::string_view family(error_code code) noexcept;
// The section of the RFC that defines the rule, e.g. "RFC 8461 §3.2".
std::string_view rfc_section(error_code code) noexcept;
// A one-line human-readable message.
std::string_view message(error_code code) noexcept;
// Every registered code, in registry order.
std::span<const error_code> all_error_codes() noexcept;
// Looks a token up by name.
std::optional<error_code> error_code_from_token(std::string_view token) noexcept;

// Where and why input was rejected. offset is a byte offset into the input (offset ==
// input size means "at the end"); line and column are 1-based, column counts bytes.
struct parse_error {
  error_code code{};
  std::size_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;

  friend bool operator==(const parse_error&, const parse_error&) = default;
};

// Builds an error at offset, computing line and column from the LFs before it.
parse_error make_error(error_code code, std::string_view input, std::size_t offset) noexcept;

}  // namespace mtasts
