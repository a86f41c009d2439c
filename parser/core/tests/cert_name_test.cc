// SPDX-License-Identifier: Apache-2.0
// Unit tests of certificate DNS-ID matching for MX hosts (RFC 8461 §4.2, RFC 6125 §6.4) and
// Policy Hosts (§3.3); docs/decisions.md.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/cert_name.h"
#include "mtasts/host_name.h"

namespace {

using mtasts::cert_match_options;
using mtasts::cert_name_matches_mx_host;
using mtasts::cert_name_matches_policy_host;

using namespace std::string_view_literals;

cert_match_options Partial() {
  cert_match_options o;
  o.allow_partial_wildcard = true;
  return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// R-4.2-2: a SAN DNS-ID matches the MX host under RFC 6125.

TEST(CertName, R_4_2_2_ExactSanMatches) {
  EXPECT_TRUE(cert_name_matches_mx_host("mx.example.com", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.com", "mx2.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("example.com", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.com", "example.com"));
}

TEST(CertName, R_4_2_2_WildcardMatchesExactlyOneLabel) {
  EXPECT_TRUE(cert_name_matches_mx_host("*.example.com", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", "example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", "a.b.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", "mx.example.org"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", "mxexample.com"));
}

TEST(CertName, R_4_2_2_NoSuffixOrPrefixMatch) {
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.com", "evilmx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.com", "mx.example.com.evil.net"));
  EXPECT_FALSE(cert_name_matches_mx_host("example.com", "evilexample.com"));
}

TEST(CertName, R_4_2_2_AnyOfTheSanEntries) {
  const std::array<std::string_view, 3> sans = {"example.com", "*.example.net", "mx.example.com"};
  EXPECT_TRUE(mtasts::any_cert_name_matches_mx_host(sans, "mx.example.com"));
  EXPECT_TRUE(mtasts::any_cert_name_matches_mx_host(sans, "a.example.net"));
  EXPECT_FALSE(mtasts::any_cert_name_matches_mx_host(sans, "a.example.com"));
  EXPECT_FALSE(mtasts::any_cert_name_matches_mx_host({}, "mx.example.com"));
}

TEST(CertName, A_16_MatchingIsAsciiCaseInsensitive) {
  EXPECT_TRUE(cert_name_matches_mx_host("MX.EXAMPLE.COM", "mx.example.com"));
  EXPECT_TRUE(cert_name_matches_mx_host("*.Example.Com", "MX.EXAMPLE.com"));
  EXPECT_TRUE(
      cert_name_matches_mx_host("XN--MNCHEN-3YA.example.com", "xn--mnchen-3ya.EXAMPLE.com"));
}

TEST(CertName, A_16_KelvinSignInSanNeverMatches) {
  // A SAN with U+212A (E2 84 AA) must never equal a host with 'k'.
  EXPECT_FALSE(
      cert_name_matches_mx_host("mx.e\xe2\x84\xaa"
                                "ample.com",
                                "mx.ekample.com"));
  EXPECT_FALSE(
      cert_name_matches_mx_host("*.e\xe2\x84\xaa"
                                "ample.com",
                                "mx.ekample.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("\xe2\x84\xaa.example.com", "k.example.com"));
  EXPECT_FALSE(
      cert_name_matches_policy_host("mta-sts.e\xe2\x84\xaa"
                                    "ample.com",
                                    "mta-sts.ekample.com"));
}

TEST(CertName, A_18_BareAsteriskNeverMatches) {
  EXPECT_FALSE(cert_name_matches_mx_host("*", "localhost"));
  EXPECT_FALSE(cert_name_matches_mx_host("*", "com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*", "mx.example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_policy_host("*", "localhost"));
}

TEST(CertName, A_18_WildcardOverOneLabelNeverMatches) {
  EXPECT_FALSE(cert_name_matches_mx_host("*.com", "example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.com", "example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_policy_host("*.com", "example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.localhost", "mx.localhost"));
}

TEST(CertName, A_18_WildcardOverTwoLabelsMatchesOneLabel) {
  // At least two labels follow: the rule is about labels, not about public suffixes.
  EXPECT_TRUE(cert_name_matches_mx_host("*.co.uk", "example.co.uk"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.co.uk", "mx.example.co.uk"));
}

TEST(CertName, A_18_WildcardOnlyInTheLeftMostLabel) {
  EXPECT_FALSE(cert_name_matches_mx_host("a.*.example.com", "a.b.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("a.*.example.com", "a.b.example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.*", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.*.example.com", "a.b.example.com"));
  EXPECT_FALSE(cert_name_matches_policy_host("mta-sts.*.com", "mta-sts.example.com"));
}

TEST(CertName, A_18_PartialWildcardDoesNotMatchByDefault) {
  EXPECT_FALSE(cert_name_matches_mx_host("mx*.example.com", "mx1.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*x.example.com", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("m*x.example.com", "m1x.example.com"));
}

TEST(CertName, A_18_AllowPartialWildcardOptionForMxHosts) {
  EXPECT_TRUE(cert_name_matches_mx_host("mx*.example.com", "mx1.example.com", Partial()));
  EXPECT_TRUE(cert_name_matches_mx_host("mx*.example.com", "MX42.example.com", Partial()));
  // Still exactly one label, and the fixed part must match.
  EXPECT_FALSE(cert_name_matches_mx_host("mx*.example.com", "mx1.a.example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_mx_host("mx*.example.com", "ab1.example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_mx_host("mx*.example.com", "example.com", Partial()));
  // Whole-label wildcards behave as without the option.
  EXPECT_TRUE(cert_name_matches_mx_host("*.example.com", "mx.example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", "a.b.example.com", Partial()));
  const std::array<std::string_view, 1> sans = {"mx*.example.com"};
  EXPECT_FALSE(mtasts::any_cert_name_matches_mx_host(sans, "mx1.example.com"));
  EXPECT_TRUE(mtasts::any_cert_name_matches_mx_host(sans, "mx1.example.com", Partial()));
}

TEST(CertName, A_18_WildcardInsideALabelNeverMatches) {
  EXPECT_FALSE(cert_name_matches_mx_host("xn--*.example.com", "xn--mnchen-3ya.example.com"));
  EXPECT_FALSE(
      cert_name_matches_mx_host("xn--*.example.com", "xn--mnchen-3ya.example.com", Partial()));
  EXPECT_FALSE(
      cert_name_matches_mx_host("XN--*.example.com", "xn--mnchen-3ya.example.com", Partial()));
  EXPECT_FALSE(
      cert_name_matches_mx_host("xn--mn*.example.com", "xn--mnchen-3ya.example.com", Partial()));
  EXPECT_FALSE(cert_name_matches_policy_host("xn--*.example.com", "xn--mnchen-3ya.example.com"));
}

TEST(CertName, A_18_WholeLabelWildcardMatchesALabelFirstLabel) {
  EXPECT_TRUE(cert_name_matches_mx_host("*.example.com", "xn--mnchen-3ya.example.com"));
}

TEST(CertName, A_15_SanWithTrailingDotNeverMatches) {
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.com.", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com.", "mx.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("mx.example.com.", "mx.example.com."));
  EXPECT_FALSE(cert_name_matches_policy_host("mta-sts.example.com.", "mta-sts.example.com"));
}

TEST(CertName, A_15_HostTrailingDotIsDropped) {
  auto host = mtasts::parse_host_name("mx.example.com.");
  ASSERT_TRUE(host.ok());
  EXPECT_TRUE(cert_name_matches_mx_host("mx.example.com", *host));
  // A host given with its trailing dot is the same host (decisions A-15).
  EXPECT_TRUE(cert_name_matches_mx_host("mx.example.com", "mx.example.com."));
  EXPECT_TRUE(cert_name_matches_mx_host("*.example.com", "mx.example.com."));
  EXPECT_TRUE(cert_name_matches_policy_host("mta-sts.example.com", "mta-sts.example.com."));
}

TEST(CertName, A_20_NonAsciiSanNeverMatches) {
  EXPECT_FALSE(
      cert_name_matches_mx_host("m\xc3\xbcnchen.example.com", "xn--mnchen-3ya.example.com"));
  EXPECT_FALSE(cert_name_matches_mx_host("*.m\xc3\xbcnchen.example", "mx.xn--mnchen-3ya.example"));
}

TEST(CertName, MalformedSanNeverMatches) {
  const std::vector<std::string_view> sans = {"",
                                              ".",
                                              ".example.com",
                                              "mx..example.com",
                                              "mx.example.com..",
                                              "mx example.com",
                                              "mx_1.example.com",
                                              "*.",
                                              "**.example.com",
                                              "*.example.com\0"sv,
                                              "-mx.example.com"};
  for (std::string_view san : sans) {
    SCOPED_TRACE(san);
    EXPECT_FALSE(cert_name_matches_mx_host(san, "mx.example.com"));
    EXPECT_FALSE(cert_name_matches_mx_host(san, "mx.example.com", Partial()));
  }
}

TEST(CertName, A_19_InvalidHostMatchesNothing) {
  // decisions: a host with '*', '_' or non-ASCII bytes is not a valid host name
  // (HOST_CHARACTER / HOST_NON_ASCII) and matches nothing, not even a wildcard.
  for (std::string_view host : {"mx_1.example.com", "*.example.com", "\xe2\x84\xaa.example.com",
                                "m\xc3\xbcnchen.example.com", "mx example.com"}) {
    SCOPED_TRACE(host);
    EXPECT_FALSE(mtasts::parse_host_name(host).ok());
    EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", host));
    EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", host, Partial()));
    EXPECT_FALSE(cert_name_matches_policy_host("*.example.com", host));
  }
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", "*.example.com"));
}

TEST(CertName, WildcardDoesNotMatchAnEmptyLabel) {
  EXPECT_FALSE(cert_name_matches_mx_host("*.example.com", ".example.com"));
}

// ---------------------------------------------------------------------------------------
// R-3.3-2 / R-3.3-3: the Policy Host.

TEST(CertName, R_3_3_2_PolicyHostMatchesSanDnsId) {
  EXPECT_TRUE(cert_name_matches_policy_host("mta-sts.example.com", "mta-sts.example.com"));
  EXPECT_TRUE(cert_name_matches_policy_host("MTA-STS.Example.com", "mta-sts.example.COM"));
  EXPECT_FALSE(cert_name_matches_policy_host("example.com", "mta-sts.example.com"));
  EXPECT_FALSE(cert_name_matches_policy_host("www.example.com", "mta-sts.example.com"));
  const std::array<std::string_view, 2> sans = {"example.com", "mta-sts.example.com"};
  EXPECT_TRUE(mtasts::any_cert_name_matches_policy_host(sans, "mta-sts.example.com"));
  EXPECT_FALSE(mtasts::any_cert_name_matches_policy_host(sans, "mta-sts.example.org"));
  EXPECT_FALSE(mtasts::any_cert_name_matches_policy_host({}, "mta-sts.example.com"));
}

TEST(CertName, R_3_3_3_PolicyHostWholeLabelWildcard) {
  EXPECT_TRUE(cert_name_matches_policy_host("*.example.com", "mta-sts.example.com"));
  EXPECT_FALSE(cert_name_matches_policy_host("*.example.com", "example.com"));
  EXPECT_FALSE(cert_name_matches_policy_host("*.example.com", "mta-sts.sub.example.com"));
}

TEST(CertName, R_3_3_3_PolicyHostNeverAcceptsPartialWildcards) {
  EXPECT_FALSE(cert_name_matches_policy_host("mta-*.example.com", "mta-sts.example.com"));
  EXPECT_FALSE(cert_name_matches_policy_host("mx*.example.com", "mx1.example.com"));
  EXPECT_FALSE(cert_name_matches_policy_host("*-sts.example.com", "mta-sts.example.com"));
  const std::array<std::string_view, 1> sans = {"mta-*.example.com"};
  EXPECT_FALSE(mtasts::any_cert_name_matches_policy_host(sans, "mta-sts.example.com"));
}

// Matcher laws over a small set of hosts.
TEST(CertName, R_4_2_2_MatcherLaws) {
  auto upper = [](std::string s) {
    for (char& c : s)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
  };
  for (std::string host : {"mx.example.com", "a.b.example.com", "xn--mnchen-3ya.example.com",
                           "m-1.example.co.uk", "example.com"}) {
    SCOPED_TRACE(host);
    EXPECT_TRUE(cert_name_matches_mx_host(host, host));
    EXPECT_TRUE(cert_name_matches_mx_host(upper(host), host));
    EXPECT_TRUE(cert_name_matches_mx_host(host, upper(host)));
    EXPECT_TRUE(cert_name_matches_policy_host(upper(host), host));
    EXPECT_FALSE(cert_name_matches_mx_host(host + ".", host));
    EXPECT_FALSE(cert_name_matches_mx_host(host, "x." + host));
    EXPECT_FALSE(cert_name_matches_mx_host(host, "x" + host));
    // host has at least two labels, so "*." + host is a usable wildcard.
    EXPECT_TRUE(cert_name_matches_mx_host("*." + host, "x." + host));
    EXPECT_TRUE(cert_name_matches_policy_host("*." + host, "mta-sts." + host));
    EXPECT_FALSE(cert_name_matches_mx_host("*." + host, host));
    EXPECT_FALSE(cert_name_matches_mx_host("*." + host, "y.x." + host));
  }
}
