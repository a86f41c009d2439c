// SPDX-License-Identifier: Apache-2.0
// A server address given on the command line: `ADDR:PORT`, `[IPv6]:PORT`, or a bare address
// (the default port then applies). Used by --resolver.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mtasts::live {

struct server_address {
  std::string address;  // numeric IPv4 or IPv6, without brackets
  bool ipv6 = false;
  std::uint16_t port = 53;
};

// nullopt when text is not a numeric address with an optional port in 1..65535.
std::optional<server_address> parse_server_address(std::string_view text,
                                                   std::uint16_t default_port = 53);

}  // namespace mtasts::live
