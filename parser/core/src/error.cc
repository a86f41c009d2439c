// SPDX-License-Identifier: Apache-2.0
// The error-token registry, expanded from error_tokens.def.
#include "mtasts/error.h"

#include <array>

namespace mtasts {
namespace {

struct registry_entry {
  std::string_view token;
  std::string_view family;
  std::string_view section;
  std::string_view message;
};

constexpr std::array registry{
#define X(tok, fam, sec, msg) registry_entry{#tok, #fam, sec, msg},
#include "mtasts/error_tokens.def"
#undef X
};

constexpr std::array codes{
#define X(tok, fam, sec, msg) error_code::tok,
#include "mtasts/error_tokens.def"
#undef X
};

const registry_entry& entry(error_code code) noexcept {
  return registry[static_cast<std::size_t>(code)];
}

}  // namespace

std::string_view token(error_code code) noexcept { return entry(code).token; }
std::string_view family(error_code code) noexcept { return entry(code).family; }
std::string_view rfc_section(error_code code) noexcept { return entry(code).section; }
std::string_view message(error_code code) noexcept { return entry(code).message; }
std::span<const error_code> all_error_codes() noexcept { return codes; }

std::optional<error_code> error_code_from_token(std::string_view name) noexcept {
  for (std::size_t i = 0; i < registry.size(); ++i) {
    if (registry[i].token == name) return codes[i];
  }
  return std::nullopt;
}

parse_error make_error(error_code code, std::string_view input, std::size_t offset) noexcept {
  if (offset > input.size()) offset = input.size();
  // find() is memchr: one library call per line, not a compare per byte (a long body with
  // an error near its end is common under fuzzing).
  const std::string_view before = input.substr(0, offset);
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t lf = before.find('\n'); lf != std::string_view::npos;
       lf = before.find('\n', lf + 1)) {
    ++line;
    line_start = lf + 1;
  }
  return parse_error{code, offset, line, static_cast<std::uint32_t>(offset - line_start + 1)};
}

}  // namespace mtasts
