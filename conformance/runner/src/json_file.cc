// SPDX-License-Identifier: Apache-2.0
// Reading text and JSON files; see json_file.h.
#include "mtasts/conformance/json_file.h"

#include <fstream>

namespace mtasts::conformance {

std::optional<std::string> read_text_file(const std::string& path, std::size_t max_bytes,
                                          std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read";
    return std::nullopt;
  }
  std::string text;
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      in.clear();  // the last read may have met the end
      in.seekg(0, std::ios::end);
      const auto size = static_cast<long long>(in.tellg());
      error = (size > 0 ? std::to_string(size) : "over " + std::to_string(max_bytes)) +
              " bytes, more than the limit of " + std::to_string(max_bytes);
      return std::nullopt;
    }
  }
  if (in.bad()) {
    error = "cannot read";
    return std::nullopt;
  }
  return text;
}

std::optional<json> read_json_file(const std::string& path, std::string& error,
                                   const observation::json_limits& limits) {
  const std::optional<std::string> text = read_text_file(path, limits.max_bytes, error);
  if (!text) {
    error = path + ": " + error;
    return std::nullopt;
  }
  observation::json_read doc = observation::read_json(*text, limits);
  if (!doc.document) {
    error = path + ": " + doc.error;
    return std::nullopt;
  }
  return std::move(doc.document);
}

}  // namespace mtasts::conformance
