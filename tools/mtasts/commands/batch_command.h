// SPDX-License-Identifier: Apache-2.0
// `mtasts batch [--profile NAME]`: the reference shim's level-P batch form
// (conformance/PROTOCOL.md "Batch"): one JSON request per line on stdin, one answer line per
// request on stdout, each the answer `mtasts parse|match|cert-match|build` gives alone.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace mtasts::cli {

// The longest request line read (a 16 MiB report as base64 with room to spare); a longer one
// ends the batch with exit 2 rather than growing without bound.
inline constexpr std::size_t max_batch_request_bytes = std::size_t{32} << 20;

// Answers every request of `in` in order; 0 at end of input, 2 (with the reason on `err`) for
// a line that is not a request, is too long, or asks what cannot be read (a records FILE that
// is not JSON). A profile that does not model a question's kind answers it with exit 89.
int run_batch(std::istream& in, std::ostream& out, std::ostream& err, const std::string& profile);

void add_batch_command(CLI::App& app, std::optional<std::function<int()>>& chosen);

}  // namespace mtasts::cli
