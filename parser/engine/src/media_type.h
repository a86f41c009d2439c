// SPDX-License-Identifier: Apache-2.0
// HTTP header lookup and the text/plain media-type check (RFC 8461 §3.2, RFC 9110 §8.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mtasts::engine {

// The value of the first header named `name` (field names are case-insensitive).
std::optional<std::string_view> header_value(
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name);

// RFC 9110 §8.3.1: type "/" subtype *( OWS ";" OWS parameter ); type and subtype are
// case-insensitive. True when the media type is text/plain, whatever the parameters.
bool is_text_plain(std::string_view content_type);

}  // namespace mtasts::engine
