// SPDX-License-Identifier: Apache-2.0
// Standard padded base64 (see base64.h).
#include "mtasts/observation/base64.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace mtasts::observation {

namespace {

constexpr std::string_view alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int invalid = -1;

constexpr std::array<int, 256> make_decode_table() {
  std::array<int, 256> table{};
  for (auto& entry : table) entry = invalid;
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  return table;
}

constexpr std::array<int, 256> decode_table = make_decode_table();

int sextet(char c) noexcept { return decode_table[static_cast<unsigned char>(c)]; }

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group =
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U |
        static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(group >> 18U) & 0x3FU];
    out += alphabet[(group >> 12U) & 0x3FU];
    out += alphabet[(group >> 6U) & 0x3FU];
    out += alphabet[group & 0x3FU];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]))
                                << 16U;
    out += alphabet[(group >> 18U) & 0x3FU];
    out += alphabet[(group >> 12U) & 0x3FU];
    out += "==";
  } else if (rest == 2) {
    const std::uint32_t group =
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16U |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
    out += alphabet[(group >> 18U) & 0x3FU];
    out += alphabet[(group >> 12U) & 0x3FU];
    out += alphabet[(group >> 6U) & 0x3FU];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::string_view quad = text.substr(i, 4);
    std::size_t padding = 0;
    if (last && quad[3] == '=') padding = quad[2] == '=' ? 2 : 1;
    std::uint32_t group = 0;
    for (std::size_t k = 0; k < 4 - padding; ++k) {
      const int value = sextet(quad[k]);
      if (value == invalid) return std::nullopt;  // also rejects '=' before the end
      group = group << 6U | static_cast<std::uint32_t>(value);
    }
    group <<= 6U * padding;
    // RFC 4648 §3.5: the bits that padding leaves unused must be zero (canonical form).
    if (padding == 1 && (group & 0xFFU) != 0) return std::nullopt;
    if (padding == 2 && (group & 0xFFFFU) != 0) return std::nullopt;
    out += static_cast<char>((group >> 16U) & 0xFFU);
    if (padding < 2) out += static_cast<char>((group >> 8U) & 0xFFU);
    if (padding < 1) out += static_cast<char>(group & 0xFFU);
  }
  return out;
}

}  // namespace mtasts::observation
