// SPDX-License-Identifier: Apache-2.0
// Helpers of the property tests: the generic error invariants, field extraction, and the
// deterministic default of RC_PARAMS.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/parser.h"

namespace mtasts_props {

// The generic error invariants: a registered token of the expected group, an offset inside
// the input, and line/column recomputed from the LFs before the offset.
inline void assert_error_invariants(const mtasts::parse_error& e, std::string_view input,
                                    std::string_view token_prefix) {
  RC_ASSERT(static_cast<std::size_t>(e.code) < mtasts::all_error_codes().size());
  const std::string_view token = mtasts::token(e.code);
  RC_ASSERT(!token.empty());
  RC_ASSERT(!mtasts::family(e.code).empty());
  RC_ASSERT(token.substr(0, token_prefix.size()) == token_prefix);
  RC_ASSERT(e.offset <= input.size());
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < e.offset; ++i) {
    if (input[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  RC_ASSERT(e.line == line);
  RC_ASSERT(e.column == e.offset - line_start + 1);
}

inline std::vector<std::pair<std::string, std::string>> extensions_of(
    const mtasts::txt_extension_range& range) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const mtasts::extension& e : range) out.emplace_back(e.name, e.value);
  return out;
}

}  // namespace mtasts_props
