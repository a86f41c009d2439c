// SPDX-License-Identifier: Apache-2.0
// HTTPS evidence (see https_evidence.h).
#include "mtasts/live/https_evidence.h"

#include <array>

#include "mtasts/ascii.h"
#include "mtasts/observation/printable_text.h"

namespace mtasts::live {
namespace {

std::string_view transport_words(engine::transport_status t) {
  switch (t) {
    case engine::transport_status::connect_error:
      return "could not connect";
    case engine::transport_status::tls_error:
      return "TLS failed";
    case engine::transport_status::timeout:
      return "timed out";
    case engine::transport_status::completed:
      break;
  }
  return "completed";
}

}  // namespace

std::string describe_response(const engine::https_response& response,
                              std::string_view transport_detail) {
  if (response.transport != engine::transport_status::completed) {
    std::string line(transport_words(response.transport));
    if (!transport_detail.empty()) {
      line += ": " + observation::printable_prefix(transport_detail, max_described_header_bytes);
    }
    return line;
  }
  std::string line = "HTTP " + std::to_string(response.status);
  // The headers that explain a refusal or a redirect; the first of each, as received.
  for (const std::string_view name : std::array<std::string_view, 2>{"Location", "Content-Type"}) {
    for (const auto& [field, value] : response.headers) {
      if (!ascii_iequals(field, name)) continue;
      line += ", " + std::string(name) + ": " +
              observation::printable_prefix(value, max_described_header_bytes);
      break;
    }
  }
  line += ", " + std::to_string(response.body.size()) +
          (response.body.size() == 1 ? " byte" : " bytes");
  if (response.body_truncated) line += " (cut at the size limit)";
  return line;
}

}  // namespace mtasts::live
