// SPDX-License-Identifier: Apache-2.0
// Certificate DNS-ID matching (RFC 8461 §3.3, §4.2; RFC 6125 §6.4).
#include "mtasts/cert_name.h"

#include "char_class.h"
#include "mtasts/host_name.h"

namespace mtasts {
namespace {

using detail::is_alnum;

// A presented dNSName we are willing to compare: ASCII LDH labels (and '*' in the first
// label, checked by the caller), no empty label, no trailing dot (A-15, RFC 5280 §4.2.1.6).
bool well_formed_reference(std::string_view name) {
  if (name.empty() || name.back() == '.' || name.front() == '.') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '.') {
      if (name[i - 1] == '.') return false;
    } else if (!is_alnum(c) && c != '-' && c != '*') {
      return false;
    }
  }
  return true;
}

bool label_matches_partial(std::string_view pattern, std::string_view label) {
  // RFC 6125 §6.4.3 (MAY): "mx*" matches "mx1"; "*" stands for one or more characters.
  const std::size_t star = pattern.find('*');
  const std::string_view prefix = pattern.substr(0, star), suffix = pattern.substr(star + 1);
  if (label.size() <= prefix.size() + suffix.size()) return false;
  return ascii_iequals(label.substr(0, prefix.size()), prefix) &&
         ascii_iequals(label.substr(label.size() - suffix.size()), suffix);
}

bool matches(std::string_view san, std::string_view reference, bool allow_partial) {
  // an invalid host (U-label, '*', '_', empty label) matches nothing.
  const result<std::string_view> valid_host = parse_host_name(reference);
  if (!valid_host.ok() || !well_formed_reference(san)) return false;
  const std::string_view host = valid_host.value();  // without its trailing dot
  const std::size_t first_dot = san.find('.');
  const std::size_t star = san.find('*');
  if (star == std::string_view::npos) return ascii_iequals(san, host);  // RFC 6125 §6.4.1
  // RFC 6125 §6.4.3: wildcard only in the left-most label, and only one.
  if (first_dot == std::string_view::npos || star > first_dot ||
      san.find('*', star + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view san_label = san.substr(0, first_dot);
  const std::string_view san_rest = san.substr(first_dot + 1);
  // "*.tld" and a bare "*" cover too much; at least two labels follow the wildcard.
  if (san_rest.find('.') == std::string_view::npos) return false;
  const std::size_t host_dot = host.find('.');
  if (host_dot == std::string_view::npos || host_dot == 0) return false;
  if (!ascii_iequals(host.substr(host_dot + 1), san_rest)) return false;
  const std::string_view host_label = host.substr(0, host_dot);
  if (san_label == "*") return true;  // exactly one whole label
  // RFC 6125 §6.4.3: no wildcard inside an A-label; partial labels are a MAY, off by default.
  if (!allow_partial || ascii_iequals(san_label.substr(0, 4), "xn--")) return false;
  return label_matches_partial(san_label, host_label);
}

}  // namespace

bool cert_name_matches_mx_host(std::string_view san_dns_name, std::string_view host,
                               const cert_match_options& options) noexcept {
  // RFC 8461 §4.2: SAN DNS-IDs under RFC 6125; no CN fallback (callers pass SANs only).
  return matches(san_dns_name, host, options.allow_partial_wildcard);
}

bool cert_name_matches_policy_host(std::string_view san_dns_name,
                                   std::string_view policy_host) noexcept {
  // RFC 8461 §3.3: "*" only as the whole left-most label; partial wildcards never.
  return matches(san_dns_name, policy_host, false);
}

bool any_cert_name_matches_mx_host(std::span<const std::string_view> san_dns_names,
                                   std::string_view host,
                                   const cert_match_options& options) noexcept {
  for (std::string_view name : san_dns_names) {
    if (cert_name_matches_mx_host(name, host, options)) return true;
  }
  return false;
}

bool any_cert_name_matches_policy_host(std::span<const std::string_view> san_dns_names,
                                       std::string_view policy_host) noexcept {
  for (std::string_view name : san_dns_names) {
    if (cert_name_matches_policy_host(name, policy_host)) return true;
  }
  return false;
}

}  // namespace mtasts
