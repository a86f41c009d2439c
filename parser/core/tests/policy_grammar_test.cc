// SPDX-License-Identifier: Apache-2.0
// The line grammar of the policy file (RFC 8461 §3.2 sts-policy-record; rfc-digest §1.5
// "What follows from the grammar": line structure, charset, names, extension values) and
// the decisions of docs/decisions.md.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_test_support.h"

namespace {

using mtasts::error_code;
using mtasts::policy_options;
using namespace mtasts_test;
using namespace std::string_literals;

// The base policy's lines, for building variants.
constexpr std::string_view kVersion = "version: STSv1";
constexpr std::string_view kMode = "mode: enforce";
constexpr std::string_view kMx = "mx: mail.example.com";
constexpr std::string_view kMaxAge = "max_age: 86400";

// The base policy with one extension line `line` appended (LF).
std::string base_plus(std::string_view line) {
  return std::string(kBase) + std::string(line) + "\n";
}

// The value of the only extension of body (which must parse).
std::string only_extension_value(std::string_view body) {
  const auto p = parsed(body);
  if (p.extensions.size() != 1) {
    ADD_FAILURE() << "expected one extension in " << describe(p);
    return {};
  }
  return p.extensions[0].second;
}

// ---------------------------------------------------------------------------------------
// Line terminators (R-3.2-10, A-5)

TEST(PolicyGrammar, R_3_2_10_LfLineEndings) {
  EXPECT_TRUE(SamePolicy(parsed(kBase), base_policy()));
}

TEST(PolicyGrammar, R_3_2_10_CrlfLineEndings) {
  EXPECT_TRUE(SamePolicy(parsed(to_crlf(kBase)), base_policy()));
}

TEST(PolicyGrammar, R_3_2_10_MixedLfAndCrlfLineEndings) {
  const std::string body =
      "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 86400\n";
  EXPECT_TRUE(SamePolicy(parsed(body), base_policy()));
  const std::string body2 =
      "version: STSv1\nmode: enforce\r\nmx: mail.example.com\nmax_age: 86400\r\n";
  EXPECT_TRUE(SamePolicy(parsed(body2), base_policy()));
}

TEST(PolicyGrammar, R_3_2_10_NoFinalTerminator) {
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, kMode, kMx, kMaxAge}, "\n", false)), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, kMode, kMx, kMaxAge}, "\r\n", false)), base_policy()));
}

TEST(PolicyGrammar, R_3_2_10_NoFinalTerminatorAfterTrailingWhitespace) {
  EXPECT_TRUE(SamePolicy(parsed(join({kVersion, kMode, kMx, "max_age: 86400 \t "}, "\n", false)),
                         base_policy()));
}

TEST(PolicyGrammar, A_5_LoneCrIsNotATerminator) {
  // A CR-only file: the first CR is the offending byte (line 1, column 15).
  const std::string body = join({kVersion, kMode, kMx, kMaxAge}, "\r");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BARE_CR, 14));
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(r.error().column, 15u);
}

TEST(PolicyGrammar, A_5_LoneCrOnALaterLine) {
  const std::string body = "version: STSv1\nmode: enforce\rmx: mail.example.com\nmax_age: 86400\n";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BARE_CR, 28));
}

TEST(PolicyGrammar, A_5_LoneCrAtEndOfInput) {
  const std::string body = join({kVersion, kMode, kMx, kMaxAge}, "\n", false) + "\r";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BARE_CR, body.size() - 1));
}

TEST(PolicyGrammar, A_5_CrInsideAValue) {
  const std::string body = base_plus("foo: a\rb");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BARE_CR, offset_of(body, "\r")));
}

TEST(PolicyGrammar, A_5_CrCrLfIsABareCrFollowedByCrlf) {
  const std::string body =
      "version: STSv1\r\r\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BARE_CR, 14));
}

TEST(PolicyGrammar, A_5_OptionAllowCrLineEndings) {
  policy_options o;
  o.allow_cr_line_endings = true;
  EXPECT_TRUE(SamePolicy(parsed(join({kVersion, kMode, kMx, kMaxAge}, "\r"), o), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, kMode, kMx, kMaxAge}, "\r", false), o), base_policy()));
  // CR, LF and CRLF mixed: CRLF is still one terminator, not a CR line plus an empty line.
  EXPECT_TRUE(SamePolicy(
      parsed("version: STSv1\rmode: enforce\r\nmx: mail.example.com\nmax_age: 86400\r", o),
      base_policy()));
  // The relaxation changes nothing else: strict-valid input gives the same fields.
  EXPECT_TRUE(SamePolicy(parsed(to_crlf(kBase), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
}

TEST(PolicyGrammar, A_5_NelAndUnicodeLineSeparatorsAreValueCharacters) {
  // U+0085 NEL, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+00A0 NBSP: ordinary
  // characters inside an extension value, not line breaks or whitespace.
  EXPECT_EQ(only_extension_value(base_plus("foo: a\xC2\x85"
                                           "b")),
            "a\xC2\x85"
            "b");
  EXPECT_EQ(only_extension_value(base_plus("foo: a\xE2\x80\xA8"
                                           "b")),
            "a\xE2\x80\xA8"
            "b");
  EXPECT_EQ(only_extension_value(base_plus("foo: a\xE2\x80\xA9"
                                           "b")),
            "a\xE2\x80\xA9"
            "b");
  EXPECT_EQ(only_extension_value(base_plus("foo: \xC2\xA0")), "\xC2\xA0");
  // At the end of a value they are part of it, not trailing whitespace.
  EXPECT_EQ(only_extension_value(base_plus("foo: bar\xC2\x85")), "bar\xC2\x85");
  EXPECT_EQ(only_extension_value(base_plus("foo: bar\xC2\xA0")), "bar\xC2\xA0");
}

TEST(PolicyGrammar, A_5_NelDoesNotEndTheModeLine) {
  // `mode: enforce<NEL>`: the value is "enforce\u0085", which is not a mode value; the line
  // is an extension and the missing mode is reported at the bad value.
  const std::string body = base_with_mode("enforce\xC2\x85");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_VALUE, offset_of(body, "enforce")));
  // A NEL "line" split does not create a second field.
  const std::string body2 = base_plus("foo: a\xC2\x85mode: none");
  EXPECT_EQ(parsed(body2).mode, mtasts::policy_mode::enforce);
}

// ---------------------------------------------------------------------------------------
// Blank lines, leading whitespace, comments

TEST(PolicyGrammar, A_6_BlankLineInTheMiddle) {
  const std::string body = join({kVersion, kMode, "", kMx, kMaxAge});
  // The empty line's terminator (offset 29) is the offending byte: line 3, column 1.
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BLANK_LINE, 29));
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 3u);
  EXPECT_EQ(r.error().column, 1u);
}

TEST(PolicyGrammar, A_6_BlankCrlfLineInTheMiddle) {
  const std::string body = join({kVersion, kMode, "", kMx, kMaxAge}, "\r\n");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BLANK_LINE, offset_of(body, "\r\n\r\n") + 2));
}

TEST(PolicyGrammar, A_6_BlankLineAtTheStart) {
  EXPECT_TRUE(RejectsAt("\n"s + std::string(kBase), error_code::POLICY_BLANK_LINE, 0));
  EXPECT_TRUE(RejectsAt("\r\n"s + to_crlf(kBase), error_code::POLICY_BLANK_LINE, 0));
}

TEST(PolicyGrammar, A_6_TrailingBlankLine) {
  // "\n\n" at the end: the second LF is an empty line (line 5, column 1).
  const std::string body = std::string(kBase) + "\n";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BLANK_LINE, kBase.size()));
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 5u);
  EXPECT_EQ(r.error().column, 1u);
}

TEST(PolicyGrammar, A_6_TrailingBlankLineCrlf) {
  const std::string base = to_crlf(kBase);
  EXPECT_TRUE(RejectsAt(base + "\r\n", error_code::POLICY_BLANK_LINE, base.size()));
}

TEST(PolicyGrammar, A_6_SeveralTrailingBlankLines) {
  const std::string body = std::string(kBase) + "\n\n\n";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BLANK_LINE, kBase.size()));
}

TEST(PolicyGrammar, A_6_BodyOfOnlyATerminator) {
  EXPECT_TRUE(RejectsAt("\n", error_code::POLICY_BLANK_LINE, 0));
  EXPECT_TRUE(RejectsAt("\r\n", error_code::POLICY_BLANK_LINE, 0));
}

TEST(PolicyGrammar, A_6_LeadingSpace) {
  const std::string body = join({kVersion, " mode: enforce", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_LEADING_WHITESPACE, 15));
}

TEST(PolicyGrammar, A_6_LeadingTab) {
  const std::string body = join({kVersion, "\tmode: enforce", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_LEADING_WHITESPACE, 15));
}

TEST(PolicyGrammar, A_6_LeadingWhitespaceOnTheFirstLine) {
  EXPECT_TRUE(RejectsAt(" "s + std::string(kBase), error_code::POLICY_LEADING_WHITESPACE, 0));
}

TEST(PolicyGrammar, A_6_NoFolding) {
  // RFC 5322-style continuation lines do not exist.
  const std::string body = base_plus("foo: bar\n baz");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_LEADING_WHITESPACE, offset_of(body, " baz")));
}

TEST(PolicyGrammar, A_6_LineOfOnlyWhitespace) {
  // Not an empty line, but a line starting with whitespace.
  const std::string body = join({kVersion, kMode, "   ", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_LEADING_WHITESPACE, 29));
}

TEST(PolicyGrammar, A_6_NoCommentSyntax) {
  // `#` cannot start a field name.
  const std::string body = join({"# policy: example", kVersion, kMode, kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_NAME_SYNTAX, 0));
  const std::string body2 = join({kVersion, kMode, kMx, kMaxAge, "; comment: x"});
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_NAME_SYNTAX, kBase.size()));
}

TEST(PolicyGrammar, A_6_OptionAllowBlankLines) {
  policy_options o;
  o.allow_blank_lines = true;
  EXPECT_TRUE(SamePolicy(parsed(join({kVersion, kMode, "", kMx, kMaxAge}), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(join({"", kVersion, kMode, kMx, kMaxAge}), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(std::string(kBase) + "\n", o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(std::string(kBase) + "\n\n\n", o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(to_crlf(kBase) + "\r\n", o), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, "", "", kMode, kMx, kMaxAge}, "\r\n"), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
  // Only blank lines are relaxed.
  EXPECT_TRUE(Rejects(join({kVersion, " mode: enforce", kMx, kMaxAge}),
                      error_code::POLICY_LEADING_WHITESPACE, o));
}

TEST(PolicyGrammar, A_6_OptionAllowWhitespaceAroundName) {
  policy_options o;
  o.allow_whitespace_around_name = true;
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, " mode: enforce", kMx, kMaxAge}), o), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, "mode : enforce", kMx, kMaxAge}), o), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, "\tmode\t: enforce", kMx, kMaxAge}), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
  // Only whitespace around the name is relaxed.
  EXPECT_TRUE(Rejects(std::string(kBase) + "\n", error_code::POLICY_BLANK_LINE, o));
}

// ---------------------------------------------------------------------------------------
// Colon and whitespace around it

TEST(PolicyGrammar, WhitespaceBeforeColonIsNameSyntax) {
  const std::string body = join({kVersion, "mode : enforce", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_NAME_SYNTAX, 19));  // the space after "mode"
  const std::string body2 = join({kVersion, "mode\t: enforce", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_NAME_SYNTAX, 19));
  const std::string body3 = base_plus("foo : bar");
  EXPECT_TRUE(RejectsAt(body3, error_code::POLICY_NAME_SYNTAX, kBase.size() + 3));
}

TEST(PolicyGrammar, LineWithoutColon) {
  // A line with no ':' at all is POLICY_MISSING_COLON, reported where the ':' was expected:
  // just after the name (here the space after "mx", offset 31; line 3, column 3).
  const std::string body = join({kVersion, kMode, "mx mail.example.com", kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MISSING_COLON, 31));
  const std::string body2 = base_plus("this is not a field");
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_MISSING_COLON, kBase.size() + 4));
}

TEST(PolicyGrammar, LineOfOnlyANameWithoutColon) {
  const std::string body = join({kVersion, kMode, "mx", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MISSING_COLON, 31));  // the LF after "mx"
}

TEST(PolicyGrammar, LineWithoutColonAtEndOfInput) {
  const std::string body = std::string(kBase) + "garbage";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MISSING_COLON, body.size()));
}

TEST(PolicyGrammar, NoSpaceAfterColon) {
  EXPECT_TRUE(SamePolicy(
      parsed(join({"version:STSv1", "mode:enforce", "mx:mail.example.com", "max_age:86400"})),
      base_policy()));
}

TEST(PolicyGrammar, TabAfterColon) {
  EXPECT_TRUE(SamePolicy(parsed(join({"version:\tSTSv1", "mode:\tenforce", "mx:\tmail.example.com",
                                      "max_age:\t86400"})),
                         base_policy()));
}

TEST(PolicyGrammar, SeveralWhitespaceAfterColon) {
  EXPECT_TRUE(SamePolicy(parsed(join({"version: \t STSv1", "mode:    enforce",
                                      "mx:\t\tmail.example.com", "max_age: \t86400"})),
                         base_policy()));
}

TEST(PolicyGrammar, TrailingWhitespaceAfterValue) {
  EXPECT_TRUE(SamePolicy(parsed(join({"version: STSv1 ", "mode: enforce\t",
                                      "mx: mail.example.com \t ", "max_age: 86400  "})),
                         base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(join({"version: STSv1 ", "mode: enforce\t",
                                      "mx: mail.example.com \t ", "max_age: 86400  "},
                                     "\r\n")),
                         base_policy()));
}

TEST(PolicyGrammar, ColonInsideAValue) {
  const auto p = parsed(base_plus("a:b: c:d"));
  ASSERT_EQ(p.extensions.size(), 1u);
  EXPECT_EQ(p.extensions[0].first, "a");
  EXPECT_EQ(p.extensions[0].second, "b: c:d");
}

TEST(PolicyGrammar, FieldsInAnyOrder) {
  EXPECT_TRUE(SamePolicy(parsed(join({kMaxAge, kMx, kMode, kVersion})), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(join({kMx, kVersion, kMaxAge, kMode})), base_policy()));
  auto with_foo = base_policy();
  with_foo.extensions.emplace_back("foo", "bar");
  EXPECT_TRUE(SamePolicy(parsed(join({"foo: bar", kMode, kMx, kMaxAge, kVersion})), with_foo));
}

// ---------------------------------------------------------------------------------------
// Whole body

TEST(PolicyGrammar, EmptyBody) { EXPECT_TRUE(RejectsAt("", error_code::POLICY_EMPTY, 0)); }

TEST(PolicyGrammar, A_12_LeadingBomIsRejected) {
  const std::string body = "\xEF\xBB\xBF" + std::string(kBase);
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BOM, 0));
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 1u);
  EXPECT_EQ(r.error().column, 1u);
  EXPECT_TRUE(RejectsAt("\xEF\xBB\xBF" + to_crlf(kBase), error_code::POLICY_BOM, 0));
}

TEST(PolicyGrammar, A_12_OptionAllowLeadingBom) {
  policy_options o;
  o.allow_leading_bom = true;
  EXPECT_TRUE(SamePolicy(parsed("\xEF\xBB\xBF" + std::string(kBase), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
  // Only one BOM, and only before the first field.
  EXPECT_TRUE(RejectsAny("\xEF\xBB\xBF\xEF\xBB\xBF" + std::string(kBase), o));
  EXPECT_TRUE(RejectsAny(join({kVersion, "\xEF\xBB\xBFmode: enforce", kMx, kMaxAge}), o));
}

TEST(PolicyGrammar, BomOnALaterLineIsNotAFieldName) {
  const std::string body = join({kVersion, "\xEF\xBB\xBFmode: enforce", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAny(body));
}

// ---------------------------------------------------------------------------------------
// Extension names: (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")

TEST(PolicyGrammar, ExtensionNameOf32CharactersIsAccepted) {
  const std::string name(32, 'a');
  const auto p = parsed(base_plus(name + ": x"));
  ASSERT_EQ(p.extensions.size(), 1u);
  EXPECT_EQ(p.extensions[0].first, name);
}

TEST(PolicyGrammar, ExtensionNameOf33CharactersIsNameSyntax) {
  const std::string body = base_plus(std::string(33, 'a') + ": x");
  EXPECT_TRUE(Rejects(body, error_code::POLICY_NAME_SYNTAX));
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 5u);
}

TEST(PolicyGrammar, ExtensionNameCharacters) {
  const auto p = parsed(base_plus("a: 1") + "9_-.x: 2\n" + "A.b-C_d: 3\n" + "0: 4\n");
  ASSERT_EQ(p.extensions.size(), 4u);
  EXPECT_EQ(p.extensions[0].first, "a");
  EXPECT_EQ(p.extensions[1].first, "9_-.x");
  EXPECT_EQ(p.extensions[2].first, "A.b-C_d");
  EXPECT_EQ(p.extensions[3].first, "0");
}

TEST(PolicyGrammar, ExtensionNameMustStartWithAlphanumeric) {
  for (std::string_view bad : {"_foo: x", "-foo: x", ".foo: x"}) {
    EXPECT_TRUE(RejectsAt(base_plus(bad), error_code::POLICY_NAME_SYNTAX, kBase.size())) << bad;
  }
}

TEST(PolicyGrammar, EmptyFieldName) {
  EXPECT_TRUE(RejectsAt(base_plus(": x"), error_code::POLICY_NAME_SYNTAX, kBase.size()));
}

TEST(PolicyGrammar, ExtensionNameWithForbiddenCharacter) {
  EXPECT_TRUE(RejectsAt(base_plus("fo/o: x"), error_code::POLICY_NAME_SYNTAX, kBase.size() + 2));
  EXPECT_TRUE(RejectsAt(base_plus("fo+o: x"), error_code::POLICY_NAME_SYNTAX, kBase.size() + 2));
  EXPECT_TRUE(RejectsAt(base_plus("fo=o: x"), error_code::POLICY_NAME_SYNTAX, kBase.size() + 2));
}

TEST(PolicyGrammar, NonAsciiExtensionNameIsNameSyntax) {
  EXPECT_TRUE(Rejects(base_plus("f\xC3\xB6o: x"), error_code::POLICY_NAME_SYNTAX));
}

// ---------------------------------------------------------------------------------------
// Extension values: vchar [*(SP / vchar) vchar], UTF-8 allowed, no CTLs

TEST(PolicyGrammar, ExtensionValueWithInnerSpaces) {
  EXPECT_EQ(only_extension_value(base_plus("foo: a b  c")), "a b  c");
}

TEST(PolicyGrammar, ExtensionValueWithInnerTabIsValueSyntax) {
  // The HTAB is the offending byte: it can only be trailing whitespace, and a vchar follows.
  const std::string body = base_plus("foo: a\tb");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VALUE_SYNTAX, kBase.size() + 6));
  const std::string body2 = base_plus("foo: a \t b");
  EXPECT_TRUE(Rejects(body2, error_code::POLICY_VALUE_SYNTAX));
  const std::string body3 = base_with_mode("en\tforce");
  EXPECT_TRUE(RejectsAt(body3, error_code::POLICY_VALUE_SYNTAX, 23));
}

TEST(PolicyGrammar, ExtensionValueWithTrailingTabAndSpace) {
  EXPECT_EQ(only_extension_value(base_plus("foo: bar\t")), "bar");
  EXPECT_EQ(only_extension_value(base_plus("foo: bar \t ")), "bar");
  EXPECT_EQ(only_extension_value(base_plus("foo: a b ")), "a b");
}

TEST(PolicyGrammar, ExtensionValueOfOneCharacter) {
  EXPECT_EQ(only_extension_value(base_plus("foo: x")), "x");
  EXPECT_EQ(only_extension_value(base_plus("foo:~")), "~");
}

TEST(PolicyGrammar, ExtensionValueWithAllPrintableAscii) {
  std::string value;
  for (char c = 0x21; c < 0x7F; ++c) value += c;
  EXPECT_EQ(only_extension_value(base_plus("foo: " + value)), value);
}

TEST(PolicyGrammar, EmptyExtensionValueIsValueSyntax) {
  const std::string body = base_plus("foo:");
  // The value is expected where the terminator is.
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VALUE_SYNTAX, body.size() - 1));
}

TEST(PolicyGrammar, WhitespaceOnlyExtensionValueIsValueSyntax) {
  EXPECT_TRUE(Rejects(base_plus("foo:   "), error_code::POLICY_VALUE_SYNTAX));
  EXPECT_TRUE(Rejects(base_plus("foo: \t"), error_code::POLICY_VALUE_SYNTAX));
}

TEST(PolicyGrammar, EmptyValueAtEndOfInput) {
  const std::string body = std::string(kBase) + "foo:";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VALUE_SYNTAX, body.size()));
}

TEST(PolicyGrammar, ControlCharactersInAValue) {
  for (char c : {'\0', '\x01', '\x08', '\x0B', '\x0C', '\x1B', '\x1F', '\x7F'}) {
    const std::string body = base_plus("foo: a"s + c + "b");
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_CONTROL_CHARACTER, kBase.size() + 6))
        << static_cast<int>(c);
  }
}

TEST(PolicyGrammar, ControlCharacterAtEndOfAValue) {
  const std::string body = base_plus("foo: ab\x7F");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_CONTROL_CHARACTER, kBase.size() + 7));
  const std::string body2 = base_with_mode("enforce\x0C");
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_CONTROL_CHARACTER, offset_of(body2, "\x0C")));
}

TEST(PolicyGrammar, ControlCharacterInAName) {
  const std::string body = base_plus("fo\x01o: x");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_CONTROL_CHARACTER, kBase.size() + 2));
}

TEST(PolicyGrammar, NulInTheMiddleOfTheBodyIsNotAnEnd) {
  // The body is a string_view with its size; a NUL byte does not end it.
  const std::string body = "version: STSv1\n"s + '\0' + "mode: enforce\n";
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_CONTROL_CHARACTER, 15));
}

TEST(PolicyGrammar, WellFormedUtf8InAValue) {
  // 2-, 3- and 4-byte sequences at their boundaries.
  for (std::string_view v : {"\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                             "\xEF\xBF\xBD", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
                             "caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x93\xA7 mail"}) {
    EXPECT_EQ(only_extension_value(base_plus("foo: " + std::string(v))), v) << escape(v);
  }
}

TEST(PolicyGrammar, IllFormedUtf8InAValue) {
  // Each sequence starts at the value's first byte (offset kBase.size() + 5).
  for (std::string_view v : {
           "\x80",              // lone continuation byte
           "\xBF",              // lone continuation byte
           "\xC0\x80",          // overlong NUL
           "\xC1\xBF",          // overlong
           "\xE0\x80\x80",      // overlong 3-byte
           "\xE0\x9F\xBF",      // overlong 3-byte
           "\xED\xA0\x80",      // surrogate U+D800
           "\xED\xBF\xBF",      // surrogate U+DFFF
           "\xF0\x80\x80\x80",  // overlong 4-byte
           "\xF0\x8F\xBF\xBF",  // overlong 4-byte
           "\xF4\x90\x80\x80",  // above U+10FFFF
           "\xF5\x80\x80\x80",  // invalid lead byte
           "\xFE",              // invalid byte
           "\xFF",              // invalid byte
           "\xC3",              // truncated 2-byte (followed by LF)
           "\xE2\x82",          // truncated 3-byte (followed by LF)
           "\xF0\x9F\x93",      // truncated 4-byte (followed by LF)
           "\xE2\x28\xA1",      // bad continuation
       }) {
    const std::string body = base_plus("foo: " + std::string(v) + "x");
    EXPECT_TRUE(Rejects(body, error_code::POLICY_INVALID_UTF8)) << escape(v);
    const std::string body2 = base_plus("foo: " + std::string(v));
    EXPECT_TRUE(Rejects(body2, error_code::POLICY_INVALID_UTF8)) << escape(v);
  }
}

TEST(PolicyGrammar, IllFormedUtf8Offsets) {
  // A byte that can never start a sequence is itself the offending byte.
  const std::string body = base_plus("foo: ab\xFF");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_INVALID_UTF8, kBase.size() + 7));
  const std::string body2 = base_plus("foo: ab\x80");
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_INVALID_UTF8, kBase.size() + 7));
  const std::string body3 = base_plus("foo: ab\xC0\x80");
  EXPECT_TRUE(RejectsAt(body3, error_code::POLICY_INVALID_UTF8, kBase.size() + 7));
}

TEST(PolicyGrammar, TruncatedUtf8AtEndOfInput) {
  const std::string body = std::string(kBase) + "foo: ab\xE2\x82";
  EXPECT_TRUE(Rejects(body, error_code::POLICY_INVALID_UTF8));
  const std::string body2 = std::string(kBase) + "foo: \xC3";
  EXPECT_TRUE(Rejects(body2, error_code::POLICY_INVALID_UTF8));
}

TEST(PolicyGrammar, IllFormedUtf8InAName) {
  EXPECT_TRUE(Rejects(base_plus("f\xC0\x80o: x"), error_code::POLICY_INVALID_UTF8));
}

// ---------------------------------------------------------------------------------------
// Error reporting order: the first problem scanning left to right, then required fields.

TEST(PolicyGrammar, LineErrorsBeatMissingFields) {
  // mode is missing, but a later line does not fit the grammar: the line error wins.
  const std::string body = join({kVersion, kMx, kMaxAge, "nocolon"});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MISSING_COLON, body.size() - 1));
}

TEST(PolicyGrammar, LineErrorsBeatBadValues) {
  // `mode: Enforce` fits the extension production; the later bare CR is reported.
  const std::string body = join({kVersion, "mode: Enforce", kMx, kMaxAge, "foo: a\rb"});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_BARE_CR, offset_of(body, "\r")));
}

TEST(PolicyGrammar, LeftToRightWithinALine) {
  // A control character (or ill-formed UTF-8) before a bare CR on the same line is the first
  // problem scanning left to right; it is also first under a "charset before line structure"
  // reading of docs/decisions.md.
  const std::string body = base_plus(
      "foo: a\x01"
      "b\rc");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_CONTROL_CHARACTER, kBase.size() + 6));
  const std::string body2 = base_plus(
      "foo: a\xFF"
      "b\rc");
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_INVALID_UTF8, kBase.size() + 6));
}

TEST(PolicyGrammar, FirstLineErrorWins) {
  const std::string body = join({kVersion, "mode : enforce", kMx, kMaxAge, "", "x"});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_NAME_SYNTAX, 19));
  const std::string body2 = join({kVersion, kMode, "", " mx: mail.example.com", kMaxAge});
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_BLANK_LINE, 29));
}

}  // namespace
