// SPDX-License-Identifier: Apache-2.0
// The hook glue: libFuzzer's mutator gets a share of the calls and every call the grammar
// could not serve; results fit the buffers and are deterministic per seed.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_mutators/hook_support.h"

namespace {

using namespace mtasts_fuzz::mutators;

int fallback_calls = 0;

// Stand-in for LLVMFuzzerMutate: appends '#' when there is room.
std::size_t stand_in(std::uint8_t* data, std::size_t size, std::size_t max_size) {
  ++fallback_calls;
  if (size < max_size) data[size++] = '#';
  return size;
}

std::string run(grammar g, std::string_view input, std::size_t max_size, unsigned seed) {
  std::vector<std::uint8_t> buffer(max_size + 1);
  std::memcpy(buffer.data(), input.data(), input.size());
  const std::size_t n = custom_mutate(g, buffer.data(), input.size(), max_size, seed, &stand_in);
  EXPECT_LE(n, max_size);
  return std::string(reinterpret_cast<const char*>(buffer.data()), n);
}

TEST(HookSupport, FallsBackPartOfTheTime) {
  fallback_calls = 0;
  int grammar_changes = 0;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    const std::string out = run(grammar::sts_txt, "v=STSv1; id=1", 512, seed);
    if (!out.ends_with('#')) ++grammar_changes;
  }
  // About one in three calls goes to libFuzzer's mutator.
  EXPECT_GT(fallback_calls, 800);
  EXPECT_LT(fallback_calls, 1200);
  EXPECT_EQ(grammar_changes + fallback_calls, 3000);
}

TEST(HookSupport, FallsBackWhenTheGrammarCannotChangeTheInput) {
  fallback_calls = 0;
  // An empty input with no room: the grammar mutation (a minimal policy) does not fit.
  for (unsigned seed = 0; seed < 300; ++seed) EXPECT_EQ(run(grammar::policy, "", 0, seed), "");
  EXPECT_EQ(fallback_calls, 300);
}

TEST(HookSupport, DeterministicAndWithinMaxSize) {
  for (grammar g : all_grammars) {
    for (unsigned seed = 0; seed < 500; ++seed) {
      const std::string_view input = g == grammar::policy   ? "version: STSv1\nmode: none\n"
                                     : g == grammar::tlsrpt ? "v=TLSRPTv1; rua=mailto:a@b"
                                                            : "v=STSv1; id=1";
      const std::size_t max_size = input.size() + seed % 40;
      EXPECT_EQ(run(g, input, max_size, seed), run(g, input, max_size, seed));
    }
  }
}

TEST(HookSupport, CrossOverFitsTheOutputBuffer) {
  const std::string a = "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 1\n";
  const std::string b = "version: STSv1\r\nmode: testing\r\nmx: *.b.example\r\nmax_age: 2\r\n";
  int produced = 0;
  for (unsigned seed = 0; seed < 500; ++seed) {
    const std::size_t max_out = 20 + seed % 80;
    std::vector<std::uint8_t> out(max_out);
    const auto* pa = reinterpret_cast<const std::uint8_t*>(a.data());
    const auto* pb = reinterpret_cast<const std::uint8_t*>(b.data());
    const std::size_t n =
        custom_cross_over(grammar::policy, pa, a.size(), pb, b.size(), out.data(), max_out, seed);
    ASSERT_LE(n, max_out);
    if (n != 0) ++produced;
    std::vector<std::uint8_t> again(max_out);
    EXPECT_EQ(n, custom_cross_over(grammar::policy, pa, a.size(), pb, b.size(), again.data(),
                                   max_out, seed));
    EXPECT_EQ(std::memcmp(out.data(), again.data(), n), 0);
  }
  EXPECT_GT(produced, 250);
}

}  // namespace
