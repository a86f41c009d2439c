// SPDX-License-Identifier: Apache-2.0
// Unit tests of the _mta-sts TXT record parser (RFC 8461 §3.1, docs/requirements.md;
// docs/decisions.md A-1, A-3, A-4). Test names carry the requirement or ambiguity id.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/extension.h"
#include "mtasts/options.h"
#include "mtasts/txt_record.h"
#include "record_test_support.h"

namespace {

using mtasts::error_code;
using mtasts::extension;
using mtasts::parse_txt_record;
using mtasts::txt_options;

using namespace std::string_view_literals;

using namespace mtasts_test;

// The 33 ASCII letters/digits used for id boundary tests.
std::string Alnum(std::size_t n) {
  static constexpr std::string_view kChars =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s.push_back(kChars[i % kChars.size()]);
  return s;
}

// Strict-valid records used by the round-trip, agreement and superset checks.
const std::vector<std::string_view>& ValidCorpus() {
  static const std::vector<std::string_view> corpus = {
      "v=STSv1; id=20160831085700Z;",
      "v=STSv1; id=20160831085700Z",
      "v=STSv1;id=abc",
      "v=STSv1 ;id=abc",
      "v=STSv1 \t; \tid=abc \t;\t ",
      "v=STSv1; id=abc; ext=foo",
      "v=STSv1; ext=foo; id=abc; other.name_x-y=<a:b,c/d>~",
      "v=STSv1; id=abc; id=def",
      "v=STSv1; id=abc-def; id=abc",
      "v=STSv1; ID=x; id=y",
      "v=STSv1; id=a; v=STSv2",
      "v=STSv1; id=ABCDEFGHIJKLMNOPQRSTUVWXYZ012345",
      "v=STSv1; id=1; 9=9; A.b-c_d=!\"#$%&'()*+,-./:<>?@[\\]^_`{|}~",
  };
  return corpus;
}

// Records that strict parsing rejects (some are accepted by relaxations).
const std::vector<std::string_view>& InvalidCorpus() {
  static const std::vector<std::string_view> corpus = {
      "",
      "v=STSv1",
      "v=STSv1;",
      "v=STSv1; ",
      "v=STSv1; id=",
      "v=STSv1; id=abc ",
      "v=STSv1; id=abc\t",
      "v=STSv1; id=abc;;",
      "v=STSv1;; id=abc",
      "v=STSv1; id=abc; ;",
      "v=STSv1; id=abc def",
      "v=STSv1; id=abc-def",
      "v=STSv1; id=abcdefghijklmnopqrstuvwxyz0123456",
      "v=STSv1; ID=abc",
      "V=STSv1; id=abc",
      "v=stsv1; id=abc",
      "v=STSv2; id=abc",
      " v=STSv1; id=abc",
      "id=abc; v=STSv1",
      "v = STSv1; id = abc",
      "v=STSv1; id=abc; ext=",
      "v=STSv1; id=abc; ext",
      "v=STSv1; id=abc; ext=a=b",
      "v=STSv1; id=abc; _ext=1",
      "v=STSv1; id=abc\r\n",
      "v=STSv1; id=abc\x7f",
      "v=STSv1; id=abc; e=\xc3\xa9",
      "v=STSv1 id=abc",
  };
  return corpus;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// R-3.1-2: US-ASCII key=value pairs separated by semicolons.

TEST(TxtRecord, R_3_1_2_MinimalRecordParses) {
  auto r = parse_txt_record("v=STSv1; id=20160831085700Z;");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "20160831085700Z");
  EXPECT_TRUE(r->extensions().empty());
}

TEST(TxtRecord, R_3_1_2_SemicolonSeparatedPairsWithoutSpaces) {
  auto r = parse_txt_record("v=STSv1;id=abc;ext=1");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"ext", "1"}}));
}

TEST(TxtRecord, R_3_1_2_EmptyRecordIsTxtEmpty) {
  EXPECT_TRUE(FailsAt(parse_txt_record(""), error_code::TXT_EMPTY, 0));
}

TEST(TxtRecord, R_3_1_2_ByteAbove7FIsNonAscii) {
  for (char c : {'\x80', '\xa0', '\xc3', '\xff'}) {
    std::string rec = "v=STSv1; id=abc; e=x";
    rec.push_back(c);
    SCOPED_TRACE(static_cast<int>(static_cast<unsigned char>(c)));
    EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_NON_ASCII, 20));
  }
  // A UTF-8 letter inside the id.
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=m\xc3\xbcnchen"), error_code::TXT_NON_ASCII));
}

TEST(TxtRecord, R_3_1_2_ControlCharactersAreRejected) {
  // NUL, CR, LF, DEL and the other CTLs (HTAB excepted: it is WSP).
  for (char c : {'\0', '\r', '\n', '\x7f', '\x01', '\x0b', '\x1f'}) {
    std::string rec = "v=STSv1; id=ab";
    rec.push_back(c);
    rec += "cd";
    SCOPED_TRACE(static_cast<int>(c));
    EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_CONTROL_CHARACTER, 14));
  }
}

TEST(TxtRecord, R_3_1_2_CrLfAtEndIsControlCharacter) {
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc\r\n"), error_code::TXT_CONTROL_CHARACTER, 15));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc\n"), error_code::TXT_CONTROL_CHARACTER, 15));
}

TEST(TxtRecord, R_3_1_2_NulIsNotATerminator) {
  // The input is a sized view: bytes after an embedded NUL are still seen.
  constexpr std::string_view rec = "v=STSv1; id=abc\0; ext=1"sv;
  static_assert(rec.size() == 23);
  EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_CONTROL_CHARACTER, 15));
}

TEST(TxtRecord, R_3_1_2_FieldWithoutEqualsIsFieldSyntax) {
  // (No offset rule in docs/decisions.md for a field without "=".)
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=abc; ext"), error_code::TXT_FIELD_SYNTAX));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=abc; ext;"), error_code::TXT_FIELD_SYNTAX));
}

TEST(TxtRecord, R_3_1_2_VersionFollowedByFieldWithoutDelimiterIsDelimiter) {
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1 id=abc"), error_code::TXT_DELIMITER));
}

// ---------------------------------------------------------------------------------------
// R-3.1-3: v is required and is STSv1; id is required.

TEST(TxtRecord, R_3_1_3_VersionMissing) {
  EXPECT_TRUE(FailsWith(parse_txt_record("id=abc"), error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(FailsWith(parse_txt_record("ext=1; id=abc"), error_code::TXT_VERSION_MISSING));
}

TEST(TxtRecord, R_3_1_3_VersionValueOtherThanSTSv1) {
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv2; id=abc"), error_code::TXT_VERSION_VALUE, 2));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv10; id=abc"), error_code::TXT_VERSION_VALUE, 2));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1x; id=abc"), error_code::TXT_VERSION_VALUE, 2));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=TLSRPTv1; id=abc"), error_code::TXT_VERSION_VALUE, 2));
}

TEST(TxtRecord, R_3_1_3_VersionIsCaseSensitive) {
  // %s"v=STSv1": both the name and the value are case-sensitive.
  EXPECT_TRUE(FailsAt(parse_txt_record("v=stsv1; id=abc"), error_code::TXT_VERSION_VALUE, 2));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSV1; id=abc"), error_code::TXT_VERSION_VALUE, 2));
  EXPECT_TRUE(FailsWith(parse_txt_record("V=STSv1; id=abc"), error_code::TXT_VERSION_MISSING));
}

TEST(TxtRecord, R_3_1_3_IdMissingPointsAtEndOfInput) {
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1"), error_code::TXT_ID_MISSING, 7));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1;"), error_code::TXT_ID_MISSING, 8));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; ext=1"), error_code::TXT_ID_MISSING, 14));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; ext=1;"), error_code::TXT_ID_MISSING, 15));
}

TEST(TxtRecord, R_3_1_3_IdKeyIsCaseSensitive) {
  // `ID=abc` fits only sts-extension: the record has no sts-id.
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; ID=abc"), error_code::TXT_ID_MISSING, 15));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; Id=abc;"), error_code::TXT_ID_MISSING, 16));
  auto r = parse_txt_record("v=STSv1; ID=abc; id=def");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "def");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"ID", "abc"}}));
}

// ---------------------------------------------------------------------------------------
// R-3.1-5: the version comes first; the order of the other fields does not matter.

TEST(TxtRecord, R_3_1_5_VersionMustBeFirst) {
  EXPECT_TRUE(FailsWith(parse_txt_record("id=abc; v=STSv1"), error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(FailsWith(parse_txt_record("id=abc; v=STSv1;"), error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(
      FailsWith(parse_txt_record("ext=1; v=STSv1; id=abc"), error_code::TXT_VERSION_MISSING));
}

TEST(TxtRecord, R_3_1_5_NoWhitespaceBeforeVersion) {
  EXPECT_TRUE(FailsWith(parse_txt_record(" v=STSv1; id=abc"), error_code::TXT_VERSION_MISSING));
  EXPECT_TRUE(FailsWith(parse_txt_record("\tv=STSv1; id=abc"), error_code::TXT_VERSION_MISSING));
}

TEST(TxtRecord, R_3_1_5_OrderOfOtherFieldsIsFree) {
  auto r = parse_txt_record("v=STSv1; a=1; b=2; id=xyz; c=3");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "xyz");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"a", "1"}, {"b", "2"}, {"c", "3"}}));
}

// ---------------------------------------------------------------------------------------
// R-3.2-P: unknown fields are accepted and ignored; the first occurrence of a field counts.

TEST(TxtRecord, R_3_2_P_UnknownFieldsAreIgnoredAndKeptInOrder) {
  auto r = parse_txt_record("v=STSv1; zeta=9; id=abc; alpha=1; mid.dle_x-y=<v>");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
  EXPECT_EQ(Extensions(*r),
            (std::vector<extension>{{"zeta", "9"}, {"alpha", "1"}, {"mid.dle_x-y", "<v>"}}));
}

TEST(TxtRecord, R_3_2_P_FirstIdWins) {
  auto r = parse_txt_record("v=STSv1; id=abc; id=def");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
  // The second id is an sts-id, not an extension.
  EXPECT_TRUE(r->extensions().empty());
}

TEST(TxtRecord, R_3_2_P_FirstIdWinsAmongThree) {
  auto r = parse_txt_record("v=STSv1; id=one; ext=x; id=two; id=three");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "one");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"ext", "x"}}));
}

TEST(TxtRecord, R_3_2_P_ExtensionNamedVIsAllowed) {
  // The grammar does not stop an extension from being called `v` (digest §1.4).
  auto r = parse_txt_record("v=STSv1; id=a; v=STSv2");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "a");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"v", "STSv2"}}));
}

// ---------------------------------------------------------------------------------------
// "What follows from the grammar" (digest §1.4): id.

TEST(TxtRecord, IdOf32AlnumIsValid) {
  const std::string id = Alnum(32);
  auto rec = "v=STSv1; id=" + id;
  auto r = parse_txt_record(rec);
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, id);
}

TEST(TxtRecord, IdOf33AlnumIsIdSyntaxAtValue) {
  auto rec = "v=STSv1; id=" + Alnum(33);
  EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_ID_SYNTAX, 12));
  auto with_semicolon = rec + ";";
  EXPECT_TRUE(FailsAt(parse_txt_record(with_semicolon), error_code::TXT_ID_SYNTAX, 12));
}

TEST(TxtRecord, IdOfOneCharIsValid) {
  auto r = parse_txt_record("v=STSv1; id=7");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "7");
}

TEST(TxtRecord, IdMixedCaseLettersAndDigitsKeptAsWritten) {
  auto r = parse_txt_record("v=STSv1; id=AbC019xyZ");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "AbC019xyZ");
}

TEST(TxtRecord, EmptyIdIsIdSyntax) {
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id="), error_code::TXT_ID_SYNTAX, 12));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=;"), error_code::TXT_ID_SYNTAX, 12));
}

TEST(TxtRecord, IdWithPunctuationIsIdSyntax) {
  for (std::string_view rec : {"v=STSv1; id=abc-def", "v=STSv1; id=abc_def", "v=STSv1; id=abc.def",
                               "v=STSv1; id=abc+def", "v=STSv1; id=2024:01"}) {
    SCOPED_TRACE(rec);
    EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_ID_SYNTAX, 12));
  }
}

// ---------------------------------------------------------------------------------------
// Extension names and values.

TEST(TxtRecord, ExtensionNameOf32CharsIsValid) {
  const std::string name = "a" + std::string(31, 'b');
  const std::string rec = "v=STSv1; id=abc; " + name + "=1";
  auto r = parse_txt_record(rec);
  ASSERT_TRUE(Parses(r));
  auto ext = Extensions(*r);
  ASSERT_EQ(ext.size(), 1u);
  EXPECT_EQ(ext[0].name, name);
  EXPECT_EQ(ext[0].value, "1");
}

TEST(TxtRecord, ExtensionNameOf33CharsIsNameSyntaxAtName) {
  const std::string rec = "v=STSv1; id=abc; a" + std::string(32, 'b') + "=1";
  EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_EXTENSION_NAME_SYNTAX, 17));
}

TEST(TxtRecord, ExtensionNameMustStartWithLetterOrDigit) {
  for (std::string_view rec :
       {"v=STSv1; id=abc; _x=1", "v=STSv1; id=abc; -x=1", "v=STSv1; id=abc; .x=1"}) {
    SCOPED_TRACE(rec);
    EXPECT_TRUE(FailsAt(parse_txt_record(rec), error_code::TXT_EXTENSION_NAME_SYNTAX, 17));
  }
  auto r = parse_txt_record("v=STSv1; id=abc; 9x_-.Y=1");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"9x_-.Y", "1"}}));
}

TEST(TxtRecord, ExtensionNameWithOtherCharacterIsNameSyntax) {
  // The error points at the character no name may hold.
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=abc; x+y=1"),
                      error_code::TXT_EXTENSION_NAME_SYNTAX, 18));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=abc; x/y=1"),
                      error_code::TXT_EXTENSION_NAME_SYNTAX, 18));
}

TEST(TxtRecord, ExtensionValueAllowsEveryPrintableExceptSemicolonAndEquals) {
  std::string value;
  for (int c = 0x21; c <= 0x7e; ++c) {
    if (c != ';' && c != '=') value.push_back(static_cast<char>(c));
  }
  const std::string rec = "v=STSv1; id=abc; x=" + value;
  auto r = parse_txt_record(rec);
  ASSERT_TRUE(Parses(r));
  auto ext = Extensions(*r);
  ASSERT_EQ(ext.size(), 1u);
  EXPECT_EQ(ext[0].value, value);
}

TEST(TxtRecord, ExtensionValueEmptyIsValueSyntaxAtValue) {
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=a; ext="), error_code::TXT_EXTENSION_VALUE_SYNTAX, 19));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=a; ext=;"),
                      error_code::TXT_EXTENSION_VALUE_SYNTAX, 19));
}

TEST(TxtRecord, EqualsInsideExtensionValueIsValueSyntax) {
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=a; ext=a=b"),
                      error_code::TXT_EXTENSION_VALUE_SYNTAX, 20));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=a; ext=="),
                      error_code::TXT_EXTENSION_VALUE_SYNTAX, 19));
}

TEST(TxtRecord, EqualsInsideIdValueIsRejected) {
  // `id=a=b` fits neither sts-id nor sts-extension.
  EXPECT_FALSE(parse_txt_record("v=STSv1; id=a=b").ok());
  EXPECT_FALSE(mtasts::is_valid_txt_record("v=STSv1; id=a=b"));
}

TEST(TxtRecord, SpaceInsideValueIsDelimiter) {
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=abc def"), error_code::TXT_DELIMITER));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=a; ext=x y"), error_code::TXT_DELIMITER));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=a; ext=x\ty"), error_code::TXT_DELIMITER));
}

TEST(TxtRecord, WhitespaceAroundEqualsIsRejected) {
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=a; ext =1"), error_code::TXT_FIELD_SYNTAX));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=a; ext= 1"),
                      error_code::TXT_EXTENSION_VALUE_SYNTAX, 19));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id =abc"), error_code::TXT_FIELD_SYNTAX));
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id= abc"), error_code::TXT_ID_SYNTAX, 12));
  EXPECT_FALSE(parse_txt_record("v =STSv1; id=abc").ok());
  EXPECT_FALSE(parse_txt_record("v= STSv1; id=abc").ok());
}

TEST(TxtRecord, DoubleSemicolonIsEmptyField) {
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=abc;;"), error_code::TXT_EMPTY_FIELD));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1;; id=abc"), error_code::TXT_EMPTY_FIELD));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=abc; ;"), error_code::TXT_EMPTY_FIELD));
  EXPECT_TRUE(FailsWith(parse_txt_record("v=STSv1; id=abc;;ext=1"), error_code::TXT_EMPTY_FIELD));
}

TEST(TxtRecord, OneTrailingSemicolonIsAllowed) {
  for (std::string_view rec : {"v=STSv1; id=abc;", "v=STSv1; id=abc; ", "v=STSv1; id=abc ;",
                               "v=STSv1; id=abc\t;\t", "v=STSv1; id=abc"}) {
    SCOPED_TRACE(rec);
    auto r = parse_txt_record(rec);
    ASSERT_TRUE(Parses(r));
    EXPECT_EQ(r->id, "abc");
  }
}

TEST(TxtRecord, TrailingWhitespaceWithoutSemicolonIsRejected) {
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc "), error_code::TXT_TRAILING_WHITESPACE, 15));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc\t"), error_code::TXT_TRAILING_WHITESPACE, 15));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc  \t"), error_code::TXT_TRAILING_WHITESPACE, 15));
}

TEST(TxtRecord, WhitespaceAroundSemicolonsIsAllowed) {
  auto r = parse_txt_record("v=STSv1 \t; \t id=abc  ;  ext=1");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"ext", "1"}}));
}

// ---------------------------------------------------------------------------------------
// Ambiguities (docs/decisions.md).

TEST(TxtRecord, A_1_SpaceBeforeFirstSemicolonIsValidInASingleRecord) {
  auto r = parse_txt_record("v=STSv1 ;id=x");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "x");
}

TEST(TxtRecord, A_3_DuplicateIdFirstWinsByDefault) {
  auto r = parse_txt_record("v=STSv1; id=abc; id=def");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
}

TEST(TxtRecord, A_3_DuplicateIdLastOption) {
  txt_options o;
  o.duplicate_id = mtasts::duplicate_field::last;
  auto r = parse_txt_record("v=STSv1; id=abc; id=def", o);
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "def");
  auto three = parse_txt_record("v=STSv1; id=a; id=b; ext=1; id=c", o);
  ASSERT_TRUE(Parses(three));
  EXPECT_EQ(three->id, "c");
}

TEST(TxtRecord, A_3_DuplicateIdLastOptionCountsOnlyValidIds) {
  // "which of several valid id fields counts": `id=abc-def` is an extension (A-4).
  txt_options o;
  o.duplicate_id = mtasts::duplicate_field::last;
  auto r = parse_txt_record("v=STSv1; id=abc; id=abc-def", o);
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
}

TEST(TxtRecord, A_3_DuplicateIdRejectOption) {
  txt_options o;
  o.duplicate_id = mtasts::duplicate_field::reject;
  // The error points at the repeated field (its name): not a bad value.
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc; id=def", o), error_code::TXT_ID_DUPLICATE, 17));
  // A single id is still fine.
  EXPECT_TRUE(Parses(parse_txt_record("v=STSv1; id=abc; ext=def", o)));
}

TEST(TxtRecord, A_4_MalformedIdIsAnExtension) {
  auto r = parse_txt_record("v=STSv1; id=abc-def; id=ok");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "ok");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"id", "abc-def"}}));
}

TEST(TxtRecord, A_4_MalformedIdAfterValidIdIsAnExtension) {
  auto r = parse_txt_record("v=STSv1; id=ok; id=abc-def");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "ok");
  EXPECT_EQ(Extensions(*r), (std::vector<extension>{{"id", "abc-def"}}));
}

TEST(TxtRecord, A_4_OnlyMalformedIdReportsIdSyntaxAtTheBadOccurrence) {
  // Not TXT_ID_MISSING: the token names the bad occurrence, at the start of its value.
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; id=abc-def"), error_code::TXT_ID_SYNTAX, 12));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; ext=1; id=a_b; id=c.d"), error_code::TXT_ID_SYNTAX, 19));
}

TEST(TxtRecord, A_4_MalformedIdRejectOption) {
  txt_options o;
  o.malformed_id = mtasts::malformed_registered_field::reject;
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=ok; id=abc-def", o), error_code::TXT_ID_SYNTAX, 19));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc-def; id=ok", o), error_code::TXT_ID_SYNTAX, 12));
  EXPECT_TRUE(Parses(parse_txt_record("v=STSv1; id=ok; ext=abc-def", o)));
}

TEST(TxtRecord, A_4_MalformedIdValidateChosenOption) {
  // pmsr: the duplicate rule picks an `id` by name; only that one is checked.
  txt_options o;
  o.malformed_id = mtasts::malformed_registered_field::validate_chosen;
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=abc-def; id=ok", o), error_code::TXT_ID_SYNTAX, 12));
  auto r = parse_txt_record("v=STSv1; id=ok; id=abc-def", o);
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "ok");

  o.duplicate_id = mtasts::duplicate_field::last;
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=ok; id=abc-def", o), error_code::TXT_ID_SYNTAX, 19));
  auto last = parse_txt_record("v=STSv1; id=abc-def; id=ok", o);
  ASSERT_TRUE(Parses(last));
  EXPECT_EQ(last->id, "ok");
}

// ---------------------------------------------------------------------------------------
// Relaxations.

TEST(TxtRecord, AllowTrailingWhitespaceOption) {
  txt_options o;
  o.allow_trailing_whitespace = true;
  auto r = parse_txt_record("v=STSv1; id=abc \t", o);
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id, "abc");
  EXPECT_TRUE(r->extensions().empty());
  auto ext = parse_txt_record("v=STSv1; id=abc; e=1 ", o);
  ASSERT_TRUE(Parses(ext));
  EXPECT_EQ(Extensions(*ext), (std::vector<extension>{{"e", "1"}}));
}

TEST(TxtRecord, AllowEmptyFieldsOption) {
  txt_options o;
  o.allow_empty_fields = true;
  for (std::string_view rec : {"v=STSv1; id=abc;;", "v=STSv1;; id=abc", "v=STSv1; ;id=abc; ; ;"}) {
    SCOPED_TRACE(rec);
    auto r = parse_txt_record(rec, o);
    ASSERT_TRUE(Parses(r));
    EXPECT_EQ(r->id, "abc");
    EXPECT_TRUE(r->extensions().empty());
  }
}

TEST(TxtRecord, LenientIsASupersetWithIdenticalFields) {
  const txt_options lenient = mtasts::lenient_txt_options();
  for (std::string_view rec : ValidCorpus()) {
    SCOPED_TRACE(rec);
    auto strict = parse_txt_record(rec);
    auto relaxed = parse_txt_record(rec, lenient);
    ASSERT_TRUE(Parses(strict));
    ASSERT_TRUE(Parses(relaxed));
    EXPECT_EQ(strict->id, relaxed->id);
    EXPECT_EQ(Extensions(*strict), Extensions(*relaxed));
  }
}

// ---------------------------------------------------------------------------------------
// API: views, extensions range, serializer, is_valid.

TEST(TxtRecord, ViewsPointIntoTheInput) {
  constexpr std::string_view rec = "v=STSv1; id=abc; ext=val";
  auto r = parse_txt_record(rec);
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(r->id.data(), rec.data() + 12);
  auto ext = Extensions(*r);
  ASSERT_EQ(ext.size(), 1u);
  EXPECT_EQ(ext[0].name.data(), rec.data() + 17);
  EXPECT_EQ(ext[0].value.data(), rec.data() + 21);
}

TEST(TxtRecord, ExtensionRangeIteratesInOrder) {
  auto r = parse_txt_record("v=STSv1; a=1; id=x; b=2; c=3;");
  ASSERT_TRUE(Parses(r));
  auto range = r->extensions();
  EXPECT_FALSE(range.empty());
  auto it = range.begin();
  ASSERT_NE(it, range.end());
  EXPECT_EQ(it->name, "a");
  auto old = it++;
  EXPECT_EQ(old->name, "a");
  ASSERT_NE(it, range.end());
  EXPECT_EQ((*it).name, "b");
  EXPECT_EQ(it->value, "2");
  ++it;
  ASSERT_NE(it, range.end());
  EXPECT_EQ(it->name, "c");
  ++it;
  EXPECT_EQ(it, range.end());
  // The range re-scans: iterating twice gives the same sequence.
  EXPECT_EQ(Extensions(*r), Extensions(*r));
}

TEST(TxtRecord, SerializeIsCanonical) {
  auto r = parse_txt_record("v=STSv1 ;id=abc;b=2\t;a=1;");
  ASSERT_TRUE(Parses(r));
  EXPECT_EQ(mtasts::serialize(*r), "v=STSv1; id=abc; b=2; a=1");
  auto plain = parse_txt_record("v=STSv1; id=abc");
  ASSERT_TRUE(Parses(plain));
  EXPECT_EQ(mtasts::serialize(*plain), "v=STSv1; id=abc");
}

TEST(TxtRecord, SerializeRoundTrip) {
  for (std::string_view rec : ValidCorpus()) {
    SCOPED_TRACE(rec);
    auto first = parse_txt_record(rec);
    ASSERT_TRUE(Parses(first));
    const std::string text = mtasts::serialize(*first);
    auto second = parse_txt_record(text);
    ASSERT_TRUE(Parses(second)) << text;
    EXPECT_EQ(first->id, second->id);
    EXPECT_EQ(Extensions(*first), Extensions(*second));
    // Serialization is idempotent.
    EXPECT_EQ(mtasts::serialize(*second), text);
  }
}

TEST(TxtRecord, IsValidAgreesWithParse) {
  std::vector<txt_options> option_sets(6);
  option_sets[1] = mtasts::lenient_txt_options();
  option_sets[2].duplicate_id = mtasts::duplicate_field::reject;
  option_sets[3].malformed_id = mtasts::malformed_registered_field::reject;
  option_sets[4].malformed_id = mtasts::malformed_registered_field::validate_chosen;
  option_sets[4].duplicate_id = mtasts::duplicate_field::last;
  option_sets[5].allow_trailing_whitespace = true;
  std::vector<std::string_view> all = ValidCorpus();
  all.insert(all.end(), InvalidCorpus().begin(), InvalidCorpus().end());
  for (std::size_t i = 0; i < option_sets.size(); ++i) {
    for (std::string_view rec : all) {
      SCOPED_TRACE(testing::Message() << "options #" << i << " record '" << rec << "'");
      EXPECT_EQ(mtasts::is_valid_txt_record(rec, option_sets[i]),
                parse_txt_record(rec, option_sets[i]).ok());
    }
  }
}

TEST(TxtRecord, InvalidCorpusIsRejected) {
  for (std::string_view rec : InvalidCorpus()) {
    SCOPED_TRACE(rec);
    EXPECT_FALSE(parse_txt_record(rec).ok());
  }
}

TEST(TxtRecord, ErrorPositionIsOneBasedByteColumn) {
  auto r = parse_txt_record("v=STSv1; id=abc-def");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), (mtasts::parse_error{error_code::TXT_ID_SYNTAX, 12, 1, 13}));
  auto lf = parse_txt_record("v=STSv1;\nid=abc");
  ASSERT_FALSE(lf.ok());
  EXPECT_EQ(lf.error(), (mtasts::parse_error{error_code::TXT_CONTROL_CHARACTER, 8, 1, 9}));
}

// Behaviour python_dict_fields (the pmsr profile): the record as a dict of its fields.
class PythonDictFields : public testing::Test {
 protected:
  static txt_options Options() {
    txt_options o;
    o.python_dict_fields = true;
    return o;
  }
  static std::string IdOf(std::string_view rec) {
    auto r = parse_txt_record(rec, Options());
    return r.ok() ? std::string(r->id) : "<rejected " + std::string(token(r.error().code)) + ">";
  }
};

TEST_F(PythonDictFields, IdIsAnyValueAfterTheFirstEquals) {
  EXPECT_EQ(IdOf("v=STSv1; id="), "");                     // empty id
  EXPECT_EQ(IdOf("v=STSv1; id=abc def"), "abc def");       // inner space kept
  EXPECT_EQ(IdOf("v=STSv1; id=a-b_c"), "a-b_c");           // any character
  EXPECT_EQ(IdOf("v=STSv1; id=" + Alnum(40)), Alnum(40));  // no length limit
  EXPECT_EQ(IdOf("v=STSv1; id=a=b"), "a=b");               // the first '=' splits
}

TEST_F(PythonDictFields, FieldsAreStrippedAndEmptyOnesSkipped) {
  EXPECT_EQ(IdOf("v=STSv1; id=abc   "), "abc");
  EXPECT_EQ(IdOf("v=STSv1;;; id=abc;;;"), "abc");
  EXPECT_EQ(IdOf("v=STSv1;\tid=abc\t;"), "abc");
  EXPECT_EQ(IdOf("v=STSv1; ext=; id=abc"), "abc");
}

TEST_F(PythonDictFields, LaterFieldsReplaceEarlierOnes) {
  EXPECT_EQ(IdOf("v=STSv1; id=abc; id=def"), "def");
  EXPECT_TRUE(FailsAt(parse_txt_record("v=STSv1; v=STSv2; id=abc", Options()),
                      error_code::TXT_VERSION_VALUE, 9));
}

TEST_F(PythonDictFields, NeedsTheVersionPrefixAndAnId) {
  EXPECT_TRUE(
      FailsAt(parse_txt_record(" v=STSv1; id=abc", Options()), error_code::TXT_VERSION_MISSING, 0));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1x; id=abc", Options()), error_code::TXT_VERSION_VALUE, 0));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; ID=abc", Options()), error_code::TXT_ID_MISSING, 15));
  EXPECT_TRUE(
      FailsAt(parse_txt_record("v=STSv1; id=\xC3\xA4", Options()), error_code::TXT_NON_ASCII, 12));
}

// A malformed id the dict keeps is the id, never also an extension (found by fuzz_txt_record).
TEST_F(PythonDictFields, MalformedIdIsNotReportedTwice) {
  const std::string rec = "v=STSv1; id=abc; id=" + Alnum(40);
  const auto r = parse_txt_record(rec, Options());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, Alnum(40));
  EXPECT_TRUE(r->fields.empty());
  std::size_t reported = 0;
  for (const extension& e : r->extensions()) reported += e.name.size() > 0 ? 1 : 0;
  EXPECT_EQ(reported, 0u);
  const auto ok = parse_txt_record("v=STSv1; id=abc; ext=1", Options());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->fields, "; id=abc; ext=1");
}

TEST_F(PythonDictFields, IsValidAgreesWithParse) {
  for (std::string_view rec : {"v=STSv1; id=", "v=STSv1", "v=STSv1; id=x;;", " v=STSv1; id=x"}) {
    EXPECT_EQ(mtasts::is_valid_txt_record(rec, Options()), parse_txt_record(rec, Options()).ok())
        << rec;
  }
}
