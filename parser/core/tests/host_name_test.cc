// SPDX-License-Identifier: Apache-2.0
// Unit tests of host-name validation for the matchers (RFC 6125 §6.4, RFC 8461 §4.1;
// docs/decisions.md A-15, A-16, A-19, A-20) and of ASCII case-insensitive comparison.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "mtasts/error.h"
#include "mtasts/host_name.h"

namespace {

using mtasts::ascii_iequals;
using mtasts::error_code;
using mtasts::parse_host_name;

using namespace std::string_view_literals;

testing::AssertionResult HostIs(std::string_view input, std::string_view want) {
  auto r = parse_host_name(input);
  if (!r.ok())
    return testing::AssertionFailure()
           << "'" << input << "' rejected with " << mtasts::token(r.error().code) << " at offset "
           << r.error().offset;
  if (*r != want)
    return testing::AssertionFailure()
           << "'" << input << "' gave '" << *r << "', want '" << want << "'";
  return testing::AssertionSuccess();
}

testing::AssertionResult HostFails(std::string_view input, error_code want) {
  auto r = parse_host_name(input);
  if (r.ok())
    return testing::AssertionFailure()
           << "'" << input << "' accepted, want " << mtasts::token(want);
  if (r.error().code != want)
    return testing::AssertionFailure()
           << "'" << input << "': expected " << mtasts::token(want) << ", got "
           << mtasts::token(r.error().code) << " at offset " << r.error().offset;
  return testing::AssertionSuccess();
}

// A label of n letters.
std::string Label(std::size_t n, char c = 'a') { return std::string(n, c); }

}  // namespace

TEST(HostName, R_4_1_1_OrdinaryNamesAreValid) {
  EXPECT_TRUE(HostIs("mx.example.com", "mx.example.com"));
  EXPECT_TRUE(HostIs("MX1.Example.COM", "MX1.Example.COM"));  // kept as written
  EXPECT_TRUE(HostIs("a-b.c-d.example", "a-b.c-d.example"));
  EXPECT_TRUE(HostIs("localhost", "localhost"));
  EXPECT_TRUE(HostIs("xn--mnchen-3ya.example.com", "xn--mnchen-3ya.example.com"));
  EXPECT_TRUE(HostIs("123.example.com", "123.example.com"));
}

TEST(HostName, A_15_OneTrailingDotIsDropped) {
  EXPECT_TRUE(HostIs("mx.example.com.", "mx.example.com"));
  EXPECT_TRUE(HostIs("localhost.", "localhost"));
  constexpr std::string_view input = "mx.example.com.";
  auto r = parse_host_name(input);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data(), input.data());  // a view into the input
}

TEST(HostName, A_15_TwoTrailingDotsAreAnEmptyLabel) {
  EXPECT_TRUE(HostFails("mx.example.com..", error_code::HOST_EMPTY_LABEL));
}

TEST(HostName, EmptyHost) {
  EXPECT_TRUE(HostFails("", error_code::HOST_EMPTY));
  EXPECT_FALSE(parse_host_name(".").ok());
}

TEST(HostName, A_19_LeadingDotIsEmptyLabel) {
  auto r = parse_host_name(".example.com");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::HOST_EMPTY_LABEL);
  EXPECT_EQ(r.error().offset, 0u);
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(r.error().column, 1u);
}

TEST(HostName, A_19_InnerEmptyLabel) {
  EXPECT_TRUE(HostFails("mx..example.com", error_code::HOST_EMPTY_LABEL));
}

TEST(HostName, A_19_AsteriskIsHostCharacter) {
  EXPECT_TRUE(HostFails("*.example.com", error_code::HOST_CHARACTER));
  EXPECT_TRUE(HostFails("mx*.example.com", error_code::HOST_CHARACTER));
  EXPECT_TRUE(HostFails("*", error_code::HOST_CHARACTER));
}

TEST(HostName, A_19_UnderscoreIsHostCharacter) {
  auto r = parse_host_name("mx_1.example.com");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::HOST_CHARACTER);
  EXPECT_EQ(r.error().offset, 2u);
  EXPECT_EQ(r.error().column, 3u);
  EXPECT_TRUE(HostFails("_mta-sts.example.com", error_code::HOST_CHARACTER));
}

TEST(HostName, OtherCharactersAreHostCharacter) {
  for (std::string_view host : {"mx example.com", "mx@example.com", "mx:25", "[192.0.2.1]",
                                "mx/example.com", "mx\\example.com"}) {
    SCOPED_TRACE(host);
    EXPECT_TRUE(HostFails(host, error_code::HOST_CHARACTER));
  }
}

TEST(HostName, ControlBytesAreRejected) {
  EXPECT_FALSE(parse_host_name("mx.example.com\0"sv).ok());
  EXPECT_FALSE(parse_host_name("mx.example.com\n").ok());
  EXPECT_FALSE(parse_host_name("mx.exa\tmple.com").ok());
}

TEST(HostName, HyphenAtLabelEdgeIsHostHyphen) {
  EXPECT_TRUE(HostFails("-mx.example.com", error_code::HOST_HYPHEN));
  EXPECT_TRUE(HostFails("mx-.example.com", error_code::HOST_HYPHEN));
  EXPECT_TRUE(HostFails("mx.-example.com", error_code::HOST_HYPHEN));
  EXPECT_TRUE(HostFails("mx.example.com-", error_code::HOST_HYPHEN));
  EXPECT_TRUE(HostIs("m--x.example.com", "m--x.example.com"));
}

TEST(HostName, LabelOf63IsValid64IsLabelLength) {
  const std::string ok = Label(63) + ".example.com";
  EXPECT_TRUE(HostIs(ok, ok));
  EXPECT_TRUE(HostFails(Label(64) + ".example.com", error_code::HOST_LABEL_LENGTH));
  EXPECT_TRUE(HostFails("mx." + Label(64), error_code::HOST_LABEL_LENGTH));
}

TEST(HostName, NameOf253IsValid254IsNameLength) {
  // 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253
  const std::string name253 =
      Label(63, 'a') + "." + Label(63, 'b') + "." + Label(63, 'c') + "." + Label(61, 'd');
  ASSERT_EQ(name253.size(), 253u);
  EXPECT_TRUE(HostIs(name253, name253));
  // The trailing dot is not part of the 253.
  EXPECT_TRUE(HostIs(name253 + ".", name253));
  const std::string name254 = name253 + "d";
  ASSERT_EQ(name254.size(), 254u);
  EXPECT_TRUE(HostFails(name254, error_code::HOST_NAME_LENGTH));
}

TEST(HostName, A_20_ULabelIsNonAscii) {
  EXPECT_TRUE(HostFails("m\xc3\xbcnchen.example.com", error_code::HOST_NON_ASCII));
  auto r = parse_host_name("mx.m\xc3\xbcnchen.example");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::HOST_NON_ASCII);
  EXPECT_EQ(r.error().offset, 4u);
}

TEST(HostName, A_16_KelvinSignIsNonAscii) {
  // U+212A KELVIN SIGN folds to 'k' under Unicode case folding; never here.
  EXPECT_TRUE(HostFails("\xe2\x84\xaa.example.com", error_code::HOST_NON_ASCII));
  EXPECT_TRUE(
      HostFails("mx.e\xe2\x84\xaa"
                "ample.com",
                error_code::HOST_NON_ASCII));
}

TEST(HostName, A_20_UnicodeDotVariantsAreNonAscii) {
  // U+3002 IDEOGRAPHIC FULL STOP and U+FF0E FULLWIDTH FULL STOP are not separators.
  EXPECT_TRUE(
      HostFails("mx\xe3\x80\x82"
                "example.com",
                error_code::HOST_NON_ASCII));
  EXPECT_TRUE(
      HostFails("mx\xef\xbc\x8e"
                "example.com",
                error_code::HOST_NON_ASCII));
}

// ---------------------------------------------------------------------------------------
// ascii_iequals (RFC 4343)

TEST(AsciiIequals, A_16_AsciiLettersFoldBothWays) {
  EXPECT_TRUE(ascii_iequals("MX.Example.COM", "mx.example.com"));
  EXPECT_TRUE(ascii_iequals("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
  EXPECT_TRUE(ascii_iequals("", ""));
  EXPECT_TRUE(ascii_iequals("a-1.b", "A-1.B"));
}

TEST(AsciiIequals, A_16_DifferentLengthsDiffer) {
  EXPECT_FALSE(ascii_iequals("mx.example.com", "mx.example.com."));
  EXPECT_FALSE(ascii_iequals("", "a"));
}

TEST(AsciiIequals, A_16_OnlyLettersFold) {
  // A naive `c | 0x20` would equate these pairs.
  EXPECT_FALSE(ascii_iequals("@", "`"));
  EXPECT_FALSE(ascii_iequals("[", "{"));
  EXPECT_FALSE(ascii_iequals("]", "}"));
  EXPECT_FALSE(ascii_iequals("^", "~"));
  EXPECT_FALSE(ascii_iequals("_", "\x7f"));
  EXPECT_FALSE(ascii_iequals("\x0d", "-"));
}

TEST(AsciiIequals, A_16_HighBytesNeverFold) {
  EXPECT_FALSE(ascii_iequals("\xe2\x84\xaa", "k"));
  EXPECT_FALSE(ascii_iequals("\xe2\x84\xaa", "K"));
  EXPECT_FALSE(ascii_iequals("\xc3\x84", "\xc3\xa4"));  // Ä vs ä
  EXPECT_FALSE(ascii_iequals("\xc1", "\xe1"));          // Latin-1 Á vs á
  EXPECT_TRUE(ascii_iequals("\xc3\xa4", "\xc3\xa4"));
  EXPECT_TRUE(ascii_iequals("A\xc3\xa4", "a\xc3\xa4"));
}

// ascii_lower and dns_name_key (mtasts/ascii.h)
TEST(AsciiCase, LowerFoldsOnlyAsciiLetters) {
  EXPECT_EQ(mtasts::ascii_lower("MX1.Example.COM"), "mx1.example.com");
  EXPECT_EQ(mtasts::ascii_lower("\xC3\x84@[`{Z"), "\xC3\x84@[`{z");
  std::string s = "ABC-9";
  mtasts::ascii_lower_in_place(s);
  EXPECT_EQ(s, "abc-9");
}

TEST(AsciiCase, DnsNameKeyDropsOneTrailingDot) {
  EXPECT_EQ(mtasts::dns_name_key("MX1.Example.COM."), "mx1.example.com");
  EXPECT_EQ(mtasts::dns_name_key("mx1.example.com"), "mx1.example.com");
  EXPECT_EQ(mtasts::dns_name_key("a.."), "a.");
  EXPECT_EQ(mtasts::dns_name_key(""), "");
}
