// SPDX-License-Identifier: Apache-2.0
// ASCII case (RFC 4343): DNS names, mx patterns and certificate names compare ASCII
// case-insensitively; bytes >= 0x80 are never folded. The one home of lower-casing.
#pragma once

#include <string>
#include <string_view>

namespace mtasts {

// 'A'-'Z' to 'a'-'z'; every other byte as it is.
constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// The text with 'A'-'Z' lower-cased.
std::string ascii_lower(std::string_view text);
void ascii_lower_in_place(std::string& text) noexcept;

// ASCII case-insensitive equality.
bool ascii_iequals(std::string_view a, std::string_view b) noexcept;

// A DNS name as a lookup key: ASCII lower case, without one trailing dot (A-15: the absolute
// and the relative spelling name the same host).
std::string dns_name_key(std::string_view name);

}  // namespace mtasts
