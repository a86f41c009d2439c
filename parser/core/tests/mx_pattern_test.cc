// SPDX-License-Identifier: Apache-2.0
// Unit tests of policy mx patterns (RFC 8461 §3.2 sts-policy-mx-value) and MX host matching
// (§4.1; docs/decisions.md A-14 … A-20). Test names carry the requirement or ambiguity id.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/host_name.h"
#include "mtasts/mx_pattern.h"

namespace {

using mtasts::error_code;
using mtasts::match_mx;
using mtasts::mx_pattern;
using mtasts::parse_mx_pattern;

testing::AssertionResult PatternFails(std::string_view text, error_code want,
                                      bool allow_trailing_dot = false) {
  auto r = parse_mx_pattern(text, allow_trailing_dot);
  if (r.ok())
    return testing::AssertionFailure() << "'" << text << "' accepted, want " << mtasts::token(want);
  if (r.error().code != want)
    return testing::AssertionFailure()
           << "'" << text << "': expected " << mtasts::token(want) << ", got "
           << mtasts::token(r.error().code) << " at offset " << r.error().offset;
  return testing::AssertionSuccess();
}

testing::AssertionResult PatternIs(std::string_view text, bool wildcard, std::string_view domain) {
  auto r = parse_mx_pattern(text);
  if (!r.ok())
    return testing::AssertionFailure()
           << "'" << text << "' rejected with " << mtasts::token(r.error().code);
  if (r->wildcard != wildcard || r->domain != domain)
    return testing::AssertionFailure()
           << "'" << text << "' gave wildcard=" << r->wildcard << " domain='" << r->domain << "'";
  return testing::AssertionSuccess();
}

// match_mx that must not fail: true/false as the match result.
testing::AssertionResult Matches(std::string_view pattern, std::string_view host) {
  const auto r = match_mx(pattern, host);
  if (r.error)
    return testing::AssertionFailure() << "match_mx('" << pattern << "', '" << host
                                       << "') failed with " << mtasts::token(r.error->code);
  if (!r.matched)
    return testing::AssertionFailure() << "'" << pattern << "' does not match '" << host << "'";
  return testing::AssertionSuccess() << "'" << pattern << "' matches '" << host << "'";
}

testing::AssertionResult MatchFails(std::string_view pattern, std::string_view host,
                                    error_code want) {
  const auto r = match_mx(pattern, host);
  if (!r.error)
    return testing::AssertionFailure() << "match_mx('" << pattern << "', '" << host << "') gave "
                                       << r.matched << ", want " << mtasts::token(want);
  if (r.matched) return testing::AssertionFailure() << "an invalid operand matched";
  if (r.error->code != want)
    return testing::AssertionFailure()
           << "expected " << mtasts::token(want) << ", got " << mtasts::token(r.error->code);
  return testing::AssertionSuccess();
}

// Direct matcher on parsed inputs (host through parse_host_name, as the header asks).
bool PatternMatches(std::string_view pattern, std::string_view host) {
  auto p = parse_mx_pattern(pattern);
  auto h = mtasts::parse_host_name(host);
  EXPECT_TRUE(p.ok()) << pattern;
  EXPECT_TRUE(h.ok()) << host;
  if (!p.ok() || !h.ok()) return false;
  return mtasts::mx_pattern_matches(*p, *h);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Parsing: ["*."] Domain.

TEST(MxPattern, ExactAndWildcardPatterns) {
  EXPECT_TRUE(PatternIs("mail.example.com", false, "mail.example.com"));
  EXPECT_TRUE(PatternIs("*.example.com", true, "example.com"));
  EXPECT_TRUE(PatternIs("MX.Example.COM", false, "MX.Example.COM"));  // kept as written
  EXPECT_TRUE(PatternIs("xn--mnchen-3ya.example.com", false, "xn--mnchen-3ya.example.com"));
}

TEST(MxPattern, EmptyPattern) { EXPECT_TRUE(PatternFails("", error_code::MX_PATTERN_EMPTY)); }

TEST(MxPattern, WildcardOnlyAsWholeFirstLabel) {
  for (std::string_view text :
       {"*", "*.", "**.example.com", "*example.com", "mx*.example.com", "*mx.example.com",
        "a.*.example.com", "example.*", "*.*.example.com", "mx.*"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(parse_mx_pattern(text).ok());
  }
  EXPECT_TRUE(PatternFails("*", error_code::MX_PATTERN_WILDCARD));
  EXPECT_TRUE(PatternFails("mx*.example.com", error_code::MX_PATTERN_WILDCARD));
  EXPECT_TRUE(PatternFails("a.*.example.com", error_code::MX_PATTERN_WILDCARD));
  EXPECT_TRUE(PatternFails("*example.com", error_code::MX_PATTERN_WILDCARD));
}

TEST(MxPattern, EmptyLabels) {
  EXPECT_TRUE(PatternFails(".example.com", error_code::MX_PATTERN_EMPTY_LABEL));
  EXPECT_TRUE(PatternFails("mx..example.com", error_code::MX_PATTERN_EMPTY_LABEL));
  EXPECT_TRUE(PatternFails("*..example.com", error_code::MX_PATTERN_EMPTY_LABEL));
}

TEST(MxPattern, HyphenAtLabelEdge) {
  EXPECT_TRUE(PatternFails("-mx.example.com", error_code::MX_PATTERN_HYPHEN));
  EXPECT_TRUE(PatternFails("mx-.example.com", error_code::MX_PATTERN_HYPHEN));
  EXPECT_TRUE(PatternFails("*.-example.com", error_code::MX_PATTERN_HYPHEN));
  EXPECT_TRUE(PatternIs("m-x.example.com", false, "m-x.example.com"));
}

TEST(MxPattern, OtherCharacters) {
  for (std::string_view text : {"mx_1.example.com", "mx example.com", "mx@example.com",
                                "[192.0.2.1]", "mx.example.com:25"}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(PatternFails(text, error_code::MX_PATTERN_CHARACTER));
  }
}

TEST(MxPattern, A_15_TrailingDotIsRejected) {
  auto r = parse_mx_pattern("mail.example.com.");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::MX_PATTERN_TRAILING_DOT);
  EXPECT_EQ(r.error().offset, 16u);
  EXPECT_TRUE(PatternFails("*.example.com.", error_code::MX_PATTERN_TRAILING_DOT));
}

TEST(MxPattern, A_15_AllowTrailingDotOption) {
  auto r = parse_mx_pattern("mail.example.com.", true);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->wildcard);
  EXPECT_EQ(r->domain, "mail.example.com");
  auto w = parse_mx_pattern("*.example.com.", true);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(w->wildcard);
  EXPECT_EQ(w->domain, "example.com");
  // Only one.
  EXPECT_TRUE(PatternFails("mail.example.com..", error_code::MX_PATTERN_EMPTY_LABEL, true));
  // And patterns without a dot are unchanged.
  auto plain = parse_mx_pattern("mail.example.com", true);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->domain, "mail.example.com");
}

TEST(MxPattern, A_20_ULabelIsNonAscii) {
  EXPECT_TRUE(PatternFails("m\xc3\xbcnchen.example.com", error_code::MX_PATTERN_NON_ASCII));
  EXPECT_TRUE(PatternFails("*.m\xc3\xbcnchen.example", error_code::MX_PATTERN_NON_ASCII));
  EXPECT_TRUE(PatternFails("\xe2\x84\xaa.example.com", error_code::MX_PATTERN_NON_ASCII));
}

TEST(MxPattern, A_14_GrammarAllowsNumericSingleLabelAndLongLabels) {
  EXPECT_TRUE(PatternIs("192.0.2.1", false, "192.0.2.1"));
  EXPECT_TRUE(PatternIs("localhost", false, "localhost"));
  const std::string long_label = std::string(70, 'a') + ".example.com";
  EXPECT_TRUE(PatternIs(long_label, false, long_label));
}

TEST(MxPattern, A_17_PublicSuffixWildcardIsAValidPattern) {
  EXPECT_TRUE(PatternIs("*.com", true, "com"));
  EXPECT_TRUE(PatternIs("*.co.uk", true, "co.uk"));
}

TEST(MxPattern, SerializeRoundTrip) {
  EXPECT_EQ(mtasts::serialize(mx_pattern{true, "example.com"}), "*.example.com");
  EXPECT_EQ(mtasts::serialize(mx_pattern{false, "mail.example.com"}), "mail.example.com");
  for (std::string_view text : {"*.example.com", "mail.example.com", "MX.Example.COM", "*.com",
                                "192.0.2.1", "xn--mnchen-3ya.example.com"}) {
    SCOPED_TRACE(text);
    auto p = parse_mx_pattern(text);
    ASSERT_TRUE(p.ok());
    const std::string s = mtasts::serialize(*p);
    EXPECT_EQ(s, text);
    auto again = parse_mx_pattern(s);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *p);
  }
}

// ---------------------------------------------------------------------------------------
// Matching (§4.1).

TEST(MxMatch, R_4_1_1_ExactPatternMatchesTheSameName) {
  EXPECT_TRUE(Matches("mail.example.com", "mail.example.com"));
  EXPECT_FALSE(match_mx("mail.example.com", "mail.example.org").matched);
  EXPECT_FALSE(match_mx("mail.example.com", "mail2.example.com").matched);
}

TEST(MxMatch, R_4_1_1_ExactPatternNeverMatchesASubdomain) {
  EXPECT_FALSE(match_mx("example.com", "mail.example.com").matched);
  EXPECT_FALSE(match_mx("example.com", "a.b.example.com").matched);
  EXPECT_FALSE(match_mx("mail.example.com", "example.com").matched);
}

TEST(MxMatch, R_4_1_2_WildcardMatchesExactlyOneLeftMostLabel) {
  EXPECT_TRUE(Matches("*.example.com", "mail.example.com"));
  EXPECT_TRUE(Matches("*.example.com", "x.example.com"));
  EXPECT_FALSE(match_mx("*.example.com", "example.com").matched);
  EXPECT_FALSE(match_mx("*.example.com", "foo.bar.example.com").matched);
  EXPECT_FALSE(match_mx("*.example.com", "a.b.c.example.com").matched);
}

TEST(MxMatch, R_4_1_2_WildcardNeedsALabelBoundary) {
  EXPECT_FALSE(match_mx("*.example.com", "mailexample.com").matched);
  EXPECT_FALSE(match_mx("*.example.com", "mail.xexample.com").matched);
  EXPECT_FALSE(match_mx("*.example.com", "mail.example.com.evil.net").matched);
  EXPECT_FALSE(match_mx("*.example.com", "mail.example.org").matched);
}

TEST(MxMatch, R_4_1_2_UnanchoredSuffixOrPrefixNeverMatches) {
  // X10, X11 (checkdmarc's unanchored regex matches these).
  EXPECT_FALSE(match_mx("mail.example.com", "evilmail.example.com").matched);
  EXPECT_FALSE(match_mx("mail.example.com", "mail.example.com.evil.net").matched);
  EXPECT_FALSE(match_mx("mail.example.com", "xmail.example.com").matched);
  EXPECT_FALSE(match_mx("mail.example.com", "mail.example.co").matched);
  EXPECT_FALSE(match_mx("mail.example.com", "ail.example.com").matched);
}

TEST(MxMatch, A_16_MatchingIsAsciiCaseInsensitive) {
  EXPECT_TRUE(Matches("mail.example.com", "MAIL.EXAMPLE.COM"));
  EXPECT_TRUE(Matches("MAIL.Example.COM", "mail.example.com"));
  EXPECT_TRUE(Matches("*.EXAMPLE.com", "Mx.example.COM"));
  EXPECT_TRUE(Matches("xn--mnchen-3ya.example.com", "XN--MNCHEN-3YA.EXAMPLE.COM"));
}

TEST(MxMatch, A_16_KelvinSignHostIsRejectedNotFolded) {
  // "e\u212Aample.com" would equal "ekample.com" under Unicode case folding.
  EXPECT_TRUE(MatchFails("mx.ekample.com",
                         "mx.e\xe2\x84\xaa"
                         "ample.com",
                         error_code::HOST_NON_ASCII));
  EXPECT_TRUE(MatchFails("*.ekample.com",
                         "mx.e\xe2\x84\xaa"
                         "ample.com",
                         error_code::HOST_NON_ASCII));
  EXPECT_TRUE(
      MatchFails("\xe2\x84\xaa.example.com", "k.example.com", error_code::MX_PATTERN_NON_ASCII));
}

TEST(MxMatch, A_15_HostTrailingDotIsDropped) {
  EXPECT_TRUE(Matches("mail.example.com", "mail.example.com."));
  EXPECT_TRUE(Matches("*.example.com", "mail.example.com."));
  EXPECT_FALSE(match_mx("*.example.com", "example.com.").matched);
  EXPECT_TRUE(PatternMatches("mail.example.com", "mail.example.com."));
}

TEST(MxMatch, A_15_PatternTrailingDotIsAnError) {
  EXPECT_TRUE(
      MatchFails("mail.example.com.", "mail.example.com", error_code::MX_PATTERN_TRAILING_DOT));
}

TEST(MxMatch, A_15_PatternParsedWithAllowTrailingDotMatches) {
  auto p = parse_mx_pattern("mail.example.com.", true);
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(mtasts::mx_pattern_matches(*p, "mail.example.com"));
  auto w = parse_mx_pattern("*.example.com.", true);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(mtasts::mx_pattern_matches(*w, "mx.example.com"));
}

TEST(MxMatch, A_17_PublicSuffixWildcardFollowsSection41) {
  EXPECT_TRUE(Matches("*.com", "example.com"));
  EXPECT_FALSE(match_mx("*.com", "mx.example.com").matched);
  EXPECT_FALSE(match_mx("*.com", "com").matched);
}

TEST(MxMatch, A_19_OddHostStringsAreErrorsNotMatches) {
  // Appendix B's pseudocode would say "match" for both.
  EXPECT_TRUE(MatchFails("*.example.com", ".example.com", error_code::HOST_EMPTY_LABEL));
  EXPECT_TRUE(MatchFails("*.example.com", "*.example.com", error_code::HOST_CHARACTER));
  EXPECT_TRUE(MatchFails("mx_1.example.com", "mx1.example.com", error_code::MX_PATTERN_CHARACTER));
  EXPECT_TRUE(MatchFails("*.example.com", "mx_1.example.com", error_code::HOST_CHARACTER));
  EXPECT_TRUE(MatchFails("*.example.com", "", error_code::HOST_EMPTY));
}

TEST(MxMatch, A_20_ALabelFirstLabelMatchesWildcard) {
  // go-mtasts bug B4 (X08).
  EXPECT_TRUE(Matches("*.example.com", "xn--mnchen-3ya.example.com"));
  EXPECT_TRUE(PatternMatches("*.example.com", "xn--mnchen-3ya.example.com"));
  EXPECT_TRUE(Matches("*.xn--mnchen-3ya.example", "mx.xn--mnchen-3ya.example"));
}

TEST(MxMatch, A_20_ULabelHostIsRejected) {
  EXPECT_TRUE(
      MatchFails("*.example.com", "m\xc3\xbcnchen.example.com", error_code::HOST_NON_ASCII));
  EXPECT_TRUE(MatchFails("xn--mnchen-3ya.example.com", "m\xc3\xbcnchen.example.com",
                         error_code::HOST_NON_ASCII));
}

TEST(MxMatch, A_14_NumericAndLongLabelPatternsMatchLiterally) {
  // The pattern grammar allows them; hosts are held to DNS limits.
  EXPECT_TRUE(Matches("192.0.2.1", "192.0.2.1"));
  const std::string long_label = std::string(70, 'a') + ".example.com";
  EXPECT_TRUE(MatchFails(long_label, long_label, error_code::HOST_LABEL_LENGTH));
}

TEST(MxMatch, MatcherAgreesWithMatchMx) {
  const std::vector<std::string_view> patterns = {"*.example.com", "mail.example.com", "*.com",
                                                  "MAIL.EXAMPLE.COM", "*.EXAMPLE.COM"};
  const std::vector<std::string_view> hosts = {"mail.example.com",
                                               "MAIL.example.com",
                                               "example.com",
                                               "a.b.example.com",
                                               "evilmail.example.com",
                                               "mail.example.com.",
                                               "xn--mnchen-3ya.example.com",
                                               "com"};
  for (std::string_view pattern : patterns) {
    for (std::string_view host : hosts) {
      SCOPED_TRACE(testing::Message() << pattern << " vs " << host);
      const auto r = match_mx(pattern, host);
      ASSERT_FALSE(r.error);
      EXPECT_EQ(r.matched, PatternMatches(pattern, host));
    }
  }
}

// Matcher laws over a small set of hosts.
TEST(MxMatch, R_4_1_2_MatcherLaws) {
  auto upper = [](std::string s) {
    for (char& c : s)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
  };
  for (std::string host : {"mx.example.com", "a.b.example.com", "xn--mnchen-3ya.example.com",
                           "m-1.example.co.uk", "example.com", "localhost"}) {
    SCOPED_TRACE(host);
    // An exact pattern matches itself, in any case, with or without a trailing dot.
    EXPECT_TRUE(Matches(host, host));
    EXPECT_TRUE(Matches(upper(host), host));
    EXPECT_TRUE(Matches(host, upper(host)));
    EXPECT_TRUE(Matches(host, host + "."));
    // ... and never a subdomain or an unanchored extension.
    EXPECT_FALSE(match_mx(host, "x." + host).matched);
    EXPECT_FALSE(match_mx(host, "x" + host).matched);
    // "*." + host never matches host itself, matches one extra label, never two.
    EXPECT_FALSE(match_mx("*." + host, host).matched);
    EXPECT_TRUE(Matches("*." + host, "x." + host));
    EXPECT_TRUE(Matches("*." + upper(host), "X." + host + "."));
    EXPECT_FALSE(match_mx("*." + host, "y.x." + host).matched);
  }
}

// The API has no trap: the truthiness of a match is the match, not "both operands parsed".
TEST(MatchMx, TruthinessIsTheMatch) {
  EXPECT_FALSE(mtasts::match_mx("mx1.example.com", "evil.example.org"));
  EXPECT_TRUE(mtasts::match_mx("mx1.example.com", "MX1.example.com."));
  EXPECT_FALSE(mtasts::match_mx("bad pattern", "mx1.example.com"));
  EXPECT_FALSE(mtasts::match_mx("*.example.com", "bad host"));
  if (mtasts::match_mx("mx1.example.com", "evil.example.org"))
    ADD_FAILURE() << "a non-match is true";
}
