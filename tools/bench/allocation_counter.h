// SPDX-License-Identifier: Apache-2.0
// Counts heap allocations: the benchmark binary replaces every global operator new
// (allocation_counter.cc) so each benchmark can report allocations per operation.
#pragma once

#include <benchmark/benchmark.h>
#include <cstdint>

namespace mtasts::bench {

// Global operator new calls (every form) made by this process so far.
std::uint64_t allocations() noexcept;

// Sets the "allocs_per_op" counter of state: the allocations since `before` (taken just
// before the benchmark loop) divided by the iterations run.
void report_allocations(benchmark::State& state, std::uint64_t before);

}  // namespace mtasts::bench
