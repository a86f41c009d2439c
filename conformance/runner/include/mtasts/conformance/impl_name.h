// SPDX-License-Identifier: Apache-2.0
// An implementation's name is data, and also a file name: conformance/expectations/<impl>.json,
// DIR/<impl>.json of --index. So it is one word of [A-Za-z0-9._-], not "." or "..", and short
// enough for any file system; a name from a shim config, --impl, a black-box profile or a
// shim's --capabilities answer is checked here before any file is written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mtasts::conformance {

inline constexpr std::size_t max_impl_name_bytes = 64;

// nullopt for a good name, else what is wrong with it ("\"../x\" holds '/': an implementation
// name is letters, digits, '.', '_' and '-'").
std::optional<std::string> impl_name_problem(std::string_view name);

}  // namespace mtasts::conformance
