// SPDX-License-Identifier: Apache-2.0
// A field that the grammar admits as an extension (name=value or name: value).
#pragma once

#include <string_view>

namespace mtasts {

struct extension {
  std::string_view name;
  std::string_view value;

  friend bool operator==(const extension&, const extension&) = default;
};

}  // namespace mtasts
