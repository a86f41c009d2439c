// SPDX-License-Identifier: Apache-2.0
// A string view kept for later, trivially constructible: a parser set up on every call
// keeps several, and zeroing them all up front (a `rep stos`) showed in profiles.
// Whoever keeps one records separately whether it has been written.
#pragma once

#include <cstddef>
#include <string_view>

namespace mtasts::detail {

struct kept_view {
  const char* data;
  std::size_t size;

  kept_view& operator=(std::string_view v) noexcept {
    data = v.data();
    size = v.size();
    return *this;
  }
  [[nodiscard]] std::string_view view() const noexcept { return {data, size}; }
};

}  // namespace mtasts::detail
