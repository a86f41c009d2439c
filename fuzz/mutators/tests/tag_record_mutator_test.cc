// SPDX-License-Identifier: Apache-2.0
// Each operator of the tag-record mutator changes a record the way its name says, on fixed
// seeds; the driver respects max_size and is deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_mutators/interesting_values.h"
#include "fuzz_mutators/tag_record_mutator.h"

namespace {

using namespace mtasts_fuzz::mutators;

constexpr std::string_view sts_seed = "v=STSv1; id=20160831085700Z; ext=val";
constexpr std::string_view tlsrpt_seed =
    "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://r.example.net/x; ext=1";

// The field contents without layout, for comparisons that ignore separators.
std::vector<std::string> contents(const tag_record& r) {
  std::vector<std::string> out;
  for (const tag_field& f : r.fields) out.push_back(f.name + f.eq + f.value);
  return out;
}

// Runs `op` on `input` for seeds 1..200 and calls check(before, after) whenever it applied;
// returns how many seeds applied it.
template <class Check>
int run_operator(grammar g, tag_operator op, std::string_view input, Check check,
                 std::string_view partner = {}, std::size_t max_size = 4096) {
  const tag_record_mutator m(g);
  int applied = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    rng random(seed);
    mutation_context ctx{random, max_size, partner};
    const tag_record before = split_tag_record(input);
    tag_record after = before;
    if (!m.apply(op, after, ctx)) {
      EXPECT_EQ(join(after), join(before)) << "a refused operator changed the record";
      continue;
    }
    ++applied;
    check(before, after);
  }
  return applied;
}

TEST(TagRecordMutator, DuplicateFieldAddsACopy) {
  const int n = run_operator(grammar::sts_txt, tag_operator::duplicate_field, sts_seed,
                             [](const tag_record& before, const tag_record& after) {
                               ASSERT_EQ(after.fields.size(), before.fields.size() + 1);
                               std::vector<std::string> c = contents(after);
                               std::sort(c.begin(), c.end());
                               EXPECT_NE(std::adjacent_find(c.begin(), c.end()), c.end());
                               for (std::size_t i = 0; i + 1 < after.fields.size(); ++i)
                                 EXPECT_NE(after.fields[i].sep.find(';'), std::string::npos);
                             });
  EXPECT_EQ(n, 200);
}

TEST(TagRecordMutator, DeleteFieldRemovesOne) {
  const int n = run_operator(grammar::tlsrpt, tag_operator::delete_field, tlsrpt_seed,
                             [](const tag_record& before, const tag_record& after) {
                               ASSERT_EQ(after.fields.size() + 1, before.fields.size());
                               std::vector<std::string> b = contents(before);
                               for (const std::string& c : contents(after))
                                 EXPECT_NE(std::find(b.begin(), b.end(), c), b.end());
                             });
  EXPECT_EQ(n, 200);
  EXPECT_EQ(run_operator(grammar::sts_txt, tag_operator::delete_field, "v=STSv1",
                         [](const tag_record&, const tag_record&) {}),
            0);
}

TEST(TagRecordMutator, SwapFieldsKeepsSeparatorsInPlace) {
  const int n = run_operator(grammar::sts_txt, tag_operator::swap_fields, sts_seed,
                             [](const tag_record& before, const tag_record& after) {
                               std::vector<std::string> b = contents(before);
                               std::vector<std::string> a = contents(after);
                               EXPECT_NE(a, b);
                               std::sort(a.begin(), a.end());
                               std::sort(b.begin(), b.end());
                               EXPECT_EQ(a, b);
                               for (std::size_t i = 0; i < after.fields.size(); ++i)
                                 EXPECT_EQ(after.fields[i].sep, before.fields[i].sep);
                             });
  EXPECT_EQ(n, 200);
}

TEST(TagRecordMutator, ReplaceNameChangesOneName) {
  int registered = 0;
  const int n = run_operator(grammar::sts_txt, tag_operator::replace_name, sts_seed,
                             [&](const tag_record& before, const tag_record& after) {
                               ASSERT_EQ(after.fields.size(), before.fields.size());
                               int changed = 0;
                               for (std::size_t i = 0; i < after.fields.size(); ++i) {
                                 if (after.fields[i].name == before.fields[i].name) continue;
                                 ++changed;
                                 EXPECT_EQ(after.fields[i].value, before.fields[i].value);
                                 if (after.fields[i].name == "id") ++registered;
                               }
                               EXPECT_EQ(changed, 1);
                             });
  EXPECT_GT(n, 190);
  EXPECT_GT(registered, 0);
}

TEST(TagRecordMutator, ReplaceValueTakesTheFieldsTable) {
  int from_table = 0;
  const int n = run_operator(
      grammar::sts_txt, tag_operator::replace_value, sts_seed,
      [&](const tag_record& before, const tag_record& after) {
        int changed = 0;
        for (std::size_t i = 0; i < after.fields.size(); ++i) {
          if (after.fields[i].value == before.fields[i].value) continue;
          ++changed;
          EXPECT_EQ(after.fields[i].name, before.fields[i].name);
          const auto table = interesting_values(grammar::sts_txt, after.fields[i].name);
          if (std::find(table.begin(), table.end(), after.fields[i].value) != table.end())
            ++from_table;
        }
        EXPECT_EQ(changed, 1);
      });
  EXPECT_GT(n, 150);
  EXPECT_EQ(from_table, n);
  // The id table holds the 32 / 33 character boundary.
  const auto ids = interesting_values(grammar::sts_txt, "id");
  EXPECT_NE(
      std::find_if(ids.begin(), ids.end(), [](const std::string& s) { return s.size() == 32; }),
      ids.end());
  EXPECT_NE(
      std::find_if(ids.begin(), ids.end(), [](const std::string& s) { return s.size() == 33; }),
      ids.end());
}

TEST(TagRecordMutator, ReplaceValueGrowsRuaLists) {
  int longer_list = 0;
  run_operator(grammar::tlsrpt, tag_operator::replace_value, tlsrpt_seed,
               [&](const tag_record& before, const tag_record& after) {
                 if (after.fields[1].value.starts_with(before.fields[1].value + ",") ||
                     after.fields[1].value.starts_with(before.fields[1].value + " , "))
                   ++longer_list;
               });
  EXPECT_GT(longer_list, 0);
}

TEST(TagRecordMutator, ChangeSeparatorEditsOnlyLayout) {
  int bom = 0, final_toggled = 0;
  const int n = run_operator(grammar::sts_txt, tag_operator::change_separator, sts_seed,
                             [&](const tag_record& before, const tag_record& after) {
                               EXPECT_NE(join(after), join(before));
                               EXPECT_EQ(contents(after), contents(before));
                               if (after.fields[0].lead.starts_with(utf8_bom)) ++bom;
                               if (after.fields.back().sep != before.fields.back().sep)
                                 ++final_toggled;
                             });
  EXPECT_GT(n, 150);
  EXPECT_GT(bom, 0);
  EXPECT_GT(final_toggled, 0);
}

TEST(TagRecordMutator, InsertWhitespaceOnlyAddsWhitespace) {
  const int n = run_operator(grammar::tlsrpt, tag_operator::insert_whitespace, tlsrpt_seed,
                             [](const tag_record& before, const tag_record& after) {
                               const std::string b = join(before);
                               const std::string a = join(after);
                               ASSERT_GT(a.size(), b.size());
                               // Removing the inserted run gives the input back.
                               std::size_t i = 0;
                               while (i < b.size() && a[i] == b[i]) ++i;
                               const std::size_t run = a.size() - b.size();
                               EXPECT_EQ(a.substr(0, i) + a.substr(i + run), b);
                             });
  EXPECT_EQ(n, 200);
}

TEST(TagRecordMutator, SpliceFieldTakesAFieldOfThePartner) {
  constexpr std::string_view partner = "v=STSv1; partner_only=42";
  const int n = run_operator(
      grammar::sts_txt, tag_operator::splice_field, sts_seed,
      [&](const tag_record&, const tag_record& after) {
        // The seed holds one "v=STSv1" and no "partner_only=42": either one more of the
        // first or one of the second came from the partner.
        const std::vector<std::string> c = contents(after);
        const bool has = std::count(c.begin(), c.end(), "partner_only=42") == 1 ||
                         std::count(c.begin(), c.end(), "v=STSv1") == 2;
        EXPECT_TRUE(has) << join(after);
      },
      partner);
  EXPECT_GT(n, 150);
  EXPECT_EQ(run_operator(grammar::sts_txt, tag_operator::splice_field, sts_seed,
                         [](const tag_record&, const tag_record&) {}),
            0);
}

TEST(TagRecordMutator, GrowReachesABoundaryExactly) {
  const int n = run_operator(
      grammar::sts_txt, tag_operator::grow_to_boundary, sts_seed,
      [](const tag_record& before, const tag_record& after) {
        const std::size_t size = join(after).size();
        EXPECT_TRUE(size == 255 || size == 256 || size == 511 || size == 512 || size == 1023 ||
                    size == 1024 || size == 1000)
            << size;
        EXPECT_GT(after.fields.size(), before.fields.size());
      },
      {}, 1000);
  EXPECT_EQ(n, 200);
  EXPECT_EQ(run_operator(
                grammar::sts_txt, tag_operator::grow_to_boundary, sts_seed,
                [](const tag_record&, const tag_record&) {}, {}, sts_seed.size()),
            0);
}

TEST(TagRecordMutator, EmptyInputGetsAMinimalRecord) {
  const tag_record_mutator m(grammar::tlsrpt);
  rng random(3);
  EXPECT_FALSE(m.mutate("", 512, random).empty());
}

TEST(TagRecordMutator, MutateRespectsMaxSizeAndIsDeterministic) {
  for (grammar g : {grammar::sts_txt, grammar::tlsrpt}) {
    const tag_record_mutator m(g);
    const std::string_view seed = g == grammar::tlsrpt ? tlsrpt_seed : sts_seed;
    for (unsigned s = 0; s < 2000; ++s) {
      const std::size_t max_size = seed.size() + s % 64;
      rng a(s), b(s);
      const std::string x = m.mutate(seed, max_size, a, "v=STSv1; other=1");
      ASSERT_LE(x.size(), max_size);
      ASSERT_EQ(x, m.mutate(seed, max_size, b, "v=STSv1; other=1"));
      rng c(s), d(s);
      const std::string y = m.cross_over(seed, "v=STSv1; other=1; id=9", max_size, c);
      ASSERT_LE(y.size(), max_size);
      ASSERT_EQ(y, m.cross_over(seed, "v=STSv1; other=1; id=9", max_size, d));
    }
  }
}

}  // namespace
