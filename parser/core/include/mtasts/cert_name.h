// SPDX-License-Identifier: Apache-2.0
// Certificate DNS-ID matching for MX hosts (RFC 8461 §4.2) and Policy Hosts (§3.3).
// Pure functions over names: the SAN dNSName entries of a certificate against a
// reference host. Only SAN DNS-IDs are ever passed here; there is no CN fallback.
#pragma once

#include <span>
#include <string_view>

namespace mtasts {

struct cert_match_options {
  // RFC 6125 §6.4.3 (MAY): partial-label wildcards such as mx*.example.com for MX hosts.
  // Off by default; never applies to the Policy Host (§3.3).
  bool allow_partial_wildcard = false;
};

// RFC 8461 §4.2 with RFC 6125 §6.4: does one SAN dNSName match the MX host? The host
// is checked with parse_host_name: an invalid host, like a malformed SAN entry, never
// matches.
bool cert_name_matches_mx_host(std::string_view san_dns_name, std::string_view host,
                               const cert_match_options& options = {}) noexcept;

// RFC 8461 §3.3: the stricter Policy Host rule: '*' only as the whole left-most label.
bool cert_name_matches_policy_host(std::string_view san_dns_name,
                                   std::string_view policy_host) noexcept;

// True when any entry matches.
bool any_cert_name_matches_mx_host(std::span<const std::string_view> san_dns_names,
                                   std::string_view host,
                                   const cert_match_options& options = {}) noexcept;
bool any_cert_name_matches_policy_host(std::span<const std::string_view> san_dns_names,
                                       std::string_view policy_host) noexcept;

}  // namespace mtasts
