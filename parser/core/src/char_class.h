// SPDX-License-Identifier: Apache-2.0
// ABNF core rules (RFC 5234) and the character classes of RFC 8461 / RFC 8460.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mtasts/ascii.h"

namespace mtasts::detail {

constexpr bool is_alpha(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }
// RFC 5234: WSP = SP / HTAB, nothing else.
constexpr bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }
// RFC 5234: CTL = %x00-1F / %x7F.
constexpr bool is_ctl(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}
constexpr bool is_non_ascii(char c) noexcept { return static_cast<unsigned char>(c) >= 0x80; }
constexpr bool is_hexdig(char c) noexcept {
  return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
using ::mtasts::ascii_lower;

// RFC 8461 §3.1 sts-ext-name / §3.2 sts-policy-ext-name / RFC 8460 §3 tlsrpt-ext-name:
// (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")
constexpr bool is_ext_name_char(char c) noexcept {
  return is_alnum(c) || c == '_' || c == '-' || c == '.';
}
constexpr bool is_ext_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > 32 || !is_alnum(s[0])) return false;
  for (char c : s) {
    if (!is_ext_name_char(c)) return false;
  }
  return true;
}

// RFC 8461 §3.1 sts-ext-value / RFC 8460 §3 tlsrpt-ext-value char:
// %x21-3A / %x3C / %x3E-7E (printable ASCII except SP, ";" and "=")
constexpr bool is_tag_value_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x21 && u <= 0x7E && c != ';' && c != '=';
}

// The classes above as one table, one bit per class: hot loops look a byte up once instead
// of testing ranges. Built from the predicates, so it cannot disagree with them.
enum byte_class : std::uint8_t {
  alnum_class = 1 << 0,      // ALPHA / DIGIT
  ext_name_class = 1 << 1,   // is_ext_name_char
  tag_value_class = 1 << 2,  // is_tag_value_char
};
inline constexpr std::array<std::uint8_t, 256> byte_classes = [] {
  std::array<std::uint8_t, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    const char c = static_cast<char>(i);
    table[i] = static_cast<std::uint8_t>((is_alnum(c) ? alnum_class : 0) |
                                         (is_ext_name_char(c) ? ext_name_class : 0) |
                                         (is_tag_value_char(c) ? tag_value_class : 0));
  }
  return table;
}();
constexpr bool in_class(char c, byte_class k) noexcept {
  return (byte_classes[static_cast<unsigned char>(c)] & k) != 0;
}

// RFC 8461 §3.1: id = 1*32(ALPHA / DIGIT)
constexpr bool is_sts_id(std::string_view s) noexcept {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    if (!in_class(c, alnum_class)) return false;
  }
  return true;
}

// Length of the well-formed UTF-8 sequence (RFC 3629 §4) starting at s[i], or 0 when the
// bytes there are not one (overlong, surrogate, above U+10FFFF, truncated, stray tail).
constexpr std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto tail = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    if (i + k >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return tail(1) ? 2 : 0;
  if (b0 == 0xE0) return tail(1, 0xA0, 0xBF) && tail(2) ? 3 : 0;
  if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return tail(1) && tail(2) ? 3 : 0;
  if (b0 == 0xED) return tail(1, 0x80, 0x9F) && tail(2) ? 3 : 0;
  if (b0 == 0xF0) return tail(1, 0x90, 0xBF) && tail(2) && tail(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  if (b0 == 0xF4) return tail(1, 0x80, 0x8F) && tail(2) && tail(3) ? 4 : 0;
  return 0;
}

}  // namespace mtasts::detail
