// SPDX-License-Identifier: Apache-2.0
#include "fuzz_mutators/rng.h"

namespace mtasts_fuzz::mutators {

rng::rng(std::uint64_t seed) noexcept : state_(seed ^ 0x6d74617374735f66ULL) {}

std::uint64_t rng::next() noexcept {
  state_ += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::size_t rng::below(std::size_t n) noexcept {
  if (n == 0) return 0;
  return static_cast<std::size_t>(next() % n);
}

bool rng::one_in(std::size_t n) noexcept { return n != 0 && below(n) == 0; }

std::size_t rng::weighted(std::span<const unsigned> weights) noexcept {
  std::size_t total = 0;
  for (unsigned w : weights) total += w;
  if (total == 0) return 0;
  std::size_t roll = below(total);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (roll < weights[i]) return i;
    roll -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace mtasts_fuzz::mutators
