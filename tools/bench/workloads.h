// SPDX-License-Identifier: Apache-2.0
// The inputs of the Google Benchmark rows: the policy and TXT shapes docs/PERFORMANCE.md
// reports separately. Deterministic; built once per benchmark, outside the timed loop.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "mtasts/policy.h"

namespace mtasts::bench {

enum class policy_shape {
  typical,  // version, mode, two mx, max_age: what most domains publish
  mx50,     // fifty mx lines
  max_size  // as many lines as fit in 64 KiB (the default max_size), some of them extensions
};

std::string_view to_string(policy_shape shape) noexcept;
std::string make_policy(policy_shape shape, line_ending ending);

// Lines in body: the storage a parse into caller-supplied spans needs at most.
std::size_t count_lines(std::string_view body) noexcept;

enum class txt_shape {
  typical,    // v=STSv1; id=20240101T000000;
  extensions  // an id and three extension fields
};

std::string_view to_string(txt_shape shape) noexcept;
std::string make_txt(txt_shape shape);

}  // namespace mtasts::bench
