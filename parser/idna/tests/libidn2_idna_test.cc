// SPDX-License-Identifier: Apache-2.0
// mtasts::idna: U-labels to A-labels with libidn2 (RFC 6125 §6.4.2, RFC 5891 §5.4, UTS #46
// non-transitional), every error at the start of its label.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "mtasts/engine/idna.h"
#include "mtasts/host_name.h"
#include "mtasts/libidn2_idna.h"

namespace {

using mtasts::error_code;
namespace me = mtasts::engine;

std::string converted(std::string_view name) {
  me::libidn2_idna idna;
  const mtasts::result<std::string> r = idna.to_ascii(name);
  EXPECT_TRUE(r.ok()) << name << ": " << (r.ok() ? "" : mtasts::token(r.error().code));
  return r.ok() ? r.value() : std::string();
}

testing::AssertionResult refused(std::string_view name, error_code code, std::size_t offset) {
  me::libidn2_idna idna;
  const mtasts::result<std::string> r = idna.to_ascii(name);
  if (r.ok()) return testing::AssertionFailure() << name << " converted to " << r.value();
  if (r.error().code != code || r.error().offset != offset) {
    return testing::AssertionFailure()
           << name << ": " << mtasts::token(r.error().code) << " at " << r.error().offset
           << ", expected " << mtasts::token(code) << " at " << offset;
  }
  return testing::AssertionSuccess();
}

// --- valid names -----------------------------------------------------------------------------

TEST(Libidn2Idna, R_6125_6_4_2_ULabelBecomesALabel) {
  EXPECT_EQ(converted("b\xc3\xbc"
                      "cher.example"),
            "xn--bcher-kva.example");
  EXPECT_EQ(converted("m\xc3\xbcnchen.example.com"), "xn--mnchen-3ya.example.com");
  EXPECT_EQ(converted("\xe4\xbe\x8b\xe3\x81\x88.\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88"),
            "xn--r8jz45g.xn--zckzah");  // 例え.テスト
}

TEST(Libidn2Idna, R_6125_6_4_2_MixedCaseIsLowerCased) {
  EXPECT_EQ(converted("mx.B\xc3\x9c"
                      "CHER.Example"),
            "mx.xn--bcher-kva.example");  // BÜCHER
}

TEST(Libidn2Idna, R_6125_6_4_2_NonTransitionalKeepsSharpS) {
  // UTS #46 non-transitional: 'ß' is its own letter (transitional would give "strasse").
  EXPECT_EQ(converted("stra\xc3\x9f"
                      "e.de"),
            "xn--strae-oqa.de");
}

TEST(Libidn2Idna, R_6125_6_4_2_DotVariantsSeparateLabels) {
  // UTS #46 maps U+3002 IDEOGRAPHIC FULL STOP to '.'.
  EXPECT_EQ(converted("mx1\xe3\x80\x82"
                      "example.com"),
            "mx1.example.com");
}

TEST(Libidn2Idna, R_6125_6_4_2_TrailingDotAndValidALabelsKept) {
  EXPECT_EQ(converted("b\xc3\xbc"
                      "cher.XN--MNCHEN-3YA.example."),
            "xn--bcher-kva.xn--mnchen-3ya.example.");
  // An ASCII name is converted too when asked directly (the engine does not ask).
  EXPECT_EQ(converted("Mail.Example.COM"), "mail.example.com");
}

// --- invalid IDNs ----------------------------------------------------------------------------

TEST(Libidn2Idna, R_5891_5_4_BadUtf8) {
  EXPECT_TRUE(refused("mx.b\xc3.example", error_code::HOST_IDNA_UTF8, 3));
  EXPECT_TRUE(refused("\xed\xa0\x80.example", error_code::HOST_IDNA_UTF8, 0));  // a surrogate
}

TEST(Libidn2Idna, R_5891_5_4_DisallowedCodePoint) {
  EXPECT_TRUE(
      refused("mx.a\xe2\x98\x83"
              "b.example",
              error_code::HOST_IDNA_DISALLOWED, 3))
      << "U+2603 SNOWMAN is no letter";
  // '_' is kept (libidn2's STD3 rules would drop it); the host-name rule then refuses it.
  const std::string underscore = converted(
      "b\xc3\xbc"
      "cher_x.example");
  EXPECT_EQ(underscore, "xn--bcher_x-n2a.example");
  EXPECT_EQ(mtasts::parse_host_name(underscore).error().code, error_code::HOST_CHARACTER);
}

TEST(Libidn2Idna, R_5891_5_4_ContextRule) {
  // U+200D ZERO WIDTH JOINER is allowed only after a virama (CONTEXTJ).
  EXPECT_TRUE(
      refused("a.b\xe2\x80\x8d"
              "c.example",
              error_code::HOST_IDNA_DISALLOWED, 2));
}

TEST(Libidn2Idna, R_5891_5_4_BidiRule) {
  // Hebrew alef then a Latin letter in one label.
  EXPECT_TRUE(
      refused("mx.\xd7\x90"
              "a.example",
              error_code::HOST_IDNA_BIDI, 3));
}

TEST(Libidn2Idna, R_5891_5_4_LeadingCombiningMark) {
  EXPECT_TRUE(
      refused("\xcc\x81"
              "a.example",
              error_code::HOST_IDNA_INVALID, 0));
}

TEST(Libidn2Idna, R_5891_5_4_HyphenRules) {
  EXPECT_TRUE(
      refused("-b\xc3\xbc"
              "cher.example",
              error_code::HOST_HYPHEN, 0));
}

TEST(Libidn2Idna, R_5891_5_4_NulIsNoCharacter) {
  EXPECT_TRUE(refused(std::string_view("b\xc3\xbc\0x.example", 11), error_code::HOST_CHARACTER, 3));
}

// --- A-labels that do not round-trip -----------------------------------------------------------

TEST(Libidn2Idna, R_5891_5_4_ALabelMustRoundTrip) {
  // "xn--abc-" decodes to "abc", which is its own (ASCII) label, not "xn--abc-".
  EXPECT_TRUE(
      refused("b\xc3\xbc"
              "cher.xn--abc-.example",
              error_code::HOST_IDNA_NOT_ROUND_TRIP, 8));
  // Not punycode at all.
  EXPECT_TRUE(
      refused("b\xc3\xbc"
              "cher.xn--.example",
              error_code::HOST_IDNA_NOT_ROUND_TRIP, 8));
  // An A-label in upper case is the same A-label.
  EXPECT_EQ(converted("b\xc3\xbc"
                      "cher.XN--Bcher-KVA.example"),
            "xn--bcher-kva.xn--bcher-kva.example");
}

TEST(Libidn2Idna, R_5891_5_4_ALabelOfTransitionalFormDoesNotRoundTrip) {
  // "xn--zca" is a lone 'ß', valid; "xn--n3h" decodes to U+2603, which IDNA disallows, so
  // it is no A-label.
  EXPECT_EQ(converted("\xc3\xbc.xn--zca"), "xn--tda.xn--zca");
  EXPECT_TRUE(refused("\xc3\xbc.xn--n3h", error_code::HOST_IDNA_NOT_ROUND_TRIP, 3));
}

// --- length limits (RFC 1035 §2.3.4) at their boundary -------------------------------------------

// A U-label of 'a's and one 'ü' whose A-label is exactly n octets, found by converting
// rather than by assuming how long the punycode is.
std::string u_label_with_a_label_length(std::size_t n) {
  for (std::size_t letters = 1; letters < 64; ++letters) {
    const std::string u = std::string(letters, 'a') + "\xc3\xbc";
    me::libidn2_idna idna;
    const mtasts::result<std::string> a = idna.to_ascii(u);
    if (a.ok() && a.value().size() == n) return u;
  }
  return {};
}

TEST(Libidn2Idna, LabelLengthLimitAtTheBoundary) {
  const std::string at_63 = u_label_with_a_label_length(63);
  ASSERT_FALSE(at_63.empty());
  const std::string a_label = converted(at_63 + ".example");
  EXPECT_EQ(a_label.find('.'), 63U);
  EXPECT_TRUE(mtasts::parse_host_name(a_label).ok());
  // One more letter makes the A-label 64 octets.
  EXPECT_TRUE(
      refused("mx." + std::string("a") + at_63 + ".example", error_code::HOST_LABEL_LENGTH, 3));
}

TEST(Libidn2Idna, NameLengthLimitAtTheBoundaryIsTheHostRule) {
  // The port converts; parse_host_name then holds the name to 253 octets.
  const std::string label(63, 'a');
  const std::string base = label + "." + label + "." + label + ".";  // 192 octets
  std::string tail = "xn--tda." + std::string(253 - 192 - 8, 'b');   // "ü." = xn--tda.
  ASSERT_EQ((base + tail).size(), 253U);
  const std::string at_253 = converted(base + "\xc3\xbc." + tail.substr(8));
  EXPECT_EQ(at_253.size(), 253U);
  EXPECT_TRUE(mtasts::parse_host_name(at_253).ok());
  const std::string at_254 = converted(base + "\xc3\xbc." + tail.substr(8) + "b");
  EXPECT_EQ(mtasts::parse_host_name(at_254).error().code, error_code::HOST_NAME_LENGTH);
}

TEST(Libidn2Idna, EngineHelperAsksOnlyForNonAscii) {
  me::libidn2_idna idna;
  // An ASCII name that is no valid A-label passes unchanged: ASCII results never depend on
  // whether the build has IDNA.
  EXPECT_EQ(me::to_a_labels(idna, "xn--abc-.Example").value(), "xn--abc-.Example");
  EXPECT_EQ(me::to_a_labels(idna,
                            "b\xc3\xbc"
                            "cher.example")
                .value(),
            "xn--bcher-kva.example");
}

}  // namespace
