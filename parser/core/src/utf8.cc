// SPDX-License-Identifier: Apache-2.0
// UTF-8 well-formedness (see mtasts/utf8.h), with the parsers' own sequence reader.
#include "mtasts/utf8.h"

#include "char_class.h"

namespace mtasts {

bool is_valid_utf8(std::string_view bytes) noexcept {
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = detail::utf8_sequence_length(bytes, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace mtasts
