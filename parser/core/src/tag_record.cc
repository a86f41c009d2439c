// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the TXT and TLS-RPT record scanners.
#include "tag_record.h"

namespace mtasts::detail {

error_code classify_unexpected(char c, const tag_grammar& g, error_code fallback) noexcept {
  if (is_non_ascii(c)) return g.non_ascii;
  if (is_ctl(c) && c != '\t') return g.control;
  return fallback;
}

}  // namespace mtasts::detail
