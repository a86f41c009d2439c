// SPDX-License-Identifier: Apache-2.0
// One test per row of docs/peers.md (TXT rows T01-T23, multi-record rows M01-M03,
// MX matching rows X02-X12): each asserts OUR strict answer (the "RFC §3.1" / "RFC §4.1"
// column). The comment of each test names the peers whose cell differs. Where an option
// models a peer, a second test checks that the option reproduces that peer's cell.
//
// "disc" in the RFC column means: among several TXT records the record is discarded by the
// literal "v=STSv1;" prefix filter. We check it both ways: alone (parsed as it is, A-1) it is
// rejected, and next to a valid record it is discarded (the valid one is selected).
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/options.h"
#include "mtasts/txt_record.h"

namespace {

using mtasts::error_code;
using mtasts::extension;
using mtasts::parse_txt_record;
using mtasts::txt_options;

testing::AssertionResult Accepts(std::string_view rec, std::string_view id,
                                 const txt_options& options = {}) {
  auto r = parse_txt_record(rec, options);
  if (!r.ok())
    return testing::AssertionFailure()
           << "'" << rec << "' rejected with " << mtasts::token(r.error().code) << " at offset "
           << r.error().offset;
  if (r->id != id)
    return testing::AssertionFailure()
           << "'" << rec << "' gave id '" << r->id << "', want '" << id << "'";
  return testing::AssertionSuccess();
}

testing::AssertionResult Rejects(std::string_view rec, error_code want,
                                 const txt_options& options = {}) {
  auto r = parse_txt_record(rec, options);
  if (r.ok())
    return testing::AssertionFailure()
           << "'" << rec << "' accepted (id '" << r->id << "'), want " << mtasts::token(want);
  if (r.error().code != want)
    return testing::AssertionFailure() << "'" << rec << "': expected " << mtasts::token(want)
                                       << ", got " << mtasts::token(r.error().code);
  return testing::AssertionSuccess();
}

mtasts::result<mtasts::txt_selection, mtasts::selection_error> Select(
    std::initializer_list<std::string_view> records, const txt_options& options = {}) {
  const std::vector<std::string_view> list(records);
  return mtasts::select_txt_record(list, options);
}

// Next to a valid record (placed second), `rec` is discarded by the prefix filter.
testing::AssertionResult Discarded(std::string_view rec, const txt_options& options = {}) {
  auto r = Select({rec, "v=STSv1; id=other"}, options);
  if (!r.ok())
    return testing::AssertionFailure()
           << "'" << rec << "' was not discarded: " << mtasts::token(r.error().error.code);
  if (r.value().index != 1) return testing::AssertionFailure() << "'" << rec << "' was selected";
  return testing::AssertionSuccess();
}

testing::AssertionResult Matches(std::string_view pattern, std::string_view host) {
  const auto r = mtasts::match_mx(pattern, host);
  if (r.error)
    return testing::AssertionFailure() << "match_mx failed with " << mtasts::token(r.error->code);
  if (!r.matched)
    return testing::AssertionFailure() << "'" << pattern << "' does not match '" << host << "'";
  return testing::AssertionSuccess() << "'" << pattern << "' matches '" << host << "'";
}

testing::AssertionResult DoesNotMatch(std::string_view pattern, std::string_view host) {
  const auto r = mtasts::match_mx(pattern, host);
  if (r.error)
    return testing::AssertionFailure() << "match_mx failed with " << mtasts::token(r.error->code);
  if (r.matched)
    return testing::AssertionFailure() << "'" << pattern << "' matches '" << host << "'";
  return testing::AssertionSuccess();
}

txt_options Last() {
  txt_options o;
  o.duplicate_id = mtasts::duplicate_field::last;
  return o;
}

txt_options Reject() {
  txt_options o;
  o.duplicate_id = mtasts::duplicate_field::reject;
  return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// TXT rows (single record, strings joined).

// T01-03: all peers agree.
TEST(PeerTxtRows, T01_TrailingSemicolonAccepted) { EXPECT_TRUE(Accepts("v=STSv1; id=X;", "X")); }
TEST(PeerTxtRows, T02_WithoutTrailingSemicolonAccepted) {
  EXPECT_TRUE(Accepts("v=STSv1; id=X", "X"));
}
TEST(PeerTxtRows, T03_WithoutSpacesAccepted) { EXPECT_TRUE(Accepts("v=STSv1;id=X;", "X")); }

// T04/05: all peers agree.
TEST(PeerTxtRows, T04_VersionOnlyRejected) {
  EXPECT_TRUE(Rejects("v=STSv1", error_code::TXT_ID_MISSING));
}
TEST(PeerTxtRows, T05_VersionAndSemicolonRejected) {
  EXPECT_TRUE(Rejects("v=STSv1;", error_code::TXT_ID_MISSING));
}

// T06: pmsr, Stalwart, Kumo accept id="".
TEST(PeerTxtRows, T06_EmptyIdRejected_PmsrStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=", error_code::TXT_ID_SYNTAX));
  EXPECT_TRUE(Rejects("v=STSv1; id=;", error_code::TXT_ID_SYNTAX));
}

// T07: all peers agree.
TEST(PeerTxtRows, T07_IdOf32AlnumAccepted) {
  EXPECT_TRUE(
      Accepts("v=STSv1; id=abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345"));
}

// T08: pmsr, mailauth 7 lax, mailauth 5, go-mtasts, Stalwart, Kumo accept.
TEST(PeerTxtRows, T08_IdOf33CharsRejected_PmsrMa7LaxMa5GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abcdefghijklmnopqrstuvwxyz0123456", error_code::TXT_ID_SYNTAX));
}

// T09/10: pmsr, mailauth 7 lax, mailauth 5, go-mtasts, Stalwart, Kumo accept.
TEST(PeerTxtRows, T09_IdWithHyphenRejected_PmsrMa7LaxMa5GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abc-def", error_code::TXT_ID_SYNTAX));
}
TEST(PeerTxtRows, T10_IdWithUnderscoreRejected_PmsrMa7LaxMa5GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abc_def", error_code::TXT_ID_SYNTAX));
}

// T11: mailauth 7 lax, mailauth 5 and Stalwart accept; the rest reject or discard.
TEST(PeerTxtRows, T11_LowercaseVersionDiscarded_Ma7LaxMa5StalwartAccept) {
  EXPECT_TRUE(Rejects("v=stsv1; id=abc", error_code::TXT_VERSION_VALUE));
  EXPECT_TRUE(Discarded("v=stsv1; id=abc"));
}

// T12: mailauth 7 lax, mailauth 5 and Stalwart accept.
TEST(PeerTxtRows, T12_UppercaseVersionKeyRejected_Ma7LaxMa5StalwartAccept) {
  EXPECT_TRUE(Rejects("V=STSv1; id=abc", error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(Discarded("V=STSv1; id=abc"));
}

// T13: go-mtasts, Stalwart, Kumo accept.
TEST(PeerTxtRows, T13_IdBeforeVersionDiscarded_GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("id=abc; v=STSv1;", error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(Discarded("id=abc; v=STSv1;"));
}

// T14: mailauth 7 lax, mailauth 5, go-mtasts, Stalwart, Kumo accept.
TEST(PeerTxtRows, T14_LeadingSpaceDiscarded_Ma7LaxMa5GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects(" v=STSv1; id=abc", error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(Discarded(" v=STSv1; id=abc"));
}

// T15: all peers accept the single record (*WSP ";").
TEST(PeerTxtRows, T15_SpaceBeforeSemicolonAccepted) {
  EXPECT_TRUE(Accepts("v=STSv1 ; id=abc", "abc"));
  // Among several records the literal prefix filter discards it.
  EXPECT_TRUE(Discarded("v=STSv1 ; id=abc"));
}

// pmsr filters on startswith('v=STSv1'): it keeps T15 among several records.
TEST(PeerTxtRows, T15_PmsrPrefixWithoutSemicolonKeepsIt) {
  txt_options pmsr;
  pmsr.selection_prefix_without_semicolon = true;
  auto strict = Select({"v=STSv1 ; id=abc", "foo=bar"});
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().error.code, error_code::TXT_SELECT_NONE);
  auto peer = Select({"v=STSv1 ; id=abc", "foo=bar"}, pmsr);
  ASSERT_TRUE(peer.ok());
  EXPECT_EQ(peer.value().index, 0u);
  EXPECT_EQ(peer.value().record.id, "abc");
  EXPECT_FALSE(Discarded("v=STSv1 ; id=abc", pmsr));
}

// T16: all peers agree.
TEST(PeerTxtRows, T16_ExtraFieldAcceptedAndIgnored) {
  auto r = parse_txt_record("v=STSv1; id=abc; ext=foo");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, "abc");
  std::vector<extension> ext;
  for (const extension& e : r->extensions()) ext.push_back(e);
  EXPECT_EQ(ext, (std::vector<extension>{{"ext", "foo"}}));
}

// T17: first wins (§3.2). mailauth 5, go-mtasts, Stalwart, Kumo and pmsr take "def"; mox
// rejects (bug B6).
TEST(PeerTxtRows, T17_DuplicateIdFirstWins_PmsrMa5GoMtastsStalwartKumoTakeLast_MoxRejects) {
  EXPECT_TRUE(Accepts("v=STSv1; id=abc; id=def", "abc"));
}

TEST(PeerTxtRows, T17_DuplicateIdLastOptionReproducesPmsrGoMtastsStalwartKumo) {
  EXPECT_TRUE(Accepts("v=STSv1; id=abc; id=def", "def", Last()));
}

TEST(PeerTxtRows, T17_DuplicateIdRejectOptionReproducesMoxB6) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abc; id=def", error_code::TXT_ID_DUPLICATE, Reject()));
}

TEST(PeerTxtRows, T17_PeerProfilesReproduceTheirCells) {
  auto pmsr = mtasts::find_profile("pmsr");
  ASSERT_TRUE(pmsr.has_value());
  EXPECT_TRUE(Accepts("v=STSv1; id=abc; id=def", "def", pmsr->txt));
  auto mox = mtasts::find_profile("mox");
  ASSERT_TRUE(mox.has_value());
  EXPECT_FALSE(parse_txt_record("v=STSv1; id=abc; id=def", mox->txt).ok());
  auto strict = mtasts::find_profile("strict");
  ASSERT_TRUE(strict.has_value());
  EXPECT_TRUE(Accepts("v=STSv1; id=abc; id=def", "abc", strict->txt));
}

// T18: pmsr, mailauth 7 lax, mailauth 5, go-mtasts, Stalwart, Kumo accept.
TEST(PeerTxtRows, T18_TrailingDoubleSemicolonRejected_PmsrMa7LaxMa5GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abc;;", error_code::TXT_EMPTY_FIELD));
}

TEST(PeerTxtRows, T18_AllowEmptyFieldsReproducesTheAcceptingPeers) {
  txt_options o;
  o.allow_empty_fields = true;
  EXPECT_TRUE(Accepts("v=STSv1; id=abc;;", "abc", o));
}

// T20: pmsr ("abc def"), mailauth 7 lax, mailauth 5, Stalwart ("abcdef"), Kumo accept.
TEST(PeerTxtRows, T20_SpaceInsideIdRejected_PmsrMa7LaxMa5StalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abc def", error_code::TXT_DELIMITER));
}

// T21: mailauth 7 lax, mailauth 5 and Stalwart accept (case-insensitive keys).
TEST(PeerTxtRows, T21_UppercaseIdKeyRejected_Ma7LaxMa5StalwartAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; ID=abc", error_code::TXT_ID_MISSING));
}

// T22: pmsr, mailauth 7 lax, mailauth 5, go-mtasts, Stalwart, Kumo accept.
TEST(PeerTxtRows, T22_EmptyExtensionValueRejected_PmsrMa7LaxMa5GoMtastsStalwartKumoAccept) {
  EXPECT_TRUE(Rejects("v=STSv1; id=abc; ext=", error_code::TXT_EXTENSION_VALUE_SYNTAX));
}

// T23: Stalwart and Kumo accept (keys and values trimmed).
TEST(PeerTxtRows, T23_WhitespaceAroundEqualsDiscarded_StalwartKumoAccept) {
  EXPECT_FALSE(parse_txt_record("v = STSv1; id = abc").ok());
  EXPECT_TRUE(Rejects("v = STSv1; id = abc", error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(Discarded("v = STSv1; id = abc"));
}

// ---------------------------------------------------------------------------------------
// Multi-record rows.

// M01: Stalwart takes the first record that parses, Kumo joins all and takes the last id.
TEST(PeerTxtRows, M01_TwoStsRecordsMeanNoPolicy_StalwartTakesFirst_KumoTakesLast) {
  auto r = Select({"v=STSv1; id=one", "v=STSv1; id=two"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().error.code, error_code::TXT_SELECT_MULTIPLE);
  EXPECT_EQ(r.error().record, std::nullopt);
  // No option selects among several candidates: the duplicate-id options act within a
  // record only.
  auto last = Select({"v=STSv1; id=one", "v=STSv1; id=two"}, Last());
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().error.code, error_code::TXT_SELECT_MULTIPLE);
}

// M02: go-mtasts counts every TXT record and rejects; Kumo is order-dependent.
TEST(PeerTxtRows, M02_StsRecordPlusUnrelatedTxtAccepted_GoMtastsRejects) {
  auto first = Select({"v=STSv1; id=abc", "v=spf1 -all"});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value().index, 0u);
  EXPECT_EQ(first.value().record.id, "abc");
  auto second = Select({"google-site-verification=xyz", "v=STSv1; id=abc"});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().index, 1u);
  EXPECT_EQ(second.value().record.id, "abc");
}

// M03: split character-strings are concatenated (go-mtasts: resolver-dependent).
TEST(PeerTxtRows, M03_SplitStringsConcatenated) {
  std::array<char, 64> buffer{};
  const std::array<std::string_view, 2> strings = {"v=STSv1; ", "id=a1;"};
  auto joined = mtasts::join_character_strings(strings, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "v=STSv1; id=a1;");
  EXPECT_TRUE(Accepts(*joined, "a1"));
  auto r = Select({*joined});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().record.id, "a1");
}

// ---------------------------------------------------------------------------------------
// MX matching rows (pattern vs host).

// X02: all peers agree.
TEST(PeerMxRows, X02_WildcardMatchesOneLabel) {
  EXPECT_TRUE(Matches("*.example.com", "mx.example.com"));
}

// X03: mailauth 5 and checkdmarc match (multi-label wildcard, bug B3).
TEST(PeerMxRows, X03_WildcardDoesNotMatchTwoLabels_Ma5CheckdmarcMatch) {
  EXPECT_TRUE(DoesNotMatch("*.example.com", "a.b.example.com"));
}

// X04: all peers agree.
TEST(PeerMxRows, X04_WildcardDoesNotMatchTheParent) {
  EXPECT_TRUE(DoesNotMatch("*.example.com", "example.com"));
}

// X05: Stalwart (byte compare) and Kumo (expects lowercase) do not match.
TEST(PeerMxRows, X05_CaseInsensitiveMatch_StalwartKumoDoNotMatch) {
  EXPECT_TRUE(Matches("mail.example.com", "MAIL.EXAMPLE.COM"));
}

// X06/12: mailauth 5 and Stalwart do not match a host with a trailing dot.
TEST(PeerMxRows, X06_HostTrailingDotMatchesExact_Ma5StalwartDoNotMatch) {
  EXPECT_TRUE(Matches("mail.example.com", "mail.example.com."));
}
TEST(PeerMxRows, X12_HostTrailingDotMatchesWildcard_Ma5StalwartDoNotMatch) {
  EXPECT_TRUE(Matches("*.example.com", "mx.example.com."));
}

// X08: go-mtasts does not match (bug B4).
TEST(PeerMxRows, X08_WildcardMatchesALabelFirstLabel_GoMtastsB4DoesNotMatch) {
  EXPECT_TRUE(Matches("*.example.com", "xn--mnchen-3ya.example.com"));
}

// X10: checkdmarc's unanchored regex matches.
TEST(PeerMxRows, X10_UnanchoredPrefixDoesNotMatch_CheckdmarcMatches) {
  EXPECT_TRUE(DoesNotMatch("mail.example.com", "evilmail.example.com"));
}

// X11: checkdmarc's unanchored regex matches.
TEST(PeerMxRows, X11_UnanchoredSuffixDoesNotMatch_CheckdmarcMatches) {
  EXPECT_TRUE(DoesNotMatch("mail.example.com", "mail.example.com.evil.net"));
}
