// SPDX-License-Identifier: Apache-2.0
// Matcher laws: mx patterns (RFC 8461 §4.1), host names and certificate DNS-IDs (§3.3, §4.2).
#include <string>
#include <string_view>

#include "generators.h"
#include "property_support.h"

namespace {

using mtasts_props::ascii_upper;

bool matches(const mtasts::mx_pattern& p, std::string_view host) {
  return mtasts::mx_pattern_matches(p, host);
}

// A generated pattern parses to its parts and serializes back to its text.
RC_GTEST_PROP(MxPatternProperties, RoundTrip, ()) {
  const mtasts_props::mx_model m = *mtasts_props::gen_mx_pattern();
  const auto r = mtasts::parse_mx_pattern(m.text);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value().wildcard == m.wildcard);
  RC_ASSERT(std::string(r.value().domain) == m.domain);
  RC_ASSERT(mtasts::serialize(r.value()) == m.text);
}

RC_GTEST_PROP(MxPatternProperties, ParseNeverCrashes,
              (const std::string& pattern, const std::string& host)) {
  const auto p = mtasts::parse_mx_pattern(pattern);
  if (!p.ok()) mtasts_props::assert_error_invariants(p.error(), pattern, "MX_PATTERN_");
  const auto h = mtasts::parse_host_name(host);
  if (!h.ok()) mtasts_props::assert_error_invariants(h.error(), host, "HOST_");
  const auto m = mtasts::match_mx(pattern, host);
  RC_ASSERT(!m.error == (p.ok() && h.ok()));
  RC_ASSERT(!m.matched || !m.error);
}

// A near-valid mutant pattern is rejected with an MX_PATTERN_ token or round-trips.
RC_GTEST_PROP(MxPatternProperties, MutantRejectedWithTokenOrRoundTrips, ()) {
  const std::string mutant = *mtasts_props::gen_mutant((*mtasts_props::gen_mx_pattern()).text);
  const auto r = mtasts::parse_mx_pattern(mutant);
  if (!r.ok()) {
    mtasts_props::assert_error_invariants(r.error(), mutant, "MX_PATTERN_");
    return;
  }
  const std::string text = mtasts::serialize(r.value());  // views of again point into it
  const auto again = mtasts::parse_mx_pattern(text);
  RC_ASSERT(again.ok() && again.value() == r.value());
}

// ASCII case never matters, on either side.
RC_GTEST_PROP(MxPatternProperties, CaseInsensitive, ()) {
  const mtasts_props::mx_model m = *mtasts_props::gen_mx_pattern();
  const std::string host = *rc::gen::oneOf(
      mtasts_props::gen_host_name(), rc::gen::just("mx." + m.domain), rc::gen::just(m.domain));
  const mtasts::mx_pattern p{m.wildcard, m.domain};
  const std::string upper_domain = ascii_upper(m.domain);
  const bool base = matches(p, host);
  RC_ASSERT(matches(p, ascii_upper(host)) == base);
  RC_ASSERT(matches(mtasts::mx_pattern{m.wildcard, upper_domain}, host) == base);
}

// "*.d" matches a host with exactly one more (valid) label than d, and nothing else.
RC_GTEST_PROP(MxPatternProperties, WildcardMatchesExactlyOneLabel, ()) {
  const mtasts_props::mx_model m = *mtasts_props::gen_mx_pattern();
  const mtasts::mx_pattern p{true, m.domain};
  const std::string label = mtasts_props::draw::ldh_label(20);
  const std::string one = label + "." + m.domain;
  RC_PRE(mtasts::parse_host_name(one).ok());
  RC_ASSERT(matches(p, one));
  RC_ASSERT(!matches(p, m.domain));
  RC_ASSERT(!matches(p, "a." + one));
}

// An exact pattern matches its own domain (when it is a valid host) and never a subdomain.
RC_GTEST_PROP(MxPatternProperties, ExactNeverMatchesSubdomain, ()) {
  const mtasts_props::mx_model m = *mtasts_props::gen_mx_pattern();
  const mtasts::mx_pattern p{false, m.domain};
  const std::string label = mtasts_props::draw::ldh_label(20);
  RC_ASSERT(!matches(p, label + "." + m.domain));
  if (mtasts::parse_host_name(m.domain).ok()) RC_ASSERT(matches(p, m.domain));
}

// one trailing dot on the host changes nothing.
RC_GTEST_PROP(MxPatternProperties, TrailingDotOnHostIsIgnored, ()) {
  const mtasts_props::mx_model m = *mtasts_props::gen_mx_pattern();
  const std::string host = *rc::gen::oneOf(
      mtasts_props::gen_host_name(), rc::gen::just("mx." + m.domain), rc::gen::just(m.domain));
  const mtasts::mx_pattern p{m.wildcard, m.domain};
  RC_ASSERT(matches(p, host + ".") == matches(p, host));
}

// The Policy Host rule is stricter than the MX host rule, which is stricter than the MX rule
// with partial wildcards allowed; a SAN without '*' matches exactly the equal valid host.
RC_GTEST_PROP(CertNameProperties, RulesAreNested, ()) {
  const std::string host = *mtasts_props::gen_host_name();
  const std::string san = *rc::gen::oneOf(
      rc::gen::just(host), rc::gen::just(ascii_upper(host)),
      rc::gen::map(mtasts_props::gen_mx_pattern(),
                   [](const mtasts_props::mx_model& m) { return m.text; }),
      rc::gen::just("*" + host.substr(host.find('.') == std::string::npos ? 0 : host.find('.'))),
      rc::gen::just("mx*" + host.substr(host.find('.') == std::string::npos ? 0 : host.find('.'))));
  mtasts::cert_match_options partial;
  partial.allow_partial_wildcard = true;
  const bool policy = mtasts::cert_name_matches_policy_host(san, host);
  const bool mx = mtasts::cert_name_matches_mx_host(san, host);
  const bool mx_partial = mtasts::cert_name_matches_mx_host(san, host, partial);
  RC_ASSERT(!policy || mx);
  RC_ASSERT(!mx || mx_partial);
  if (san.find('*') == std::string::npos) RC_ASSERT(mx == mtasts::ascii_iequals(san, host));
  RC_ASSERT(mtasts::cert_name_matches_mx_host(ascii_upper(san), host) == mx);
  RC_ASSERT(mtasts::cert_name_matches_mx_host(san, host + ".") == mx);
  RC_ASSERT(!mtasts::cert_name_matches_mx_host(san + ".", host, partial));
}

}  // namespace
