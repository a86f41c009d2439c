// SPDX-License-Identifier: Apache-2.0
// Splitting into units and joining back loses no byte, for valid and arbitrary inputs, and
// puts each part of a field or line where the mutators expect it.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "fuzz_mutators/policy_body.h"
#include "fuzz_mutators/rng.h"
#include "fuzz_mutators/tag_record.h"

namespace {

using namespace mtasts_fuzz::mutators;

TEST(TagRecord, SplitsFieldsAndLayout) {
  const tag_record r = split_tag_record("v=STSv1;\t id=1 ;ext=v ;; ");
  ASSERT_EQ(r.fields.size(), 3u);
  EXPECT_EQ(r.fields[0].name, "v");
  EXPECT_EQ(r.fields[0].value, "STSv1");
  EXPECT_EQ(r.fields[0].sep, ";");
  EXPECT_EQ(r.fields[1].lead, "\t ");
  EXPECT_EQ(r.fields[1].name, "id");
  EXPECT_EQ(r.fields[1].trail, " ");
  EXPECT_EQ(r.fields[2].name, "ext");
  EXPECT_EQ(r.fields[2].trail, " ");
  EXPECT_EQ(r.fields[2].sep, ";; ");
  const tag_record no_eq = split_tag_record("v=TLSRPTv1; rua");
  ASSERT_EQ(no_eq.fields.size(), 2u);
  EXPECT_EQ(no_eq.fields[1].name, "rua");
  EXPECT_EQ(no_eq.fields[1].eq, "");
}

TEST(PolicyBody, SplitsLinesAndLayout) {
  const policy_body b =
      split_policy_body("\xEF\xBB\xBFversion: STSv1\r\n mode :enforce \rmx:\tmail.example.com");
  EXPECT_EQ(b.bom, "\xEF\xBB\xBF");
  ASSERT_EQ(b.lines.size(), 3u);
  EXPECT_EQ(b.lines[0].name, "version");
  EXPECT_EQ(b.lines[0].post_colon, " ");
  EXPECT_EQ(b.lines[0].term, "\r\n");
  EXPECT_EQ(b.lines[1].lead, " ");
  EXPECT_EQ(b.lines[1].name, "mode");
  EXPECT_EQ(b.lines[1].pre_colon, " ");
  EXPECT_EQ(b.lines[1].value, "enforce");
  EXPECT_EQ(b.lines[1].trail, " ");
  EXPECT_EQ(b.lines[1].term, "\r");
  EXPECT_EQ(b.lines[2].post_colon, "\t");
  EXPECT_EQ(b.lines[2].term, "");
  EXPECT_EQ(usual_terminator(b), "\r\n");
}

TEST(SplitJoin, RoundTripsAnyBytes) {
  const std::string_view fixed[] = {"",
                                    ";",
                                    ";;;",
                                    "=",
                                    "v=STSv1; id=abc; \t",
                                    "v=TLSRPTv1; rua=mailto:a@example.com , https://r.example/x;",
                                    "\n",
                                    "\r\n\r",
                                    ":::",
                                    "version: STSv1\nmode: enforce\nmx: a\nmax_age: 1\n\n",
                                    "\xEF\xBB\xBF",
                                    std::string_view("\0;\0:\0\n", 7)};
  for (std::string_view s : fixed) {
    EXPECT_EQ(join(split_tag_record(s)), s);
    EXPECT_EQ(join(split_policy_body(s)), s);
  }
  rng r(2024);
  constexpr std::string_view alphabet = ";:= \t\r\na\xEF\xBB\xBF";
  for (int i = 0; i < 2000; ++i) {
    std::string s(r.below(40), ' ');
    for (char& c : s)
      c = r.one_in(4) ? static_cast<char>(r.below(256)) : alphabet[r.below(alphabet.size())];
    ASSERT_EQ(join(split_tag_record(s)), s);
    ASSERT_EQ(join(split_policy_body(s)), s);
  }
}

TEST(SplitJoin, RestoresSeparatorsAndTerminators) {
  tag_record r = split_tag_record("v=STSv1; id=1");
  std::swap(r.fields[0], r.fields[1]);
  restore_separators(r);
  EXPECT_EQ(join(r), " id=1; v=STSv1;");
  policy_body b = split_policy_body("mode: none\r\nmx: a");
  std::swap(b.lines[0], b.lines[1]);
  restore_terminators(b);
  EXPECT_EQ(join(b), "mx: a\r\nmode: none\r\n");
}

}  // namespace
