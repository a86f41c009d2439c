// SPDX-License-Identifier: Apache-2.0
// What the libFuzzer hooks (libfuzzer_hook_*.cc) call: the grammar mutation of one target's
// input, with libFuzzer's own mutator as the fallback. libFuzzer's LLVMFuzzerMutate is passed
// in, so this library links without libFuzzer (the unit tests pass a stand-in).
#pragma once
#include <cstddef>
#include <cstdint>

#include "fuzz_mutators/grammar.h"

namespace mtasts_fuzz::mutators {

using byte_mutator = std::size_t (*)(std::uint8_t* data, std::size_t size, std::size_t max_size);

// One in `fallback_one_in` calls goes to libFuzzer's mutator directly.
inline constexpr std::size_t fallback_one_in = 3;

// For LLVMFuzzerCustomMutator: mutates data[0, size) in place (capacity max_size) and returns
// the new size. Uses `fallback` one time in fallback_one_in, and whenever the grammar
// mutation leaves the input unchanged.
std::size_t custom_mutate(grammar g, std::uint8_t* data, std::size_t size, std::size_t max_size,
                          unsigned int seed, byte_mutator fallback);

// For LLVMFuzzerCustomCrossOver: writes a combination of the two inputs to out (capacity
// max_out_size) and returns its size; 0 when none was found (libFuzzer then moves on).
std::size_t custom_cross_over(grammar g, const std::uint8_t* data1, std::size_t size1,
                              const std::uint8_t* data2, std::size_t size2, std::uint8_t* out,
                              std::size_t max_out_size, unsigned int seed);

}  // namespace mtasts_fuzz::mutators
