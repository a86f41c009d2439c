// SPDX-License-Identifier: Apache-2.0
// One test per row P02…P50 of docs/peers.md (the policy edge-case table), asserting
// this library's strict answer (the column "RFC 8461 expectation"; P18b rejected with
// POLICY_MAX_AGE_RANGE, P34 accepted, P40/P41 rejected ). Each test
// names the peers whose [run] cell differs.
//
// Then, for the peer profiles (parser/src/profiles.cc: "pmsr", "mailauth-strict", "mox",
// "postfix-tlspol"), every row is replayed under the profile and compared with that peer's
// cell of the table.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_test_support.h"

namespace {

using mtasts::error_code;
using mtasts::policy_mode;
using namespace mtasts_test;
using namespace std::string_literals;

constexpr std::string_view kVersion = "version: STSv1";
constexpr std::string_view kMode = "mode: enforce";
constexpr std::string_view kMx = "mx: mail.example.com";
constexpr std::string_view kMaxAge = "max_age: 86400";

// The bodies of the rows (base: version / mode / mx / max_age, LF).
namespace row {
std::string p02() { return to_crlf(kBase); }
std::string p03() { return join({kVersion, kMode, kMx, kMaxAge}, "\n", false); }
std::string p04() { return join({kVersion, kMode, kMx, kMaxAge}, "\r"); }
std::string p50() {
  return "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 86400\n";
}
std::string p05() {
  return join(
      {"version: STSv1 ", "mode: enforce\t", "mx: mail.example.com  ", "max_age: 86400 \t"});
}
std::string p44() {
  return join({"version:STSv1", "mode:enforce", "mx:mail.example.com", "max_age:86400"});
}
std::string p45() {
  return join({"version:\tSTSv1", "mode:\tenforce", "mx:\tmail.example.com", "max_age:\t86400"});
}
std::string p06() { return base_with("mode", "mode : enforce"); }
std::string p07() { return base_with("mode", " mode: enforce"); }
std::string p08() { return base_with("mode", "MODE: enforce"); }
std::string p09() { return base_with_mode("ENFORCE"); }
std::string p10() { return base_with("version", "version: stsv1"); }
std::string p11() { return base_with("mode", "mode: enforce\nmode: none"); }
std::string p12() { return base_with("max_age", "max_age: 86400\nmax_age: 1"); }
std::string p13() { return std::string(kBase) + "foo: bar\n"; }
std::string p14() { return std::string(kBase) + "policy-url: https://example.com/mta-sts\n"; }
std::string p15() { return base_with("max_age", ""); }
std::string p16() { return base_with("mode", ""); }
std::string p17() { return base_with("version", ""); }
std::string p18a() { return base_with_max_age("31557600"); }
std::string p18b() { return base_with_max_age("31557601"); }
std::string p19() { return base_with_max_age("00086400"); }
std::string p20() { return base_with_max_age("00000086400"); }
std::string p21() { return base_with_max_age("12345678901234567890"); }
std::string p22() { return base_with_max_age("+86400"); }
std::string p23() { return base_with_max_age("-1"); }
std::string p24() { return base_with("max_age", "max_age:"); }
std::string p25() { return base_with_max_age("1e3"); }
std::string p26() { return base_with_max_age("0x10"); }
std::string p27() { return base_with_max_age("86_400"); }
std::string p28() { return base_with_max_age("86400.0"); }
std::string p29() { return join({kVersion, "mode: none", kMaxAge}); }
std::string p30() { return join({kVersion, kMode, kMaxAge}); }
std::string p31() { return base_with_mx("mail.example.com."); }
std::string p32() { return base_with_mx("MAIL.Example.COM"); }
std::string p33() { return base_with_mx("mail_1.example.com"); }
std::string p34() { return base_with_mx("192.0.2.1"); }
std::string p35() { return base_with_mx("*.*.example.com"); }
std::string p36() { return base_with_mx("*example.com"); }
std::string p37() { return base_with("mx", "mx:"); }
std::string p43() { return base_with_mx("m\xC3\xA4il.example.com"); }
std::string p38() { return "\xEF\xBB\xBF" + std::string(kBase); }
std::string p39() { return ""; }
std::string p40() { return join({kVersion, kMode, "", kMx, kMaxAge}); }
std::string p41() { return std::string(kBase) + "\n"; }
std::string p42() { return join({kVersion, kMode, "nocolon", kMx, kMaxAge}); }
std::string p49() { return "this is not a policy\n" + std::string(kBase); }
std::string p46() { return base_with_mode("testing"); }
std::string p47() { return base_with_mode("report"); }
std::string p48() { return base_with("version", "version: STSv2"); }
}  // namespace row

mtasts::policy base_with_fields(policy_mode mode, std::uint64_t max_age) {
  auto p = base_policy();
  p.mode = mode;
  p.max_age = max_age;
  return p;
}

// ---------------------------------------------------------------------------------------
// Strict answers, one test per row.

TEST(PeerPolicyRows, P02_CrlfLineEndings) {
  // All peers agree.
  EXPECT_TRUE(SamePolicy(parsed(row::p02()), base_policy()));
}

TEST(PeerPolicyRows, P03_NoFinalNewline) {
  // All peers agree.
  EXPECT_TRUE(SamePolicy(parsed(row::p03()), base_policy()));
}

TEST(PeerPolicyRows, P04_LoneCrLineEndingsRejected) {
  // Wrong: pmsr (accepts; str.splitlines() breaks on CR).
  EXPECT_TRUE(RejectsAt(row::p04(), error_code::POLICY_BARE_CR, 14));
}

TEST(PeerPolicyRows, P50_MixedCrlfAndLf) {
  // Wrong: checkdmarc (rejects mixed endings).
  EXPECT_TRUE(SamePolicy(parsed(row::p50()), base_policy()));
}

TEST(PeerPolicyRows, P05_TrailingWhitespaceAfterValue) {
  // All peers agree.
  EXPECT_TRUE(SamePolicy(parsed(row::p05()), base_policy()));
}

TEST(PeerPolicyRows, P44_NoSpaceAfterColon) {
  // All peers agree.
  EXPECT_TRUE(SamePolicy(parsed(row::p44()), base_policy()));
}

TEST(PeerPolicyRows, P45_TabAfterColon) {
  // All peers agree.
  EXPECT_TRUE(SamePolicy(parsed(row::p45()), base_policy()));
}

TEST(PeerPolicyRows, P06_WhitespaceBeforeColonRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1, Stalwart, KumoMTA, checkdmarc (accept).
  EXPECT_TRUE(RejectsAt(row::p06(), error_code::POLICY_NAME_SYNTAX, 19));
}

TEST(PeerPolicyRows, P07_LeadingWhitespaceRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1, Stalwart, KumoMTA, checkdmarc (accept).
  EXPECT_TRUE(RejectsAt(row::p07(), error_code::POLICY_LEADING_WHITESPACE, 15));
}

TEST(PeerPolicyRows, P08_UppercaseModeNameMeansModeMissing) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1 (accept), Stalwart (accepts as mode none).
  const std::string body = row::p08();
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_MISSING, body.size()));
}

TEST(PeerPolicyRows, P09_UppercaseModeValueRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1 (accept).
  EXPECT_TRUE(RejectsAt(row::p09(), error_code::POLICY_MODE_VALUE, 21));
}

TEST(PeerPolicyRows, P10_LowercaseVersionRejected) {
  // Wrong: Stalwart (accepts; version compared case-insensitively).
  EXPECT_TRUE(RejectsAt(row::p10(), error_code::POLICY_VERSION_VALUE, 9));
}

TEST(PeerPolicyRows, P11_DuplicateModeFirstWins) {
  // Wrong: pmsr, mailauth 5.0.1, go-mtasts, Stalwart (last wins: none); KumoMTA, checkdmarc
  // (reject the duplicate).
  EXPECT_EQ(parsed(row::p11()).mode, policy_mode::enforce);
}

TEST(PeerPolicyRows, P12_DuplicateMaxAgeFirstWins) {
  // Wrong: pmsr, mailauth 5.0.1, go-mtasts, Stalwart (last wins: 1); KumoMTA, checkdmarc
  // (reject the duplicate).
  EXPECT_EQ(parsed(row::p12()).max_age, 86400u);
}

TEST(PeerPolicyRows, P13_UnknownKeyIgnoredAndKept) {
  // Wrong: checkdmarc (rejects unknown keys).
  auto want = base_policy();
  want.extensions.emplace_back("foo", "bar");
  EXPECT_TRUE(SamePolicy(parsed(row::p13()), want));
}

TEST(PeerPolicyRows, P14_ExtensionValueWithColon) {
  // Wrong: go-mtasts, checkdmarc (split on every ':').
  auto want = base_policy();
  want.extensions.emplace_back("policy-url", "https://example.com/mta-sts");
  EXPECT_TRUE(SamePolicy(parsed(row::p14()), want));
}

TEST(PeerPolicyRows, P15_MissingMaxAgeRejected) {
  // Wrong: Stalwart (defaults to 86400), checkdmarc (accepts with max_age 0).
  const std::string body = row::p15();
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_MISSING, body.size()));
}

TEST(PeerPolicyRows, P16_MissingModeRejected) {
  // Wrong: mailauth 5.0.1, Stalwart, checkdmarc (accept as mode none).
  const std::string body = row::p16();
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_MISSING, body.size()));
}

TEST(PeerPolicyRows, P17_MissingVersionRejected) {
  // Wrong: Stalwart, checkdmarc (accept).
  const std::string body = row::p17();
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_MISSING, body.size()));
}

TEST(PeerPolicyRows, P18a_MaxAgeAtCeilingAccepted) {
  // All peers accept (Stalwart then caches it for only 86400 s, which is not a parse issue).
  EXPECT_EQ(parsed(row::p18a()).max_age, 31557600u);
}

TEST(PeerPolicyRows, P18b_MaxAgeAboveCeilingRejected) {
  // RFC silent on handling; we reject. Differ: go-mtasts, mox, Stalwart, KumoMTA
  // (accept), postfix-tlspol (clamps to 31557600).
  EXPECT_TRUE(RejectsAt(row::p18b(), error_code::POLICY_MAX_AGE_RANGE, 59));
}

TEST(PeerPolicyRows, P19_EightDigitsWithLeadingZeros) {
  // All peers agree.
  EXPECT_EQ(parsed(row::p19()).max_age, 86400u);
}

TEST(PeerPolicyRows, P20_ElevenDigitsRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsAt(row::p20(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P21_TwentyDigitsRejected) {
  // Wrong: Stalwart (silently 86400).
  EXPECT_TRUE(RejectsAt(row::p21(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P22_PlusSignRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsAt(row::p22(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P23_NegativeRejected) {
  // Wrong: go-mtasts (max_age -1), Stalwart (86400).
  EXPECT_TRUE(RejectsAt(row::p23(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P24_EmptyMaxAgeRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1 (max_age 0), Stalwart (86400).
  // `max_age:` fits no production, so it is a line-level error where the value should be.
  EXPECT_TRUE(RejectsAt(row::p24(), error_code::POLICY_VALUE_SYNTAX, 58));
}

TEST(PeerPolicyRows, P25_ExponentRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1 (1000), Stalwart (86400).
  EXPECT_TRUE(RejectsAt(row::p25(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P26_HexRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1 (16), Stalwart (86400).
  EXPECT_TRUE(RejectsAt(row::p26(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P27_UnderscoreRejected) {
  // Wrong: pmsr (Python int()), Stalwart (86400), checkdmarc.
  EXPECT_TRUE(RejectsAt(row::p27(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P28_DecimalRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1, Stalwart (86400).
  EXPECT_TRUE(RejectsAt(row::p28(), error_code::POLICY_MAX_AGE_SYNTAX, 59));
}

TEST(PeerPolicyRows, P29_ModeNoneWithoutMx) {
  // Wrong: Stalwart (rejects a valid none policy without mx).
  const auto p = parsed(row::p29());
  EXPECT_EQ(p.mode, policy_mode::none);
  EXPECT_TRUE(p.mx.empty());
}

TEST(PeerPolicyRows, P30_ModeEnforceWithoutMxRejected) {
  // All peers agree.
  const std::string body = row::p30();
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MX_MISSING, body.size()));
}

TEST(PeerPolicyRows, P31_MxTrailingDotRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, postfix-tlspol (keeps the dot),
  // Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsOnLine(row::p31(), error_code::MX_PATTERN_TRAILING_DOT, 3));
}

TEST(PeerPolicyRows, P32_MxUpperCaseKeptAsWritten) {
  // All peers accept (mailauth 7 lowercases; matching is case-insensitive either way).
  EXPECT_EQ(parsed(row::p32()).mx, std::vector<std::string>{"MAIL.Example.COM"});
}

TEST(PeerPolicyRows, P33_MxUnderscoreRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsOnLine(row::p33(), error_code::MX_PATTERN_CHARACTER, 3));
}

TEST(PeerPolicyRows, P34_MxIpv4LookingNameAccepted) {
  // RFC silent; it fits the Domain ABNF, so we accept. Differ: mox, postfix-tlspol.
  EXPECT_EQ(parsed(row::p34()).mx, std::vector<std::string>{"192.0.2.1"});
}

TEST(PeerPolicyRows, P35_MxDoubleWildcardRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsOnLine(row::p35(), error_code::MX_PATTERN_WILDCARD, 3));
}

TEST(PeerPolicyRows, P36_MxPartialWildcardRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsAt(row::p36(), error_code::MX_PATTERN_WILDCARD, 33));
}

TEST(PeerPolicyRows, P37_EmptyMxRejected) {
  // Wrong: pmsr, mailauth 5.0.1, go-mtasts, KumoMTA (accept with mx [""]).
  EXPECT_TRUE(RejectsAt(row::p37(), error_code::POLICY_VALUE_SYNTAX, 32));
}

TEST(PeerPolicyRows, P43_MxULabelRejected) {
  // Wrong: pmsr, mailauth 7 lax, mailauth 5.0.1, go-mtasts, Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsOnLine(row::p43(), error_code::MX_PATTERN_NON_ASCII, 3));
}

TEST(PeerPolicyRows, P38_Utf8BomRejected) {
  // Wrong: mailauth 7 lax, mailauth 5.0.1 (trim() strips it), Stalwart.
  EXPECT_TRUE(RejectsAt(row::p38(), error_code::POLICY_BOM, 0));
}

TEST(PeerPolicyRows, P39_EmptyBodyRejected) {
  // Wrong: checkdmarc (accepts as mode none).
  EXPECT_TRUE(RejectsAt(row::p39(), error_code::POLICY_EMPTY, 0));
}

TEST(PeerPolicyRows, P40_BlankLineInTheMiddleRejected) {
  // Strict ABNF. Tolerated by pmsr, mailauth 7 strict and lax, mailauth 5.0.1,
  // Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsAt(row::p40(), error_code::POLICY_BLANK_LINE, 29));
}

TEST(PeerPolicyRows, P41_TrailingBlankLineRejected) {
  // Strict ABNF. Tolerated by pmsr, mailauth 7 strict and lax, mailauth 5.0.1,
  // Stalwart, KumoMTA, checkdmarc.
  EXPECT_TRUE(RejectsAt(row::p41(), error_code::POLICY_BLANK_LINE, kBase.size()));
}

TEST(PeerPolicyRows, P42_LineWithoutColonRejected) {
  // Wrong: pmsr, mailauth 7 strict and lax, mailauth 5.0.1, Stalwart (skip or glue the line).
  EXPECT_TRUE(RejectsAt(row::p42(), error_code::POLICY_MISSING_COLON, 36));
}

TEST(PeerPolicyRows, P49_GarbageFirstLineRejected) {
  // Wrong: pmsr, mailauth 7 strict and lax, mailauth 5.0.1, Stalwart (swallows the next
  // field). The line has no ':' at all; it is reported where the ':' was expected.
  EXPECT_TRUE(RejectsAt(row::p49(), error_code::POLICY_MISSING_COLON, 4));
}

TEST(PeerPolicyRows, P46_ModeTesting) {
  // All peers accept.
  EXPECT_TRUE(SamePolicy(parsed(row::p46()), base_with_fields(policy_mode::testing, 86400)));
}

TEST(PeerPolicyRows, P47_ModeReportRejected) {
  // All peers agree.
  EXPECT_TRUE(RejectsAt(row::p47(), error_code::POLICY_MODE_VALUE, 21));
}

TEST(PeerPolicyRows, P48_VersionSTSv2Rejected) {
  // All peers agree.
  EXPECT_TRUE(RejectsAt(row::p48(), error_code::POLICY_VERSION_VALUE, 9));
}

// ---------------------------------------------------------------------------------------
// Peer profiles against their peers' cells.

// A cell of the table: rejected, or accepted with (optionally) these fields.
struct cell {
  bool accepted = false;
  std::optional<policy_mode> mode;
  std::optional<std::uint64_t> max_age;
  std::optional<std::vector<std::string>> mx;
};

cell R() { return {}; }
// Accepted with the fields the base policy (as modified by the row) gives strictly.
cell A() { return {true, {}, {}, {}}; }
cell A_mode(policy_mode m) { return {true, m, {}, {}}; }
cell A_age(std::uint64_t age) { return {true, {}, age, {}}; }
cell A_mx(std::vector<std::string> mx) { return {true, {}, {}, std::move(mx)}; }

enum peer : std::size_t { pmsr, mailauth7_strict, mox, tlspol, peer_count };
constexpr std::array<std::string_view, peer_count> kProfileNames{"pmsr", "mailauth-strict", "mox",
                                                                 "postfix-tlspol"};

struct table_row {
  std::string id;  // test name suffix
  std::string body;
  std::array<cell, peer_count> cells;  // pmsr | mailauth 7 strict | mox | postfix-tlspol
};

const std::vector<table_row>& table() {
  using pm = policy_mode;
  static const std::vector<table_row> rows = {
      {"P02_Crlf", row::p02(), {A(), A(), A(), A()}},
      {"P03_NoFinalNewline", row::p03(), {A(), A(), A(), A()}},
      {"P04_LoneCr", row::p04(), {A(), R(), R(), R()}},
      {"P50_MixedEndings", row::p50(), {A(), A(), A(), A()}},
      {"P05_TrailingWsp", row::p05(), {A(), A(), A(), A()}},
      {"P44_NoSpaceAfterColon", row::p44(), {A(), A(), A(), A()}},
      {"P45_TabAfterColon", row::p45(), {A(), A(), A(), A()}},
      {"P06_WspBeforeColon", row::p06(), {R(), R(), R(), R()}},
      {"P07_LeadingWsp", row::p07(), {R(), R(), R(), R()}},
      {"P08_UppercaseModeName", row::p08(), {R(), R(), R(), R()}},
      {"P09_UppercaseModeValue", row::p09(), {R(), R(), R(), R()}},
      {"P10_LowercaseVersion", row::p10(), {R(), R(), R(), R()}},
      {"P11_DuplicateMode",
       row::p11(),
       {A_mode(pm::none), A_mode(pm::enforce), A_mode(pm::enforce), A_mode(pm::enforce)}},
      {"P12_DuplicateMaxAge", row::p12(), {A_age(1), A_age(86400), A_age(86400), A_age(86400)}},
      {"P13_UnknownKey", row::p13(), {A(), A(), A(), A()}},
      {"P14_ValueWithColon", row::p14(), {A(), A(), A(), A()}},
      {"P15_MissingMaxAge", row::p15(), {R(), R(), R(), R()}},
      {"P16_MissingMode", row::p16(), {R(), R(), R(), R()}},
      {"P17_MissingVersion", row::p17(), {R(), R(), R(), R()}},
      {"P18a_MaxAgeCeiling",
       row::p18a(),
       {A_age(31557600), A_age(31557600), A_age(31557600), A_age(31557600)}},
      {"P18b_MaxAgeAboveCeiling", row::p18b(), {R(), R(), A_age(31557601), A_age(31557600)}},
      {"P19_LeadingZeros", row::p19(), {A_age(86400), A_age(86400), A_age(86400), A_age(86400)}},
      {"P20_ElevenDigits", row::p20(), {A_age(86400), R(), R(), R()}},
      {"P21_TwentyDigits", row::p21(), {R(), R(), R(), R()}},
      {"P22_PlusSign", row::p22(), {A_age(86400), R(), R(), R()}},
      {"P23_Negative", row::p23(), {R(), R(), R(), R()}},
      {"P24_EmptyMaxAge", row::p24(), {R(), R(), R(), R()}},
      {"P25_Exponent", row::p25(), {R(), R(), R(), R()}},
      {"P26_Hex", row::p26(), {R(), R(), R(), R()}},
      {"P27_Underscore", row::p27(), {A_age(86400), R(), R(), R()}},
      {"P28_Decimal", row::p28(), {R(), R(), R(), R()}},
      {"P29_NoneWithoutMx",
       row::p29(),
       {A_mode(pm::none), A_mode(pm::none), A_mode(pm::none), A_mode(pm::none)}},
      {"P30_EnforceWithoutMx", row::p30(), {R(), R(), R(), R()}},
      {"P31_MxTrailingDot",
       row::p31(),
       {A_mx({"mail.example.com."}), R(), R(), A_mx({"mail.example.com."})}},
      // mailauth 7 lowercases mx values; no option models that, so only acceptance is compared.
      {"P32_MxUpperCase", row::p32(), {A_mx({"MAIL.Example.COM"}), A(), A(), A()}},
      {"P33_MxUnderscore", row::p33(), {A_mx({"mail_1.example.com"}), R(), R(), R()}},
      {"P34_MxIpv4", row::p34(), {A_mx({"192.0.2.1"}), A_mx({"192.0.2.1"}), R(), R()}},
      {"P35_MxDoubleWildcard", row::p35(), {A_mx({"*.*.example.com"}), R(), R(), R()}},
      {"P36_MxPartialWildcard", row::p36(), {A_mx({"*example.com"}), R(), R(), R()}},
      {"P37_MxEmpty", row::p37(), {A_mx({""}), R(), R(), R()}},
      {"P43_MxULabel", row::p43(), {A_mx({"m\xC3\xA4il.example.com"}), R(), R(), R()}},
      {"P38_Bom", row::p38(), {R(), R(), R(), R()}},
      {"P39_EmptyBody", row::p39(), {R(), R(), R(), R()}},
      {"P40_BlankLineInMiddle", row::p40(), {A(), A(), R(), R()}},
      {"P41_TrailingBlankLine", row::p41(), {A(), A(), R(), R()}},
      {"P42_LineWithoutColon", row::p42(), {A(), A(), R(), R()}},
      {"P49_GarbageFirstLine", row::p49(), {A(), A(), R(), R()}},
      {"P46_ModeTesting",
       row::p46(),
       {A_mode(pm::testing), A_mode(pm::testing), A_mode(pm::testing), A_mode(pm::testing)}},
      {"P47_ModeReport", row::p47(), {R(), R(), R(), R()}},
      {"P48_VersionSTSv2", row::p48(), {R(), R(), R(), R()}},
  };
  return rows;
}

struct profile_case {
  peer who;
  const table_row* row;
};

class PeerPolicyProfileCell : public ::testing::TestWithParam<profile_case> {};

TEST_P(PeerPolicyProfileCell, MatchesPeer) {
  const profile_case& c = GetParam();
  const auto profile = mtasts::find_profile(kProfileNames[c.who]);
  ASSERT_TRUE(profile.has_value()) << kProfileNames[c.who];
  const cell& want = c.row->cells[c.who];
  const auto r = mtasts::parse_policy(c.row->body, profile->policy);
  if (!want.accepted) {
    EXPECT_FALSE(r.ok()) << kProfileNames[c.who] << " accepts " << escape(c.row->body) << " as "
                         << describe(r.value()) << "; the peer rejects it";
    return;
  }
  ASSERT_TRUE(r.ok()) << kProfileNames[c.who] << " rejects " << escape(c.row->body) << " with "
                      << describe(r.error()) << "; the peer accepts it";
  const auto& p = r.value();
  if (want.mode) {
    EXPECT_EQ(mtasts::to_string(p.mode), mtasts::to_string(*want.mode));
  }
  if (want.max_age) {
    EXPECT_EQ(p.max_age, *want.max_age);
  }
  if (want.mx) {
    EXPECT_EQ(p.mx, *want.mx);
  }
  // The profile agrees with what the view overload and is_valid_policy say.
  EXPECT_TRUE(mtasts::is_valid_policy(c.row->body, profile->policy));
}

std::vector<profile_case> cases_for(peer who) {
  std::vector<profile_case> out;
  for (const table_row& r : table()) out.push_back({who, &r});
  return out;
}

std::string case_name(const ::testing::TestParamInfo<profile_case>& info) {
  return info.param.row->id;
}

INSTANTIATE_TEST_SUITE_P(PeerPolicyRows_pmsr, PeerPolicyProfileCell,
                         ::testing::ValuesIn(cases_for(pmsr)), case_name);
INSTANTIATE_TEST_SUITE_P(PeerPolicyRows_mailauth_strict, PeerPolicyProfileCell,
                         ::testing::ValuesIn(cases_for(mailauth7_strict)), case_name);
INSTANTIATE_TEST_SUITE_P(PeerPolicyRows_mox, PeerPolicyProfileCell,
                         ::testing::ValuesIn(cases_for(mox)), case_name);
INSTANTIATE_TEST_SUITE_P(PeerPolicyRows_postfix_tlspol, PeerPolicyProfileCell,
                         ::testing::ValuesIn(cases_for(tlspol)), case_name);

TEST(PeerPolicyRows, TableCoversEveryRow) {
  // P01 is the base policy itself; P02…P50 are all present (P44/P45, P25/P26 and P47/P48
  // split into one entry each).
  std::vector<std::string> ids;
  for (const table_row& r : table()) ids.push_back(r.id.substr(0, r.id.find('_')));
  for (int n = 2; n <= 50; ++n) {
    std::string id = (n < 10 ? "P0" : "P") + std::to_string(n);
    if (n == 18) {
      for (const char* sub : {"P18a", "P18b"}) {
        EXPECT_NE(std::find(ids.begin(), ids.end(), sub), ids.end()) << sub;
      }
      continue;
    }
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
}

}  // namespace
