// SPDX-License-Identifier: Apache-2.0
// The CLI's rendering of one result (see output.h).
#include "output.h"

namespace mtasts::cli {

std::string render(const json& value, bool pretty) {
  // error_handler_t::replace is a second line of defence only: observations already keep
  // every string well-formed, and the registry's texts are UTF-8 literals.
  std::string text = value.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
  text += '\n';
  return text;
}

}  // namespace mtasts::cli
