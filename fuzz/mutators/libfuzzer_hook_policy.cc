// SPDX-License-Identifier: Apache-2.0
// libFuzzer hooks: the grammar mutator of mtasts_fuzz_mutators for the policy body
// (grammar::policy), with libFuzzer's own mutator as the fallback. Linked into a variant binary
// of the target; holds nothing but the hooks.
#include <cstddef>
#include <cstdint>

#include "fuzz_mutators/hook_support.h"

extern "C" size_t LLVMFuzzerMutate(uint8_t* Data, size_t Size, size_t MaxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* Data, size_t Size, size_t MaxSize,
                                          unsigned int Seed) {
  return mtasts_fuzz::mutators::custom_mutate(mtasts_fuzz::mutators::grammar::policy, Data, Size,
                                              MaxSize, Seed, &LLVMFuzzerMutate);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t* Data1, size_t Size1,
                                            const uint8_t* Data2, size_t Size2, uint8_t* Out,
                                            size_t MaxOutSize, unsigned int Seed) {
  return mtasts_fuzz::mutators::custom_cross_over(mtasts_fuzz::mutators::grammar::policy, Data1,
                                                  Size1, Data2, Size2, Out, MaxOutSize, Seed);
}
