// SPDX-License-Identifier: Apache-2.0
// ASCII case (see mtasts/ascii.h).
#include "mtasts/ascii.h"

namespace mtasts {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  ascii_lower_in_place(out);
  return out;
}

void ascii_lower_in_place(std::string& text) noexcept {
  for (char& c : text) c = ascii_lower(c);
}

std::string dns_name_key(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return ascii_lower(name);
}

bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    // RFC 4343: ASCII case-insensitive; other bytes must be identical (no Unicode folding).
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

}  // namespace mtasts
