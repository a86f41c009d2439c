// SPDX-License-Identifier: Apache-2.0
// A small deterministic random source for the grammar mutators, seeded from libFuzzer's Seed
// argument: the same seed always yields the same sequence, on every platform.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace mtasts_fuzz::mutators {

class rng {
 public:
  explicit rng(std::uint64_t seed) noexcept;

  // Next 64 random bits (SplitMix64).
  std::uint64_t next() noexcept;
  // A value in [0, n); 0 when n is 0.
  std::size_t below(std::size_t n) noexcept;
  // True with probability 1/n (never when n is 0).
  bool one_in(std::size_t n) noexcept;
  // Index chosen with probability proportional to weights[i]; 0 when all weights are 0.
  std::size_t weighted(std::span<const unsigned> weights) noexcept;

  template <class T>
  const T& pick(std::span<const T> items) noexcept {
    return items[below(items.size())];
  }

 private:
  std::uint64_t state_;
};

}  // namespace mtasts_fuzz::mutators
