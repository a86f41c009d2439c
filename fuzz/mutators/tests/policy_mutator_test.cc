// SPDX-License-Identifier: Apache-2.0
// Each operator of the policy mutator changes a body the way its name says, on fixed seeds;
// the driver respects max_size and is deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_mutators/interesting_values.h"
#include "fuzz_mutators/policy_mutator.h"

namespace {

using namespace mtasts_fuzz::mutators;

constexpr std::string_view policy_seed =
    "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 86400\n";

std::vector<std::string> contents(const policy_body& b) {
  std::vector<std::string> out;
  for (const policy_line& l : b.lines) out.push_back(l.name + l.colon + l.value);
  return out;
}

template <class Check>
int run_operator(policy_operator op, std::string_view input, Check check,
                 std::string_view partner = {}, std::size_t max_size = 70000) {
  const policy_mutator m;
  int applied = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    rng random(seed);
    mutation_context ctx{random, max_size, partner};
    const policy_body before = split_policy_body(input);
    policy_body after = before;
    if (!m.apply(op, after, ctx)) {
      EXPECT_EQ(join(after), join(before)) << "a refused operator changed the body";
      continue;
    }
    ++applied;
    check(before, after);
  }
  return applied;
}

TEST(PolicyMutator, DuplicateLineAddsACopy) {
  const int n = run_operator(policy_operator::duplicate_line, policy_seed,
                             [](const policy_body& before, const policy_body& after) {
                               ASSERT_EQ(after.lines.size(), before.lines.size() + 1);
                               std::vector<std::string> c = contents(after);
                               std::sort(c.begin(), c.end());
                               EXPECT_NE(std::adjacent_find(c.begin(), c.end()), c.end());
                               for (const policy_line& l : after.lines) EXPECT_EQ(l.term, "\n");
                             });
  EXPECT_EQ(n, 200);
}

TEST(PolicyMutator, DeleteLineRemovesOne) {
  const int n = run_operator(policy_operator::delete_line, policy_seed,
                             [](const policy_body& before, const policy_body& after) {
                               ASSERT_EQ(after.lines.size() + 1, before.lines.size());
                               EXPECT_EQ(after.lines.back().term, "\n");
                             });
  EXPECT_EQ(n, 200);
}

TEST(PolicyMutator, SwapLinesKeepsTerminatorsInPlace) {
  const std::string_view mixed = "version: STSv1\r\nmode: none\nmax_age: 1";
  const int n = run_operator(policy_operator::swap_lines, mixed,
                             [](const policy_body& before, const policy_body& after) {
                               std::vector<std::string> b = contents(before);
                               std::vector<std::string> a = contents(after);
                               EXPECT_NE(a, b);
                               std::sort(a.begin(), a.end());
                               std::sort(b.begin(), b.end());
                               EXPECT_EQ(a, b);
                               for (std::size_t i = 0; i < after.lines.size(); ++i)
                                 EXPECT_EQ(after.lines[i].term, before.lines[i].term);
                             });
  EXPECT_EQ(n, 200);
}

TEST(PolicyMutator, ReplaceNameChangesOneName) {
  int near_miss = 0;
  const int n = run_operator(policy_operator::replace_name, policy_seed,
                             [&](const policy_body& before, const policy_body& after) {
                               int changed = 0;
                               for (std::size_t i = 0; i < after.lines.size(); ++i) {
                                 const std::string& a = after.lines[i].name;
                                 const std::string& b = before.lines[i].name;
                                 if (a == b) continue;
                                 ++changed;
                                 EXPECT_EQ(after.lines[i].value, before.lines[i].value);
                                 if (a.size() + 1 >= b.size() && a.size() <= b.size() + 1 &&
                                     a != "mx" && a != "mode" && a != "version" && a != "max_age")
                                   ++near_miss;
                               }
                               EXPECT_EQ(changed, 1);
                             });
  EXPECT_GT(n, 190);
  EXPECT_GT(near_miss, 10);
}

TEST(PolicyMutator, ReplaceValueTakesTheFieldsTable) {
  int from_table = 0;
  const int n = run_operator(
      policy_operator::replace_value, policy_seed,
      [&](const policy_body& before, const policy_body& after) {
        int changed = 0;
        for (std::size_t i = 0; i < after.lines.size(); ++i) {
          if (after.lines[i].value == before.lines[i].value) continue;
          ++changed;
          const auto table = interesting_values(grammar::policy, after.lines[i].name);
          if (std::find(table.begin(), table.end(), after.lines[i].value) != table.end())
            ++from_table;
        }
        EXPECT_EQ(changed, 1);
      });
  EXPECT_GT(n, 150);
  EXPECT_EQ(from_table, n);
  // The boundaries the brief of the operator names are in the tables.
  const auto ages = interesting_values(grammar::policy, "max_age");
  for (std::string_view v : {"31557600", "31557601", "9999999999", "99999999999", "0000086400"})
    EXPECT_NE(std::find(ages.begin(), ages.end(), v), ages.end()) << v;
  const auto mx = interesting_values(grammar::policy, "mx");
  for (std::size_t len : {253u, 254u})
    EXPECT_NE(
        std::find_if(mx.begin(), mx.end(), [&](const std::string& s) { return s.size() == len; }),
        mx.end())
        << len;
  EXPECT_NE(std::find(mx.begin(), mx.end(), "mail.example.com."), mx.end());
}

TEST(PolicyMutator, ChangeTerminatorEditsOnlyLayout) {
  int crlf_everywhere = 0, unterminated = 0, bom = 0, blank = 0;
  const int n =
      run_operator(policy_operator::change_terminator, policy_seed,
                   [&](const policy_body& before, const policy_body& after) {
                     EXPECT_NE(join(after), join(before));
                     std::vector<std::string> c = contents(after);
                     std::erase(c, std::string());
                     EXPECT_EQ(c, contents(before));
                     if (after.lines.size() > before.lines.size()) ++blank;
                     if (!after.bom.empty()) ++bom;
                     if (after.lines.back().term.empty()) ++unterminated;
                     if (std::all_of(after.lines.begin(), after.lines.end(),
                                     [](const policy_line& l) { return l.term == "\r\n"; }))
                       ++crlf_everywhere;
                   });
  EXPECT_GT(n, 150);
  EXPECT_GT(crlf_everywhere, 0);
  EXPECT_GT(unterminated, 0);
  EXPECT_GT(bom, 0);
  EXPECT_GT(blank, 0);
}

TEST(PolicyMutator, InsertWhitespaceOnlyAddsOrDropsWhitespace) {
  const int n =
      run_operator(policy_operator::insert_whitespace, policy_seed,
                   [](const policy_body& before, const policy_body& after) {
                     EXPECT_NE(join(after), join(before));
                     for (std::size_t i = 0; i < after.lines.size(); ++i)
                       EXPECT_EQ(after.lines[i].name.size() + after.lines[i].value.size() >=
                                     before.lines[i].name.size() + before.lines[i].value.size(),
                                 true);
                   });
  EXPECT_EQ(n, 200);
}

TEST(PolicyMutator, SpliceLineTakesALineOfThePartner) {
  const int n = run_operator(
      policy_operator::splice_line, policy_seed,
      [](const policy_body&, const policy_body& after) {
        const std::vector<std::string> c = contents(after);
        EXPECT_EQ(std::count(c.begin(), c.end(), "partner_only:42"), 1);
      },
      "partner_only: 42\n");
  EXPECT_GT(n, 150);
}

TEST(PolicyMutator, GrowReachesABoundaryExactly) {
  int mx_copies = 0;
  const int n =
      run_operator(policy_operator::grow_to_boundary, policy_seed,
                   [&](const policy_body& before, const policy_body& after) {
                     const std::size_t size = join(after).size();
                     EXPECT_TRUE(size == 1023 || size == 1024 || size == 4095 || size == 4096 ||
                                 size == 65535 || size == 65536 || size == 65537 || size == 70000)
                         << size;
                     EXPECT_GT(after.lines.size(), before.lines.size());
                     const std::vector<std::string> c = contents(after);
                     if (std::count(c.begin(), c.end(), "mx:mail.example.com") > 100) ++mx_copies;
                   });
  EXPECT_EQ(n, 200);
  EXPECT_GT(mx_copies, 0);
}

TEST(PolicyMutator, EmptyInputGetsAMinimalPolicy) {
  rng random(3);
  EXPECT_FALSE(policy_mutator{}.mutate("", 4096, random).empty());
}

TEST(PolicyMutator, MutateRespectsMaxSizeAndIsDeterministic) {
  const policy_mutator m;
  constexpr std::string_view partner = "version: STSv1\r\nmode: testing\r\nmx: b.example\r\n";
  for (unsigned s = 0; s < 2000; ++s) {
    const std::size_t max_size = policy_seed.size() + s % 64;
    rng a(s), b(s);
    const std::string x = m.mutate(policy_seed, max_size, a, partner);
    ASSERT_LE(x.size(), max_size);
    ASSERT_EQ(x, m.mutate(policy_seed, max_size, b, partner));
    rng c(s), d(s);
    const std::string y = m.cross_over(policy_seed, partner, max_size, c);
    ASSERT_LE(y.size(), max_size);
    ASSERT_EQ(y, m.cross_over(policy_seed, partner, max_size, d));
  }
}

}  // namespace
