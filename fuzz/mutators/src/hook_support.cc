// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/hook_support.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "fuzz_mutators/policy_mutator.h"
#include "fuzz_mutators/rng.h"
#include "fuzz_mutators/tag_record_mutator.h"

namespace mtasts_fuzz::mutators {

namespace {

std::string_view view(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view()
                   : std::string_view(reinterpret_cast<const char*>(data), size);
}

std::string grammar_mutate(grammar g, std::string_view input, std::size_t max_size, rng& random) {
  if (g == grammar::policy) return policy_mutator{}.mutate(input, max_size, random);
  return tag_record_mutator{g}.mutate(input, max_size, random);
}

}  // namespace

std::size_t custom_mutate(grammar g, std::uint8_t* data, std::size_t size, std::size_t max_size,
                          unsigned int seed, byte_mutator fallback) {
  rng random(seed);
  if (random.one_in(fallback_one_in)) return fallback(data, size, max_size);
  const std::string_view input = view(data, size);
  const std::string out = grammar_mutate(g, input, max_size, random);
  if (out == input || out.size() > max_size) return fallback(data, size, max_size);
  std::copy(out.begin(), out.end(), data);
  return out.size();
}

std::size_t custom_cross_over(grammar g, const std::uint8_t* data1, std::size_t size1,
                              const std::uint8_t* data2, std::size_t size2, std::uint8_t* out,
                              std::size_t max_out_size, unsigned int seed) {
  rng random(seed);
  const std::string_view first = view(data1, size1);
  const std::string_view second = view(data2, size2);
  const std::string child =
      g == grammar::policy ? policy_mutator{}.cross_over(first, second, max_out_size, random)
                           : tag_record_mutator{g}.cross_over(first, second, max_out_size, random);
  if (child.empty() || child.size() > max_out_size) return 0;
  std::copy(child.begin(), child.end(), out);
  return child.size();
}

}  // namespace mtasts_fuzz::mutators
