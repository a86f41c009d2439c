// SPDX-License-Identifier: Apache-2.0
// Reading a file of text or JSON with a cap on its size and an error that names the file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "mtasts/conformance/fixture.h"
#include "mtasts/observation/json_input.h"

namespace mtasts::conformance {

// Largest JSON file read whole (expectations, shim configs, black-box profiles, indexes);
// fixtures have their own cap (max_fixture_file_bytes).
inline constexpr std::size_t max_json_file_bytes = std::size_t{16} << 20;

// The file's bytes, or nullopt and `error` ("cannot read" / "N bytes, more than the limit
// of M"); never holds much more than max_bytes.
std::optional<std::string> read_text_file(const std::string& path, std::size_t max_bytes,
                                          std::string& error);

// The document, or nullopt and `error` ("PATH: cannot read" / "PATH: line L, column C: ...").
std::optional<json> read_json_file(const std::string& path, std::string& error,
                                   const observation::json_limits& limits = {
                                       observation::max_json_depth, observation::max_json_values,
                                       max_json_file_bytes});

}  // namespace mtasts::conformance
