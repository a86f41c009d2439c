// SPDX-License-Identifier: Apache-2.0
// The 16-byte block classifier behind the fast paths (parser/core/src/ascii_block.h):
// the SSE2 masks must equal the byte-by-byte reference for every byte value in every lane,
// and the padded reader must read as the text followed by NULs at every offset.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

#include "ascii_block.h"

namespace {

using mtasts::detail::block_size;
using mtasts::detail::portable_block;

// Every mask of a block, so one comparison covers them all.
template <class Block>
std::array<std::uint32_t, 9> masks_of(const Block& b) {
  return {b.equal_mask(':'),      b.equal_mask('.'),  b.equal_mask('-'),
          b.equal_mask('_'),      b.equal_mask('\0'), b.non_plain_mask(),
          b.non_tag_value_mask(), b.alnum_mask(),     b.non_ldh_dot_mask()};
}

// The reference, spelled out from the ABNF classes once more.
TEST(AsciiBlock, PortableMasksFollowTheClasses) {
  for (int c = 0; c < 256; ++c) {
    std::string bytes(block_size, 'a');
    bytes[3] = static_cast<char>(c);
    const auto m = masks_of(portable_block::load(bytes.data()));
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    const std::uint32_t bit = 1u << 3;
    EXPECT_EQ((m[5] & bit) != 0, c < 0x20 || c > 0x7E) << c;
    EXPECT_EQ((m[6] & bit) != 0, c < 0x21 || c > 0x7E || c == ';' || c == '=') << c;
    EXPECT_EQ((m[7] & bit) != 0, alpha || digit) << c;
    EXPECT_EQ((m[8] & bit) != 0, !(alpha || digit || c == '-' || c == '.')) << c;
  }
}

#if defined(__SSE2__)
using mtasts::detail::sse2_block;

TEST(AsciiBlock, Sse2AgreesWithPortableForEveryByteInEveryLane) {
  for (std::size_t lane = 0; lane < block_size; ++lane) {
    for (int c = 0; c < 256; ++c) {
      std::string bytes = "v=STSv1;mx: a.b-";
      bytes[lane] = static_cast<char>(c);
      EXPECT_EQ(masks_of(sse2_block::load(bytes.data())),
                masks_of(portable_block::load(bytes.data())))
          << "lane " << lane << " byte " << c;
    }
  }
}

TEST(AsciiBlock, Sse2AgreesWithPortableOnRandomBlocks) {
  std::mt19937 rng(20261128);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 100000; ++i) {
    char bytes[block_size];
    for (char& b : bytes) b = static_cast<char>(byte(rng));
    ASSERT_EQ(masks_of(sse2_block::load(bytes)), masks_of(portable_block::load(bytes)));
  }
}
#endif

TEST(AsciiBlock, PaddedReaderReadsTheTextThenNul) {
  constexpr std::size_t window = 64;
  for (std::size_t size = 0; size <= 3 * window; ++size) {
    std::string text(size, ' ');
    for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>('A' + i % 26);
    const mtasts::detail::padded_reader<window> reader(text);
    for (std::size_t at = 0; at <= size; ++at) {
      const char* p = reader.at(at);
      for (std::size_t i = 0; i < window; ++i) {
        const char want = at + i < size ? text[at + i] : '\0';
        ASSERT_EQ(p[i], want) << "size " << size << " at " << at << " i " << i;
      }
    }
  }
}

}  // namespace
