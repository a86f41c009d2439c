// SPDX-License-Identifier: Apache-2.0
// The record-selection rule shared by RFC 8461 §3.1 and RFC 8460 §3.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "mtasts/error.h"

namespace mtasts::detail {

struct selected_record {
  std::optional<std::size_t> index;  // the one candidate, when exactly one remains
  std::optional<parse_error> error;  // TXT_SELECT_NONE / TXT_SELECT_MULTIPLE and kin
};

// filter by prefix, then count, then parse. With several records, those not starting
// with `prefix` are discarded (R-3.1-6, R-8460-3-7); exactly one must remain (R-3.1-7). A single
// record is kept as it is: the filter applies only "if multiple TXT records are returned" (A-1,
//
inline selected_record select_candidate(std::span<const std::string_view> records,
                                        std::string_view prefix, error_code none,
                                        error_code multiple) {
  if (records.empty()) return {std::nullopt, parse_error{none, 0, 1, 1}};
  if (records.size() == 1) return {0, std::nullopt};
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].substr(0, prefix.size()) != prefix) continue;
    if (found) return {std::nullopt, parse_error{multiple, 0, 1, 1}};
    found = i;
  }
  if (!found) return {std::nullopt, parse_error{none, 0, 1, 1}};
  return {found, std::nullopt};
}

}  // namespace mtasts::detail
