// SPDX-License-Identifier: Apache-2.0
// Fuzz target: policy mx patterns (RFC 8461 §3.2), host names (RFC 6125 §6.4) and MX host
// matching (RFC 8461 §4.1).
//
// Input: FuzzedDataProvider split: pattern = ConsumeRandomLengthString() (a backslash followed
// by any other byte ends it; "\\\\" is one backslash), host = the remaining bytes. A seed is
// written as  <pattern>\<any byte><host>, e.g. "*.example.com\ mx1.example.com".
// Verdict (seed names): y_ = match_mx(pattern, host) is a match; n_ = an invalid pattern or
// host, or no match.
//
// Oracles: error invariants; parse(serialize(p)) == p; strict ⊆ allow_trailing_dot; the mx
// line of a policy accepts exactly the valid patterns; match_mx agrees with parse_mx_pattern +
// parse_host_name + mx_pattern_matches; matcher laws: ASCII case-insensitive (pattern and
// host), a trailing dot on the host changes nothing, an exact pattern matches only the
// identical name and never a host with extra labels, "*.d" matches exactly the hosts with one
// more (non-empty) label than d.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_support.h"
#include "input_framing.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace {

using mtasts_fuzz::check_error;
using mtasts_fuzz::within;

struct split_input {
  std::string pattern;
  std::string host;
};

split_input split_fdp(const std::uint8_t* data, std::size_t size) {
  mtasts_fuzz::two_strings in = mtasts_fuzz::split_two_strings(data, size);
  return {std::move(in.first), std::move(in.rest)};
}

bool matches(const mtasts::mx_pattern& p, std::string_view host) {
  return mtasts::mx_pattern_matches(p, host);
}

void check_pattern(std::string_view text) {
  const mtasts::result<mtasts::mx_pattern> strict = mtasts::parse_mx_pattern(text);
  const mtasts::result<mtasts::mx_pattern> relaxed = mtasts::parse_mx_pattern(text, true);
  for (const auto* r : {&strict, &relaxed}) {
    if (!r->ok()) {
      check_error(r->error(), text, {"MX_PATTERN_"});
      continue;
    }
    const mtasts::mx_pattern& p = r->value();
    MTASTS_FUZZ_CHECK(within(p.domain, text), "domain is not a view into the pattern");
    MTASTS_FUZZ_CHECK(!p.domain.empty(), "empty domain");
    MTASTS_FUZZ_CHECK(p.wildcard == (text.substr(0, 2) == "*."), "wildcard flag");
    MTASTS_FUZZ_CHECK(p.domain.size() + (p.wildcard ? 2 : 0) <= text.size(), "output size");
    // Round trip: the canonical text parses back to the same pattern.
    const std::string canonical = mtasts::serialize(p);
    const mtasts::result<mtasts::mx_pattern> again = mtasts::parse_mx_pattern(canonical);
    MTASTS_FUZZ_CHECK(
        again.ok() && again.value().wildcard == p.wildcard && again.value().domain == p.domain,
        canonical);
  }
  if (strict.ok()) {
    MTASTS_FUZZ_CHECK(relaxed.ok(), "allow_trailing_dot rejects a strict-valid pattern");
    MTASTS_FUZZ_CHECK(relaxed.value() == strict.value(), "allow_trailing_dot changes fields");
    MTASTS_FUZZ_CHECK(mtasts::serialize(strict.value()) == text, "strict serialize is not exact");
  }
  // The mx line of a policy accepts exactly the valid patterns (A-4: others are extensions).
  if (text.find_first_of("\r\n") == std::string_view::npos && text.size() < 4096) {
    std::string body = "version: STSv1\nmode: enforce\nmax_age: 86400\nmx: ";
    body += text;
    body += '\n';
    const mtasts::result<mtasts::policy> policy = mtasts::parse_policy(body);
    if (strict.ok()) {
      MTASTS_FUZZ_CHECK(
          policy.ok() && policy.value().mx.size() == 1 && policy.value().mx[0] == text, body);
    } else if (policy.ok()) {
      // The value may still be a valid pattern after the policy trims WSP around it.
      MTASTS_FUZZ_CHECK(policy.value().mx.size() == 1, body);
      MTASTS_FUZZ_CHECK(mtasts::parse_mx_pattern(policy.value().mx[0]).ok(), body);
    }
  }
}

void check_host(std::string_view host) {
  const mtasts::result<std::string_view> h = mtasts::parse_host_name(host);
  if (!h.ok()) {
    check_error(h.error(), host, {"HOST_"});
    return;
  }
  const std::string_view name = h.value();
  MTASTS_FUZZ_CHECK(within(name, host), "host name is not a view into the input");
  MTASTS_FUZZ_CHECK(name == host || std::string(name) + "." == host, "only one dot dropped");
  MTASTS_FUZZ_CHECK(!name.empty() && name.size() <= 253, "host length");
  MTASTS_FUZZ_CHECK(name.back() != '.', "trailing dot kept");
  const std::string absolute = std::string(name) + ".";
  const mtasts::result<std::string_view> again = mtasts::parse_host_name(absolute);
  MTASTS_FUZZ_CHECK(again.ok() && again.value() == name, "absolute form of a valid host");
  MTASTS_FUZZ_CHECK(mtasts::parse_host_name(mtasts_fuzz::ascii_upper(name)).ok(), "case");
}

bool valid_host(std::string_view host) { return mtasts::parse_host_name(host).ok(); }

// Matcher laws for a valid host name (an invalid host matches nothing, A-19/A-20).
void check_laws(const mtasts::mx_pattern& p, std::string_view name) {
  if (!valid_host(name)) {
    MTASTS_FUZZ_CHECK(!matches(p, name), "an invalid host matched");
    return;
  }
  const bool m = matches(p, name);
  MTASTS_FUZZ_CHECK(matches(p, mtasts_fuzz::ascii_upper(name)) == m, "upper-cased host");
  MTASTS_FUZZ_CHECK(matches(p, mtasts_fuzz::ascii_lower(name)) == m, "lower-cased host");
  const std::string upper_domain = mtasts_fuzz::ascii_upper(p.domain);
  MTASTS_FUZZ_CHECK(matches(mtasts::mx_pattern{p.wildcard, upper_domain}, name) == m,
                    "upper-cased pattern");
  if (name.back() != '.') {
    MTASTS_FUZZ_CHECK(matches(p, std::string(name) + ".") == m, "trailing dot on the host");
  }
  const std::string_view bare = name.back() == '.' ? name.substr(0, name.size() - 1) : name;
  const std::string sub = "x." + std::string(bare);
  if (!p.wildcard) {
    // RFC 8461 §4.1: an exact pattern matches the identical name and never a subdomain.
    MTASTS_FUZZ_CHECK(m == mtasts::ascii_iequals(p.domain, bare), "exact is not equality");
    // The probe one label deeper is matched only when it is the pattern's own name ("x.mx"
    // with the host "mx"), never as a subdomain of a host the pattern matches.
    if (m) MTASTS_FUZZ_CHECK(!matches(p, sub), "exact pattern matched a subdomain");
    if (valid_host(sub)) {
      MTASTS_FUZZ_CHECK(matches(p, sub) == mtasts::ascii_iequals(p.domain, sub),
                        "exact is not equality (one label deeper)");
    }
    if (valid_host(p.domain)) {
      MTASTS_FUZZ_CHECK(matches(p, p.domain), "exact pattern missed its own domain");
    }
    return;
  }
  // "*.d" matches exactly the hosts with one more label than d.
  const std::size_t dot = bare.find('.');
  const bool one_more_label = dot != std::string_view::npos && dot > 0 &&
                              mtasts::ascii_iequals(bare.substr(dot + 1), p.domain);
  MTASTS_FUZZ_CHECK(m == one_more_label, "wildcard is not exactly one extra label");
  if (m) {
    MTASTS_FUZZ_CHECK(mtasts_fuzz::count_labels(bare) == mtasts_fuzz::count_labels(p.domain) + 1,
                      "label count");
    MTASTS_FUZZ_CHECK(!matches(p, sub), "wildcard matched two extra labels");
  }
  MTASTS_FUZZ_CHECK(!matches(p, p.domain), "wildcard matched its base domain");
  const std::string one = "mx." + std::string(p.domain);
  MTASTS_FUZZ_CHECK(matches(p, one) == valid_host(one), "wildcard missed one label");
  MTASTS_FUZZ_CHECK(!matches(p, "a." + one), "wildcard matched two labels");
}

}  // namespace

extern "C" int MtastsFuzzVerdict(const std::uint8_t* data, std::size_t size) {
  const split_input in = split_fdp(data, size);
  return mtasts::match_mx(in.pattern, in.host) ? 1 : 0;
}

extern "C" const char* MtastsFuzzTokens(const std::uint8_t* data, std::size_t size) {
  const split_input in = split_fdp(data, size);
  mtasts_fuzz::token_collector tokens;
  tokens.add(mtasts::parse_mx_pattern(in.pattern));
  tokens.add(mtasts::parse_mx_pattern(in.pattern, true));
  tokens.add(mtasts::parse_host_name(in.host));
  return tokens.str();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  mtasts_fuzz::input_scope scope(mtasts_fuzz::as_view(data, size));
  const split_input in = split_fdp(data, size);
  check_pattern(in.pattern);
  check_host(in.host);

  const mtasts::result<mtasts::mx_pattern> p = mtasts::parse_mx_pattern(in.pattern);
  const mtasts::result<std::string_view> h = mtasts::parse_host_name(in.host);
  const mtasts::mx_match r = mtasts::match_mx(in.pattern, in.host);
  // match_mx reports the pattern's error first, then the host's, else the match; its
  // truthiness is the match.
  MTASTS_FUZZ_CHECK(static_cast<bool>(r) == r.matched, "match_mx truthiness");
  if (!p.ok()) {
    MTASTS_FUZZ_CHECK(!r.matched && r.error == p.error(), "match_mx vs parse_mx_pattern");
  } else if (!h.ok()) {
    MTASTS_FUZZ_CHECK(!r.matched && r.error == h.error(), "match_mx vs parse_host_name");
  } else {
    MTASTS_FUZZ_CHECK(!r.error && r.matched == matches(p.value(), h.value()), "match_mx value");
    check_laws(p.value(), h.value());
  }
  if (p.ok()) {
    // The matcher is total: any host bytes, valid or not, as given (trailing dot included).
    check_laws(p.value(), in.host);
    check_laws(p.value(), p.value().domain);
  }
  return 0;
}

MTASTS_FUZZ_HARNESS_END
