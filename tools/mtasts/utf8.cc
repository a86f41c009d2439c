#include "utf8.h"

#include <cstddef>

namespace mtasts::cli {

namespace {

bool is_continuation(unsigned char byte) noexcept { return (byte & 0xC0U) == 0x80U; }

}  // namespace

bool is_valid_utf8(std::string_view bytes) noexcept {
  std::size_t i = 0;
  const std::size_t size = bytes.size();
  while (i < size) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80U) {
      ++i;
      continue;
    }
    // Unicode Table 3-7: the allowed range of the second byte depends on the lead byte;
    // every later byte is 80..BF.
    std::size_t length = 0;
    unsigned char second_min = 0x80U;
    unsigned char second_max = 0xBFU;
    if (lead >= 0xC2U && lead <= 0xDFU) {
      length = 2;
    } else if (lead == 0xE0U) {
      length = 3;
      second_min = 0xA0U;  // no overlong 3-byte forms
    } else if (lead >= 0xE1U && lead <= 0xECU) {
      length = 3;
    } else if (lead == 0xEDU) {
      length = 3;
      second_max = 0x9FU;  // no surrogates
    } else if (lead >= 0xEEU && lead <= 0xEFU) {
      length = 3;
    } else if (lead == 0xF0U) {
      length = 4;
      second_min = 0x90U;  // no overlong 4-byte forms
    } else if (lead >= 0xF1U && lead <= 0xF3U) {
      length = 4;
    } else if (lead == 0xF4U) {
      length = 4;
      second_max = 0x8FU;  // nothing above U+10FFFF
    } else {
      return false;  // 80..C1 and F5..FF never start a sequence
    }
    if (size - i < length) return false;
    const auto second = static_cast<unsigned char>(bytes[i + 1]);
    if (second < second_min || second > second_max) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if (!is_continuation(static_cast<unsigned char>(bytes[i + k]))) return false;
    }
    i += length;
  }
  return true;
}

}  // namespace mtasts::cli
