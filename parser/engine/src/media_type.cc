// SPDX-License-Identifier: Apache-2.0
// HTTP header lookup and the text/plain media-type check.
#include "media_type.h"

#include "mtasts/host_name.h"

namespace mtasts::engine {

std::optional<std::string_view> header_value(
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (ascii_iequals(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

bool is_text_plain(std::string_view content_type) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  const std::size_t semicolon = content_type.find(';');
  return ascii_iequals(trim(content_type.substr(0, semicolon)), "text/plain");
}

}  // namespace mtasts::engine
