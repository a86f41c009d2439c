// SPDX-License-Identifier: Apache-2.0
// The engine's side of IDNA (see mtasts/engine/idna.h).
#include "mtasts/engine/idna.h"

#include <algorithm>

namespace mtasts::engine {
namespace {

bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

}  // namespace

result<std::string> refusing_idna::to_ascii(std::string_view name) {
  // RFC 6125 §6.4.2: a U-label must become an A-label before matching; without IDNA the
  // engine cannot, so it says so instead of comparing bytes.
  const auto at = std::find_if(name.begin(), name.end(), is_non_ascii);
  if (at == name.end()) return std::string(name);
  return make_error(error_code::HOST_IDNA_UNAVAILABLE, name,
                    static_cast<std::size_t>(at - name.begin()));
}

idna_port& default_idna() {
  static refusing_idna refusing;
  return refusing;
}

result<std::string> to_a_labels(idna_port& idna, std::string_view name) {
  if (std::none_of(name.begin(), name.end(), is_non_ascii)) return std::string(name);
  return idna.to_ascii(name);
}

}  // namespace mtasts::engine
