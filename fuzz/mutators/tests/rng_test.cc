// SPDX-License-Identifier: Apache-2.0
// The mutators' random source: deterministic per seed, in range, weights honoured.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "fuzz_mutators/rng.h"

namespace {

using mtasts_fuzz::mutators::rng;

TEST(Rng, SameSeedSameSequence) {
  rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Rng, BelowStaysInRange) {
  rng r(1);
  EXPECT_EQ(r.below(0), 0u);
  std::array<int, 7> seen{};
  for (int i = 0; i < 7000; ++i) {
    const std::size_t v = r.below(7);
    ASSERT_LT(v, 7u);
    ++seen[v];
  }
  for (int n : seen) EXPECT_GT(n, 700);
  EXPECT_FALSE(r.one_in(0));
}

TEST(Rng, WeightedSkipsZeroWeights) {
  rng r(7);
  const unsigned weights[] = {0, 3, 0, 1};
  std::array<int, 4> seen{};
  for (int i = 0; i < 4000; ++i) ++seen[r.weighted(weights)];
  EXPECT_EQ(seen[0], 0);
  EXPECT_EQ(seen[2], 0);
  EXPECT_GT(seen[1], 2 * seen[3]);
  const unsigned none[] = {0, 0};
  EXPECT_EQ(r.weighted(none), 0u);
}

}  // namespace
