// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/mutation_context.h"

#include <vector>

namespace mtasts_fuzz::mutators {

std::size_t pick_size_target(std::span<const std::size_t> boundaries, std::size_t current,
                             std::size_t max_size, rng& random) {
  std::vector<std::size_t> fitting;
  for (std::size_t b : boundaries)
    if (b > current && b <= max_size) fitting.push_back(b);
  if (max_size > current && (fitting.empty() || random.one_in(4))) fitting.push_back(max_size);
  if (fitting.empty()) return 0;
  // Skewed towards the smaller targets: a large input costs every later execution.
  return fitting[random.below(random.below(fitting.size()) + 1)];
}

}  // namespace mtasts_fuzz::mutators
