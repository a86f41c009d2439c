// SPDX-License-Identifier: Apache-2.0
// Parsing `ADDR:PORT` / `[IPv6]:PORT` / `ADDR` for --resolver.
#include "mtasts/live/server_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace mtasts::live {
namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(value);
}

bool is_ipv4(const std::string& a) {
  in_addr out{};
  return inet_pton(AF_INET, a.c_str(), &out) == 1;
}

bool is_ipv6(const std::string& a) {
  in6_addr out{};
  return inet_pton(AF_INET6, a.c_str(), &out) == 1;
}

}  // namespace

std::optional<server_address> parse_server_address(std::string_view text,
                                                   std::uint16_t default_port) {
  server_address out;
  out.port = default_port;
  if (text.starts_with('[')) {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.address = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return std::nullopt;
      const std::optional<std::uint16_t> port = parse_port(rest.substr(1));
      if (!port) return std::nullopt;
      out.port = *port;
    }
    out.ipv6 = true;
    return is_ipv6(out.address) ? std::optional(out) : std::nullopt;
  }
  // A bare IPv6 address has several colons; an IPv4 one has at most the port's.
  if (text.find(':') != text.rfind(':')) {
    out.address = std::string(text);
    out.ipv6 = true;
    return is_ipv6(out.address) ? std::optional(out) : std::nullopt;
  }
  const std::size_t colon = text.find(':');
  out.address = std::string(text.substr(0, colon));
  if (colon != std::string_view::npos) {
    const std::optional<std::uint16_t> port = parse_port(text.substr(colon + 1));
    if (!port) return std::nullopt;
    out.port = *port;
  }
  return is_ipv4(out.address) ? std::optional(out) : std::nullopt;
}

}  // namespace mtasts::live
