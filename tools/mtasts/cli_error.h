// SPDX-License-Identifier: Apache-2.0
// A usage or I/O error: main() prints "mtasts: <message>" as one line on stderr and exits 2.
#pragma once

#include <stdexcept>
#include <string>

namespace mtasts::cli {

class cli_error : public std::runtime_error {
 public:
  explicit cli_error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace mtasts::cli
