// SPDX-License-Identifier: Apache-2.0
// The mx grammar on bit masks, for the one-pass policy scanner: parse_mx_pattern
// is the exact reference and gives every error; this only answers "certainly valid".
#pragma once

#include <cstdint>
#include <string_view>

#include "ascii_block.h"

namespace mtasts::detail {

// Masks over some bytes (bit i for byte i): "." and "-" bytes, and bytes that are neither
// a letter, a digit, "-" nor ".".
struct ldh_masks {
  std::uint64_t dots, hyphens, others;
};

// The domain occupies bits [begin, end), with 1 <= begin <= end <= 63 so that the virtual
// label separators at begin - 1 and at end have a bit. True when it is an RFC 5321 Domain
// of LDH labels without a trailing dot.
inline bool is_plain_domain(const ldh_masks& m, std::size_t begin, std::size_t end) noexcept {
  const std::uint64_t domain = low_bits(end) & ~low_bits(begin);
  // RFC 8461 §3.2 (R-3.2-7): A-labels only, so letters, digits, "-" and "." only.
  const std::uint64_t others = m.others & domain;
  // Label separators: the dots, and virtual ones just before and just after the domain.
  const std::uint64_t sep =
      (m.dots & domain) | (std::uint64_t{1} << (begin - 1)) | (std::uint64_t{1} << end);
  const std::uint64_t hyphens = m.hyphens & domain;
  // RFC 5321 §4.1.2: sub-domain = Let-dig [Ldh-str]: no empty label (two separators in a
  // row, which includes a leading or trailing dot), no "-" first or last in a label.
  const std::uint64_t empty_labels = sep & (sep >> 1);
  const std::uint64_t edge_hyphens = hyphens & ((sep << 1) | (sep >> 1));
  return (others | empty_labels | edge_hyphens) == 0;
}

}  // namespace mtasts::detail
