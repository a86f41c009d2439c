// SPDX-License-Identifier: Apache-2.0
// Access to the committed test PKI (fixtures/certs/, made by tools/gen-test-pki.sh).
#pragma once

#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "mtasts/engine/ports.h"

namespace test_pki {

using mtasts::engine::unix_seconds;

// Windows of the test PKI (fixtures/certs/README.md).
inline constexpr unix_seconds kValidFrom = 946684800;     // 2000-01-01T00:00:00Z
inline constexpr unix_seconds kValidTo = 253402300799;    // 9999-12-31T23:59:59Z
inline constexpr unix_seconds kExpiredTo = 978307199;     // 2000-12-31T23:59:59Z
inline constexpr unix_seconds kFutureFrom = 29379542400;  // 2901-01-01T00:00:00Z
// A fixture time between 2001 and 2899: 2026-11-28T00:00:00Z.
inline constexpr unix_seconds kNow = 1795824000;
inline constexpr unix_seconds kMid2000 = 959990400;  // 2000-06-03T00:00:00Z

inline std::string path(std::string_view name) {
  return std::string(MTASTS_SOURCE_DIR) + "/fixtures/certs/" + std::string(name);
}

// The text of fixtures/certs/<name>; empty when the file cannot be read.
inline std::string read(std::string_view name) {
  std::ifstream in(path(name), std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace test_pki
