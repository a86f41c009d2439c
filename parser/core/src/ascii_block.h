// SPDX-License-Identifier: Apache-2.0
// 16 bytes classified at once, for the fast paths of the policy and tag-record scanners.
// Each mask has bit i set when byte i of the block is in the class. SSE2 where
// the compiler targets it (every x86-64), the same answers byte by byte elsewhere;
// parser/core/tests/ascii_block_test.cc compares both.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// For a fast path with more than one caller that must still be inlined into each (its
// block masks stay in registers, the callers' constants fold into it).
#if defined(__GNUC__)
#define MTASTS_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define MTASTS_ALWAYS_INLINE inline
#endif

namespace mtasts::detail {

inline constexpr std::size_t block_size = 16;

// Byte by byte: the reference the SSE2 version must agree with.
struct portable_block {
  unsigned char bytes[block_size];

  static portable_block load(const char* p) noexcept {
    portable_block b;
    std::memcpy(b.bytes, p, block_size);
    return b;
  }
  template <class Predicate>
  [[nodiscard]] std::uint32_t mask(Predicate in) const noexcept {
    std::uint32_t m = 0;
    for (std::size_t i = 0; i < block_size; ++i) {
      if (in(bytes[i])) m |= std::uint32_t{1} << i;
    }
    return m;
  }
  [[nodiscard]] std::uint32_t equal_mask(char c) const noexcept {
    return mask([c](unsigned char u) { return u == static_cast<unsigned char>(c); });
  }
  // Bytes outside %x20-7E: CTL (LF, CR and HTAB among them), DEL and every non-ASCII byte.
  [[nodiscard]] std::uint32_t non_plain_mask() const noexcept {
    return mask([](unsigned char u) { return u < 0x20 || u > 0x7E; });
  }
  // Bytes outside %x21-3A / %x3C / %x3E-7E (sts-ext-value / tlsrpt-ext-value chars).
  [[nodiscard]] std::uint32_t non_tag_value_mask() const noexcept {
    return mask([](unsigned char u) { return u < 0x21 || u > 0x7E || u == ';' || u == '='; });
  }
  // ALPHA / DIGIT.
  [[nodiscard]] std::uint32_t alnum_mask() const noexcept {
    return mask([](unsigned char u) {
      return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
    });
  }
  // Bytes that are neither ALPHA, DIGIT, "-" nor ".".
  [[nodiscard]] std::uint32_t non_ldh_dot_mask() const noexcept {
    return mask([](unsigned char u) {
      const bool alpha = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
      const bool digit = u >= '0' && u <= '9';
      return !(alpha || digit || u == '-' || u == '.');
    });
  }
};

#if defined(__SSE2__)
struct sse2_block {
  __m128i v;

  static sse2_block load(const char* p) noexcept {
    return {_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))};
  }
  // Bytes of x in [lo, hi] (hi - lo < 127): adding 0x80 - lo (wrapping) moves that range
  // to the bottom of the signed byte range, where one signed compare finds it.
  static __m128i in_range(__m128i x, unsigned char lo, unsigned char hi) noexcept {
    const __m128i moved = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(moved, _mm_set1_epi8(static_cast<char>(-128 + (hi - lo + 1))));
  }
  static std::uint32_t bits(__m128i m) noexcept {
    return static_cast<std::uint32_t>(_mm_movemask_epi8(m));
  }
  [[nodiscard]] std::uint32_t equal_mask(char c) const noexcept {
    return bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
  }
  [[nodiscard]] std::uint32_t non_plain_mask() const noexcept {
    return bits(in_range(v, 0x20, 0x7E)) ^ 0xFFFFu;
  }
  [[nodiscard]] std::uint32_t non_tag_value_mask() const noexcept {
    const __m128i separators =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(';')), _mm_cmpeq_epi8(v, _mm_set1_epi8('=')));
    return bits(_mm_andnot_si128(separators, in_range(v, 0x21, 0x7E))) ^ 0xFFFFu;
  }
  [[nodiscard]] std::uint32_t alnum_mask() const noexcept {
    const __m128i alpha = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
    return bits(_mm_or_si128(alpha, in_range(v, '0', '9')));
  }
  [[nodiscard]] std::uint32_t non_ldh_dot_mask() const noexcept {
    // Letters fold to a-z with 0x20; "-", "." and digits are 0x2D-0x39 except "/".
    const __m128i alpha = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
    const __m128i digit_or_punct =
        _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('/')), in_range(v, '-', '9'));
    return bits(_mm_or_si128(alpha, digit_or_punct)) ^ 0xFFFFu;
  }
};
using ascii_block = sse2_block;
#else
using ascii_block = portable_block;
#endif

// Gives at least Window readable bytes at any offset of a text: the text itself, or near
// its end a copy of its last Window bytes followed by Window NULs. So scans load whole
// blocks without ever reading past the text, and see NUL (a byte no rule admits) after it.
template <std::size_t Window>
class padded_reader {
 public:
  explicit padded_reader(std::string_view text) noexcept : text_(text) {
    std::memset(tail_ + Window, 0, Window);
    if (text.size() >= Window) {
      tail_begin_ = text.size() - Window;
      std::memcpy(tail_, text.data() + tail_begin_, Window);  // a fixed size: no call
    } else {
      std::memset(tail_, 0, Window);
      if (!text.empty()) std::memcpy(tail_, text.data(), text.size());
    }
  }
  padded_reader(const padded_reader&) = delete;
  padded_reader& operator=(const padded_reader&) = delete;

  // Window bytes that read as text from offset at (at <= text size), then NULs.
  [[nodiscard]] const char* at(std::size_t at) const noexcept {
    if (text_.size() - at >= Window) return text_.data() + at;
    return tail_ + (at - tail_begin_);
  }

 private:
  std::string_view text_;
  std::size_t tail_begin_ = 0;
  char tail_[2 * Window];
};

inline std::size_t first_bit(std::uint64_t mask) noexcept {
  return static_cast<std::size_t>(std::countr_zero(mask));
}

// Bits 0 .. n-1 (n <= 63).
constexpr std::uint64_t low_bits(std::size_t n) noexcept { return (std::uint64_t{1} << n) - 1; }

// A window of four blocks: masks of 64 bits cover a typical policy line.
inline constexpr std::size_t window_size = 4 * block_size;

}  // namespace mtasts::detail
