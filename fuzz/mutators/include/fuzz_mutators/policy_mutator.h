// SPDX-License-Identifier: Apache-2.0
// Structure-level mutations of an MTA-STS policy body (RFC 8461 §3.2): the body is split
// into lines (policy_body.h), one to three operators edit the lines, and they are joined back.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_mutators/mutation_context.h"
#include "fuzz_mutators/policy_body.h"
#include "fuzz_mutators/rng.h"

namespace mtasts_fuzz::mutators {

enum class policy_operator : std::uint8_t {
  duplicate_line,     // a copy of a line at another position
  delete_line,        // one line fewer (never the only one)
  swap_lines,         // two lines exchange places; terminators stay where they were
  replace_name,       // registered name, case change, one character off, other grammar's name
  replace_value,      // a value from the field's table (interesting_values.h)
  change_terminator,  // LF <-> CRLF <-> CR (one line or all), final one dropped, BOM, blank line
  insert_whitespace,  // SP, HTAB, other controls around a name, ':', a value or a terminator
  splice_line,        // a line of the crossover partner inserted or replacing one
  grow_to_boundary,   // an mx line (or another) repeated until the body is a boundary size
};
inline constexpr std::size_t policy_operator_count = 9;

class policy_mutator {
 public:
  // One to three operators; the result never exceeds max_size. Returns the input unchanged
  // when no operator could change it within max_size.
  std::string mutate(std::string_view input, std::size_t max_size, rng& random,
                     std::string_view partner = {}) const;
  // Lines of `first` combined with lines of `second`; empty when that fails.
  std::string cross_over(std::string_view first, std::string_view second, std::size_t max_size,
                         rng& random) const;

  // One operator on a split body; false when it does not apply (and body is unchanged).
  bool apply(policy_operator op, policy_body& body, mutation_context& ctx) const;

  bool duplicate_line(policy_body& body, mutation_context& ctx) const;
  bool delete_line(policy_body& body, mutation_context& ctx) const;
  bool swap_lines(policy_body& body, mutation_context& ctx) const;
  bool replace_name(policy_body& body, mutation_context& ctx) const;
  bool replace_value(policy_body& body, mutation_context& ctx) const;
  bool change_terminator(policy_body& body, mutation_context& ctx) const;
  bool insert_whitespace(policy_body& body, mutation_context& ctx) const;
  bool splice_line(policy_body& body, mutation_context& ctx) const;
  bool grow_to_boundary(policy_body& body, mutation_context& ctx) const;

  // A minimal valid policy, used when the input has no line at all.
  static std::string_view minimal_policy() noexcept;
};

}  // namespace mtasts_fuzz::mutators
