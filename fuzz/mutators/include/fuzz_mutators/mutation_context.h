// SPDX-License-Identifier: Apache-2.0
// What every operator sees besides the units it edits.
#pragma once
#include <cstddef>
#include <span>
#include <string_view>

#include "fuzz_mutators/rng.h"

namespace mtasts_fuzz::mutators {

struct mutation_context {
  rng& random;
  std::size_t max_size;      // the output must not exceed it (libFuzzer's MaxSize)
  std::string_view partner;  // the crossover partner; empty when there is none
};

// A size target for the grow operators: one of the boundaries (ascending) that lie above
// current and fit in max_size, the smaller ones more often; max_size itself now and then, and
// when no boundary fits. 0 when nothing is above current.
std::size_t pick_size_target(std::span<const std::size_t> boundaries, std::size_t current,
                             std::size_t max_size, rng& random);

}  // namespace mtasts_fuzz::mutators
