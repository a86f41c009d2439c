// SPDX-License-Identifier: Apache-2.0
// The UTF-8 well-formedness check behind the bytes rule (Unicode Table 3-7).
#include "mtasts/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace mtasts {
namespace {

using namespace std::string_literals;

TEST(Utf8, AcceptsAsciiAndEmpty) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("v=STSv1; id=20240101"));
  EXPECT_TRUE(is_valid_utf8("nul \0 inside"s));
  EXPECT_TRUE(is_valid_utf8("\x7f"));
}

TEST(Utf8, AcceptsEachSequenceLengthAtItsBounds) {
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x80\xA8 \xF0\x9F\x93\xA7"));
  EXPECT_TRUE(is_valid_utf8("\xC2\x85"));  // NEL is an ordinary character
}

TEST(Utf8, RejectsBytesThatNeverStartASequence) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));  // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xFE"));
}

TEST(Utf8, RejectsOverlongSurrogateAndOutOfRangeForms) {
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // overlong U+07FF
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // overlong U+FFFF
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
}

TEST(Utf8, RejectsTruncatedAndBrokenSequences) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("abc\xE2\x80"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x93"));
  EXPECT_FALSE(is_valid_utf8("\xC3("));
  EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x28\xA7"));
  EXPECT_FALSE(is_valid_utf8("ok \xC3\xA9 then \xA9"));
}

TEST(Utf8, AgreesWithAnExhaustiveTwoByteScan) {
  // Every two-byte string: valid exactly when it is two ASCII bytes, or C2..DF followed by
  // a continuation byte.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string bytes{static_cast<char>(a), static_cast<char>(b)};
      const bool expected =
          (a < 0x80 && b < 0x80) || (a >= 0xC2 && a <= 0xDF && b >= 0x80 && b <= 0xBF);
      EXPECT_EQ(is_valid_utf8(bytes), expected) << a << ' ' << b;
    }
  }
}

}  // namespace
}  // namespace mtasts
