// SPDX-License-Identifier: Apache-2.0
// Fuzz target: certificate DNS-ID matching for MX hosts (RFC 8461 §4.2, RFC 6125 §6.4) and
// for the Policy Host (§3.3).
//
// Input: FuzzedDataProvider split: sans = ConsumeRandomLengthString() (a backslash followed by
// any other byte ends it), host = the remaining bytes. sans is a comma-separated list of SAN
// dNSNames; each entry is matched on its own and the list through any_*. A seed is written as
// <san>[,<san>...]\<any byte><host>, e.g. "*.example.com\ mx1.example.com".
// Verdict (seed names): y_ = some SAN matches the host as an MX host (default options).
//
// Oracles per entry: the Policy Host match implies the MX host match, which implies the match
// with partial wildcards allowed (each rule only relaxes the previous one); ASCII case of SAN
// and host never matters; a trailing dot on the host changes nothing, on the SAN it prevents
// any match; a SAN without '*' matches exactly the case-insensitively equal host; a whole-label
// wildcard matches exactly one extra label; "*", "*.tld", wildcards after the first label and
// inside an A-label never match; any_* equals the OR over the list.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz_support.h"
#include "input_framing.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

struct split_input {
  std::string sans;
  std::string host;
};

split_input split_fdp(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::two_strings in = mtasts_fuzz::split_two_strings(data, size);
  return {std::move(in.first), std::move(in.rest)};
}

struct verdicts {
  bool policy, mx, partial;
  friend bool operator==(const verdicts&, const verdicts&) = default;
};

verdicts match_all(std::string_view san, std::string_view host) {
  mtasts::cert_match_options partial;
  partial.allow_partial_wildcard = true;
  return {mtasts::cert_name_matches_policy_host(san, host),
          mtasts::cert_name_matches_mx_host(san, host),
          mtasts::cert_name_matches_mx_host(san, host, partial)};
}

std::string_view without_trailing_dot(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return host;
}

void check_entry(std::string_view san, std::string_view host) {
  const verdicts v = match_all(san, host);
  // Each rule relaxes the previous one.
  MTASTS_FUZZ_CHECK(!v.policy || v.mx, "Policy Host match without MX host match");
  MTASTS_FUZZ_CHECK(!v.mx || v.partial, "allow_partial_wildcard lost a match");

  // ASCII case never matters.
  MTASTS_FUZZ_CHECK(match_all(mtasts_fuzz::ascii_upper(san), host) == v, "SAN case");
  MTASTS_FUZZ_CHECK(match_all(san, mtasts_fuzz::ascii_upper(host)) == v, "host case");
  MTASTS_FUZZ_CHECK(match_all(mtasts_fuzz::ascii_lower(san), mtasts_fuzz::ascii_lower(host)) == v,
                    "lower case");
  // the host's trailing dot is dropped; a SAN with one never matches.
  if (host.empty() || host.back() != '.') {
    MTASTS_FUZZ_CHECK(match_all(san, std::string(host) + ".") == v, "host trailing dot");
  }
  MTASTS_FUZZ_CHECK(match_all(std::string(san) + ".", host) == verdicts{}, "SAN trailing dot");

  const std::string_view name = without_trailing_dot(host);
  const std::size_t star = san.find('*');
  if (star == std::string_view::npos) {
    // RFC 6125 §6.4.1: without a wildcard, matching is case-insensitive equality.
    MTASTS_FUZZ_CHECK(!v.partial || mtasts::ascii_iequals(san, name), "exact SAN vs equality");
    if (mtasts::ascii_iequals(san, name) && mtasts::parse_host_name(host).ok()) {
      MTASTS_FUZZ_CHECK(v.policy && v.mx && v.partial, "equal valid host did not match");
    }
    return;
  }
  const std::size_t first_dot = san.find('.');
  const std::string_view rest =
      first_dot == std::string_view::npos ? std::string_view() : san.substr(first_dot + 1);
  const bool whole_label = san.substr(0, 2) == "*.";
  // Wildcards: never "*", "*.tld", past the first label, twice, or inside an A-label.
  if (first_dot == std::string_view::npos || star > first_dot ||
      rest.find('.') == std::string_view::npos ||
      san.find('*', star + 1) != std::string_view::npos ||
      mtasts::ascii_iequals(san.substr(0, 4), "xn--")) {
    MTASTS_FUZZ_CHECK(v == verdicts{}, "forbidden wildcard matched");
  }
  if (!whole_label) {
    MTASTS_FUZZ_CHECK(!v.policy && !v.mx, "partial-label wildcard matched by default");
  }
  if (v.partial) {
    // Exactly one extra label: the host's labels after the first equal the SAN's.
    const std::size_t host_dot = name.find('.');
    MTASTS_FUZZ_CHECK(host_dot != std::string_view::npos && host_dot > 0, "host label");
    MTASTS_FUZZ_CHECK(mtasts::ascii_iequals(name.substr(host_dot + 1), rest), "wildcard base");
  }
  if (whole_label && mtasts::parse_host_name(host).ok()) {
    const std::size_t host_dot = name.find('.');
    const bool one_more = host_dot != std::string_view::npos &&
                          mtasts::ascii_iequals(name.substr(host_dot + 1), rest) &&
                          rest.find('.') != std::string_view::npos;
    // A malformed SAN never matches; a well-formed "*.a.b" matches exactly one more label.
    bool well_formed = true;
    for (char c : rest) {
      const bool ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.';
      well_formed = well_formed && ldh;
    }
    well_formed = well_formed && mtasts::parse_host_name(rest).ok() && rest.back() != '.';
    if (well_formed) MTASTS_FUZZ_CHECK(v.mx == one_more, "whole-label wildcard");
  }
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const split_input in = split_fdp(data, size);
  const std::vector<std::string_view> sans = mtasts_fuzz::split(in.sans, ',');
  return mtasts::any_cert_name_matches_mx_host(sans, in.host) ? 1 : 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  const split_input in = split_fdp(data, size);
  const std::vector<std::string_view> sans = mtasts_fuzz::split(in.sans, ',');
  if (sans.size() > 1) check_entry(in.sans, in.host);  // the whole list as one (bad) name
  verdicts any{};
  for (std::string_view san : sans) {
    check_entry(san, in.host);
    const verdicts v = match_all(san, in.host);
    any = {any.policy || v.policy, any.mx || v.mx, any.partial || v.partial};
  }
  mtasts::cert_match_options partial;
  partial.allow_partial_wildcard = true;
  MTASTS_FUZZ_CHECK(mtasts::any_cert_name_matches_policy_host(sans, in.host) == any.policy, "any");
  MTASTS_FUZZ_CHECK(mtasts::any_cert_name_matches_mx_host(sans, in.host) == any.mx, "any");
  MTASTS_FUZZ_CHECK(mtasts::any_cert_name_matches_mx_host(sans, in.host, partial) == any.partial,
                    "any partial");
  return 0;
}

MTASTS_FUZZ_HARNESS_END
