// SPDX-License-Identifier: Apache-2.0
// Unit tests of TXT character-string joining (R-3.1-9, A-24) and of the multi-record
// selection rule (R-3.1-6, R-3.1-7, A-1, A-2) of RFC 8461 §3.1.
#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/txt_record.h"

namespace {

using mtasts::error_code;
using mtasts::join_character_strings;
using mtasts::select_txt_record;
using mtasts::txt_options;

mtasts::result<mtasts::txt_selection, mtasts::selection_error> Select(
    std::initializer_list<std::string_view> records, const txt_options& options = {}) {
  const std::vector<std::string_view> list(records);
  return select_txt_record(list, options);
}

testing::AssertionResult Selected(
    const mtasts::result<mtasts::txt_selection, mtasts::selection_error>& r, std::size_t index,
    std::string_view id) {
  if (!r.ok())
    return testing::AssertionFailure()
           << "expected record " << index << " to be selected, got "
           << mtasts::token(r.error().error.code) << " (record "
           << (r.error().record ? std::to_string(*r.error().record) : std::string("none")) << ")";
  if (r.value().index != index || r.value().record.id != id)
    return testing::AssertionFailure()
           << "expected record " << index << " id '" << id << "', got record " << r.value().index
           << " id '" << r.value().record.id << "'";
  return testing::AssertionSuccess();
}

testing::AssertionResult SelectFails(
    const mtasts::result<mtasts::txt_selection, mtasts::selection_error>& r, error_code want,
    std::optional<std::size_t> record) {
  if (r.ok())
    return testing::AssertionFailure()
           << "expected " << mtasts::token(want) << ", selected record " << r.value().index;
  if (r.error().error.code != want)
    return testing::AssertionFailure()
           << "expected " << mtasts::token(want) << ", got " << mtasts::token(r.error().error.code);
  if (r.error().record != record)
    return testing::AssertionFailure()
           << mtasts::token(want) << ": expected record "
           << (record ? std::to_string(*record) : std::string("none")) << ", got "
           << (r.error().record ? std::to_string(*r.error().record) : std::string("none"));
  return testing::AssertionSuccess();
}

template <std::size_t N>
mtasts::result<std::string_view> Join(std::initializer_list<std::string_view> strings,
                                      std::array<char, N>& buffer) {
  const std::vector<std::string_view> list(strings);
  return join_character_strings(list, buffer);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// R-3.1-9 / A-24: character-strings are joined in order with nothing in between.

TEST(TxtJoin, R_3_1_9_JoinsCharacterStringsWithoutSeparator) {
  std::array<char, 64> buffer{};
  auto joined = Join({"v=STSv1; ", "id=a1;"}, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "v=STSv1; id=a1;");
  EXPECT_EQ(joined->data(), buffer.data());
  auto r = mtasts::parse_txt_record(*joined);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, "a1");
}

TEST(TxtJoin, R_3_1_9_SplitInsideATokenIsJoinedSeamlessly) {
  std::array<char, 64> buffer{};
  auto joined = Join({"v=ST", "Sv1; i", "d=ab", "c"}, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "v=STSv1; id=abc");
  auto r = mtasts::parse_txt_record(*joined);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, "abc");
}

TEST(TxtJoin, R_3_1_9_EmptyStringsContributeNothing) {
  std::array<char, 64> buffer{};
  auto joined = Join({"", "v=STSv1;", "", " id=x", ""}, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "v=STSv1; id=x");
}

TEST(TxtJoin, R_3_1_9_EmptyListGivesEmptyRecord) {
  std::array<char, 4> buffer{};
  auto joined = Join({}, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_TRUE(joined->empty());
  auto r = mtasts::parse_txt_record(*joined);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, error_code::TXT_EMPTY);
}

TEST(TxtJoin, R_3_1_9_LongRecordAcrossTwo255ByteStrings) {
  // A TXT character-string holds at most 255 bytes; a long extension spans two.
  const std::string first = "v=STSv1; id=abc; x=" + std::string(255 - 19, 'a');
  const std::string second(100, 'b');
  ASSERT_EQ(first.size(), 255u);
  std::array<char, 512> buffer{};
  const std::vector<std::string_view> list = {first, second};
  auto joined = join_character_strings(list, buffer);
  ASSERT_TRUE(joined.ok());
  ASSERT_EQ(joined->size(), 355u);
  auto r = mtasts::parse_txt_record(*joined);
  ASSERT_TRUE(r.ok());
  auto it = r->extensions().begin();
  ASSERT_NE(it, r->extensions().end());
  EXPECT_EQ(it->value, std::string(255 - 19, 'a') + second);
}

TEST(TxtJoin, R_3_1_9_OwningJoinEqualsTheBufferJoin) {
  const std::vector<std::string> pieces = {"v=STSv1;", "", " id=", std::string(300, 'a')};
  const std::vector<std::string_view> views(pieces.begin(), pieces.end());
  std::array<char, 400> buffer{};
  const auto into_buffer = join_character_strings(views, buffer);
  ASSERT_TRUE(into_buffer.ok());
  EXPECT_EQ(join_character_strings(std::span<const std::string>(pieces)), *into_buffer);
  EXPECT_EQ(join_character_strings(std::span<const std::string>()), "");
}

TEST(TxtJoin, BufferOfExactSizeSuffices) {
  std::array<char, 15> buffer{};
  auto joined = Join({"v=STSv1; ", "id=a1;"}, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "v=STSv1; id=a1;");
}

TEST(TxtJoin, BufferTooSmall) {
  std::array<char, 14> buffer{};
  auto joined = Join({"v=STSv1; ", "id=a1;"}, buffer);
  ASSERT_FALSE(joined.ok());
  EXPECT_EQ(joined.error().code, error_code::BUFFER_TOO_SMALL);
}

TEST(TxtJoin, A_24_NoSpaceIsInsertedAtTheSplit) {
  // Joining with a separator would make this `id=abc def` (invalid); the parser sees
  // the joined string only.
  std::array<char, 64> buffer{};
  auto joined = Join({"v=STSv1; id=abc", "def"}, buffer);
  ASSERT_TRUE(joined.ok());
  auto r = mtasts::parse_txt_record(*joined);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, "abcdef");
}

TEST(TxtJoin, A_24_SplitAfterVersionStillNeedsTheSemicolon) {
  // "v=STSv1" + " id=x" is not "v=STSv1; id=x": nothing is inserted.
  std::array<char, 64> buffer{};
  auto joined = Join({"v=STSv1", " id=x"}, buffer);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(*joined, "v=STSv1 id=x");
  EXPECT_FALSE(mtasts::parse_txt_record(*joined).ok());
}

// ---------------------------------------------------------------------------------------
// R-3.1-6: with several records, discard those not starting with exactly "v=STSv1;".

TEST(TxtSelection, R_3_1_6_SingleRecordIsParsedAsIs) {
  EXPECT_TRUE(Selected(Select({"v=STSv1; id=abc"}), 0, "abc"));
}

TEST(TxtSelection, R_3_1_6_UnrelatedRecordsAreDiscarded) {
  EXPECT_TRUE(
      Selected(Select({"v=spf1 -all", "v=STSv1; id=abc", "google-site-verification=x"}), 1, "abc"));
}

TEST(TxtSelection, R_3_1_6_PrefixIsCaseSensitive) {
  EXPECT_TRUE(Selected(Select({"v=stsv1; id=low", "v=STSv1; id=up"}), 1, "up"));
  EXPECT_TRUE(Selected(Select({"V=STSv1; id=low", "v=STSv1;id=up"}), 1, "up"));
}

TEST(TxtSelection, R_3_1_6_PrefixMustIncludeTheSemicolon) {
  EXPECT_TRUE(Selected(Select({"v=STSv1x; id=bad", "v=STSv1; id=good"}), 1, "good"));
  EXPECT_TRUE(Selected(Select({"v=STSv1", "v=STSv1; id=good"}), 1, "good"));
}

TEST(TxtSelection, R_3_1_6_LeadingSpaceIsDiscarded) {
  EXPECT_TRUE(Selected(Select({" v=STSv1; id=bad", "v=STSv1; id=good"}), 1, "good"));
}

// ---------------------------------------------------------------------------------------
// R-3.1-7: exactly one candidate, and it must parse.

TEST(TxtSelection, R_3_1_7_TwoCandidatesMeanNoPolicy) {
  EXPECT_TRUE(SelectFails(Select({"v=STSv1; id=one", "v=STSv1; id=two"}),
                          error_code::TXT_SELECT_MULTIPLE, std::nullopt));
  EXPECT_TRUE(SelectFails(Select({"v=STSv1;id=one", "x=y", "v=STSv1;id=one"}),
                          error_code::TXT_SELECT_MULTIPLE, std::nullopt));
}

TEST(TxtSelection, R_3_1_7_NoCandidateMeansNoPolicy) {
  EXPECT_TRUE(SelectFails(Select({}), error_code::TXT_SELECT_NONE, std::nullopt));
  EXPECT_TRUE(
      SelectFails(Select({"v=spf1 -all", "foo=bar"}), error_code::TXT_SELECT_NONE, std::nullopt));
}

TEST(TxtSelection, R_3_1_7_UnparseableSurvivorMeansNoPolicy) {
  auto r = Select({"v=spf1 -all", "v=STSv1;id=abc-def"});
  ASSERT_TRUE(SelectFails(r, error_code::TXT_ID_SYNTAX, std::size_t{1}));
  // Offsets refer to the record named by `record`.
  EXPECT_EQ(r.error().error.offset, 11u);
  EXPECT_EQ(r.error().error.column, 12u);
}

TEST(TxtSelection, R_3_1_7_SingleUnparseableRecordIsReportedWithItsIndex) {
  EXPECT_TRUE(
      SelectFails(Select({"v=STSv1; id=abc;;"}), error_code::TXT_EMPTY_FIELD, std::size_t{0}));
  // A single record is parsed as it is, even one that does not look like MTA-STS.
  EXPECT_TRUE(SelectFails(Select({"v=spf1 -all"}), error_code::TXT_VERSION_VALUE, std::size_t{0}));
}

TEST(TxtSelection, R_3_1_7_OptionsApplyToTheChosenRecord) {
  txt_options last;
  last.duplicate_id = mtasts::duplicate_field::last;
  EXPECT_TRUE(Selected(Select({"foo", "v=STSv1; id=a; id=b"}, last), 1, "b"));
  EXPECT_TRUE(Selected(Select({"foo", "v=STSv1; id=a; id=b"}), 1, "a"));
  txt_options trailing;
  trailing.allow_trailing_whitespace = true;
  EXPECT_TRUE(Selected(Select({"v=STSv1; id=a "}, trailing), 0, "a"));
  EXPECT_TRUE(
      SelectFails(Select({"v=STSv1; id=a "}), error_code::TXT_TRAILING_WHITESPACE, std::size_t{0}));
}

// ---------------------------------------------------------------------------------------
// Ambiguities.

TEST(TxtSelection, A_1_SpaceBeforeSemicolonIsValidAlone) {
  EXPECT_TRUE(Selected(Select({"v=STSv1 ;id=x"}), 0, "x"));
}

TEST(TxtSelection, A_1_SpaceBeforeSemicolonIsDiscardedAmongSeveral) {
  EXPECT_TRUE(Selected(Select({"v=STSv1 ;id=x", "v=STSv1;id=y"}), 1, "y"));
  EXPECT_TRUE(
      SelectFails(Select({"v=STSv1 ;id=x", "foo=bar"}), error_code::TXT_SELECT_NONE, std::nullopt));
}

TEST(TxtSelection, A_1_SelectionPrefixWithoutSemicolonOption) {
  // pmsr filters on startswith('v=STSv1').
  txt_options pmsr;
  pmsr.selection_prefix_without_semicolon = true;
  EXPECT_TRUE(SelectFails(Select({"v=STSv1 ;id=x", "v=STSv1;id=y"}, pmsr),
                          error_code::TXT_SELECT_MULTIPLE, std::nullopt));
  EXPECT_TRUE(Selected(Select({"v=STSv1 ;id=x", "foo=bar"}, pmsr), 0, "x"));
  // `v=STSv1x` is a candidate under pmsr's filter, and then does not parse.
  EXPECT_TRUE(SelectFails(Select({"v=STSv1x; id=a", "foo=bar"}, pmsr),
                          error_code::TXT_VERSION_VALUE, std::size_t{0}));
  EXPECT_TRUE(SelectFails(Select({"v=STSv1x; id=a", "v=STSv1; id=b"}, pmsr),
                          error_code::TXT_SELECT_MULTIPLE, std::nullopt));
  // The prefix stays case-sensitive.
  EXPECT_TRUE(Selected(Select({"v=stsv1; id=a", "v=STSv1; id=b"}, pmsr), 1, "b"));
}

TEST(TxtSelection, A_2_GarbageCandidateMakesTheCountTwo) {
  EXPECT_TRUE(SelectFails(Select({"v=STSv1;garbage", "v=STSv1; id=good"}),
                          error_code::TXT_SELECT_MULTIPLE, std::nullopt));
  EXPECT_TRUE(SelectFails(Select({"v=STSv1; id=good", "v=STSv1;"}), error_code::TXT_SELECT_MULTIPLE,
                          std::nullopt));
}

TEST(TxtSelection, A_2_FilterCountThenParse) {
  auto r = Select({"v=STSv1;garbage", "v=spf1 -all"});
  EXPECT_TRUE(SelectFails(r, error_code::TXT_FIELD_SYNTAX, std::size_t{0}));
}

TEST(TxtSelection, A_3_DuplicateIdThroughSelection) {
  EXPECT_TRUE(Selected(Select({"v=STSv1; id=abc; id=def"}), 0, "abc"));
  txt_options reject;
  reject.duplicate_id = mtasts::duplicate_field::reject;
  EXPECT_TRUE(SelectFails(Select({"v=STSv1; id=abc; id=def"}, reject), error_code::TXT_ID_DUPLICATE,
                          std::size_t{0}));
}
