// SPDX-License-Identifier: Apache-2.0
// Printable text (mtasts/observation/printable_text.h): valid UTF-8, XML 1.0 characters, no
// control characters, and cuts only at character boundaries.
#include "mtasts/observation/printable_text.h"

#include <gtest/gtest.h>

#include <string>

#include "mtasts/utf8.h"

namespace mtasts::observation {
namespace {

using namespace std::string_literals;

TEST(PrintableText, KeepsPrintableUtf8) {
  EXPECT_EQ(printable_text("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80");
}

TEST(PrintableText, EscapesInvalidBytesAndControls) {
  EXPECT_EQ(printable_text("a\xFF"
                           "b"),
            "a\\xffb");
  EXPECT_EQ(printable_text("\xC3"), "\\xc3");                    // truncated sequence
  EXPECT_EQ(printable_text("\xED\xA0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(printable_text("\x1B[31m\n\t\r\x7F"s), "\\x1b[31m\\x0a\\x09\\x0d\\x7f");
  EXPECT_EQ(printable_text("a\0b"s), "a\\x00b");
  EXPECT_EQ(printable_text("\xC2\x9B"), "\\xc2\\x9b");           // C1 CSI
  EXPECT_EQ(printable_text("\xEF\xBF\xBF"), "\\xef\\xbf\\xbf");  // U+FFFF, not XML 1.0
}

TEST(PrintableText, IsIdempotentAndAlwaysValidUtf8) {
  const std::string bytes = "x\xFF\x1B\xC3\xA9\xC2\x85\xF4\x90\x80\x80";
  const std::string once = printable_text(bytes);
  EXPECT_TRUE(is_valid_utf8(once));
  EXPECT_EQ(printable_text(once), once);
}

TEST(PrintableText, PrefixCutsAtACharacterWithANote) {
  EXPECT_EQ(printable_prefix("abc", 3), "abc");
  EXPECT_EQ(printable_prefix("abcd", 3), "abc ... (1 bytes more)");
  EXPECT_EQ(printable_prefix("a\xC3\xA9z", 2), "a ... (3 bytes more)");  // é is not split
  EXPECT_EQ(printable_prefix("\xFF\xFF", 5), "\\xff ... (1 bytes more)");
}

TEST(PrintableText, TailStartsOnACharacter) {
  EXPECT_EQ(utf8_tail("abc", 5), "abc");
  EXPECT_EQ(utf8_tail("a\xC3\xA9z", 2), "z");  // would start inside é
  EXPECT_EQ(utf8_tail("a\xC3\xA9z", 3), "\xC3\xA9z");
  EXPECT_EQ(utf8_tail("\x80\x80\x80\x80\x80", 4), "\x80");  // not UTF-8: at most 3 skipped
}

}  // namespace
}  // namespace mtasts::observation
