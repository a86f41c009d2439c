// SPDX-License-Identifier: Apache-2.0
// libFuzzer hands the mutators any bytes, not only the grammar's: mutation and crossover of
// arbitrary inputs stay within max_size and are deterministic.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "fuzz_mutators/policy_mutator.h"
#include "fuzz_mutators/tag_record_mutator.h"

namespace {

using namespace mtasts_fuzz::mutators;

// Bytes biased towards the grammars' delimiters.
std::string random_input(rng& r) {
  constexpr std::string_view alphabet = ";:=, \t\r\nav.*\xEF\xBB\xBF";
  std::string s(r.below(80), ' ');
  for (char& c : s)
    c = r.one_in(3) ? static_cast<char>(r.below(256)) : alphabet[r.below(alphabet.size())];
  return s;
}

TEST(ArbitraryInput, MutationsStayWithinMaxSize) {
  const tag_record_mutator sts(grammar::sts_txt);
  const tag_record_mutator tlsrpt(grammar::tlsrpt);
  const policy_mutator policy;
  rng inputs(99);
  for (int i = 0; i < 3000; ++i) {
    const std::string a = random_input(inputs);
    const std::string b = random_input(inputs);
    const std::size_t max_size = a.size() + inputs.below(300);
    const unsigned seed = static_cast<unsigned>(i);
    rng r1(seed), r2(seed), r3(seed), r4(seed), r5(seed), r6(seed);
    const std::string x = sts.mutate(a, max_size, r1, b);
    const std::string y = tlsrpt.cross_over(a, b, max_size, r2);
    const std::string z = policy.mutate(a, max_size, r3, b);
    const std::string w = policy.cross_over(a, b, max_size, r4);
    ASSERT_LE(x.size(), max_size);
    ASSERT_LE(y.size(), max_size);
    ASSERT_LE(z.size(), max_size);
    ASSERT_LE(w.size(), max_size);
    ASSERT_EQ(x, sts.mutate(a, max_size, r5, b));
    ASSERT_EQ(z, policy.mutate(a, max_size, r6, b));
  }
}

}  // namespace
