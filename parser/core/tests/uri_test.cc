// SPDX-License-Identifier: Apache-2.0
// Unit tests of the RFC 3986 URI recogniser used by the TLS-RPT rua field (RFC 8460 §3,
// R-8460-3-3): is_uri, uri_prefix_length and uri_scheme.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "mtasts/uri.h"

namespace {

using mtasts::is_uri;
using mtasts::uri_prefix_length;
using mtasts::uri_scheme;

using namespace std::string_view_literals;

}  // namespace

// ---------------------------------------------------------------------------------------
// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )

TEST(Uri, R_8460_3_3_SchemeMustStartWithAlpha) {
  EXPECT_TRUE(is_uri("a:x"));
  EXPECT_TRUE(is_uri("A:x"));
  EXPECT_TRUE(is_uri("a1+b-c.d:x"));
  EXPECT_FALSE(is_uri("1a:x"));
  EXPECT_FALSE(is_uri("+a:x"));
  EXPECT_FALSE(is_uri("-a:x"));
  EXPECT_FALSE(is_uri(".a:x"));
  EXPECT_FALSE(is_uri(":x"));
  EXPECT_EQ(uri_prefix_length("1a:x"), 0u);
  EXPECT_EQ(uri_prefix_length(":x"), 0u);
}

TEST(Uri, SchemeWithOtherCharacterIsNotAUri) {
  EXPECT_FALSE(is_uri("a_b:x"));
  EXPECT_FALSE(is_uri("a b:x"));
  EXPECT_FALSE(is_uri("a@b:x"));
}

TEST(Uri, SchemeNeedsAColon) {
  EXPECT_FALSE(is_uri(""));
  EXPECT_FALSE(is_uri("mailto"));
  EXPECT_FALSE(is_uri("b@example.com"));
  EXPECT_EQ(uri_prefix_length(""), 0u);
  EXPECT_EQ(uri_prefix_length("b@example.com"), 0u);
  EXPECT_EQ(uri_prefix_length("mailto"), 0u);
}

TEST(Uri, UriSchemeReturnsTheSchemeAsWritten) {
  EXPECT_EQ(uri_scheme("mailto:a@example.com"), "mailto");
  EXPECT_EQ(uri_scheme("MAILTO:a@example.com"), "MAILTO");
  EXPECT_EQ(uri_scheme("https://r.example.com/"), "https");
  EXPECT_EQ(uri_scheme("a+b:"), "a+b");
}

// ---------------------------------------------------------------------------------------
// hier-part path forms.

TEST(Uri, PathEmptyIsAUri) {
  EXPECT_TRUE(is_uri("a:"));
  EXPECT_TRUE(is_uri("mailto:"));
  EXPECT_TRUE(is_uri("a:?q"));
  EXPECT_TRUE(is_uri("a:#f"));
}

TEST(Uri, PathRootless) {
  EXPECT_TRUE(is_uri("mailto:a@example.com"));
  EXPECT_TRUE(is_uri("urn:isbn:0451450523"));
  EXPECT_TRUE(is_uri("a:b//c"));
  EXPECT_TRUE(is_uri("a:b/c/"));
  // Sub-delims are pchars: ',' '!' ';' '=' '&' and friends are valid in RFC 3986.
  EXPECT_TRUE(is_uri("a:!$&'()*+,;="));
}

TEST(Uri, PathAbsolute) {
  EXPECT_TRUE(is_uri("a:/"));
  EXPECT_TRUE(is_uri("a:/b"));
  EXPECT_TRUE(is_uri("a:/b/c/"));
  EXPECT_TRUE(is_uri("a:/b//c"));
}

TEST(Uri, AuthorityWithPathAbempty) {
  EXPECT_TRUE(is_uri("https://r.example.com"));
  EXPECT_TRUE(is_uri("https://r.example.com/"));
  EXPECT_TRUE(is_uri("https://r.example.com/a/b?c=d&e=f#g"));
  EXPECT_TRUE(is_uri("https://"));     // empty reg-name
  EXPECT_TRUE(is_uri("file:///etc"));  // empty authority, absolute path
}

TEST(Uri, QueryAndFragmentAllowSlashAndQuestionMark) {
  EXPECT_TRUE(is_uri("a:b?c/d?e"));
  EXPECT_TRUE(is_uri("a:b#c/d?e"));
  EXPECT_TRUE(is_uri("a:b?c#d"));
}

TEST(Uri, SecondHashIsNotAllowed) {
  EXPECT_FALSE(is_uri("a:b#c#d"));
  EXPECT_EQ(uri_prefix_length("a:b#c#d"), 5u);
}

TEST(Uri, ForbiddenCharacters) {
  for (std::string_view text : {"a:b c", "a:b\"c", "a:b<c", "a:b>c", "a:b\\c", "a:b^c", "a:b`c",
                                "a:b{c", "a:b|c", "a:b}c", "a:b[c", "a:b]c"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(is_uri(text));
    EXPECT_EQ(uri_prefix_length(text), 3u);
  }
}

TEST(Uri, NonAsciiAndControlBytesAreNotUriCharacters) {
  EXPECT_FALSE(is_uri("a:\xc3\xa9"));
  EXPECT_EQ(uri_prefix_length("a:\xc3\xa9"), 2u);
  EXPECT_FALSE(is_uri("a:b\x7f"));
  EXPECT_FALSE(is_uri("a:b\0"sv));
  EXPECT_EQ(uri_prefix_length("a:b\0c"sv), 3u);
}

// ---------------------------------------------------------------------------------------
// pct-encoded = "%" HEXDIG HEXDIG

TEST(Uri, PercentEncodingNeedsTwoHexDigits) {
  EXPECT_TRUE(is_uri("a:%2C"));
  EXPECT_TRUE(is_uri("a:%2c"));  // HEXDIG is case-insensitive in ABNF
  EXPECT_TRUE(is_uri("a:%FF%00"));
  EXPECT_FALSE(is_uri("a:%"));
  EXPECT_FALSE(is_uri("a:%2"));
  EXPECT_FALSE(is_uri("a:%zz"));
  EXPECT_FALSE(is_uri("a:%2g"));
  EXPECT_EQ(uri_prefix_length("a:%zz"), 2u);
  EXPECT_EQ(uri_prefix_length("a:b%2"), 3u);
}

TEST(Uri, PercentEncodingInEveryComponent) {
  EXPECT_TRUE(is_uri("https://us%65r@h%41st/p%2Fq?q%3D1#f%23"));
  EXPECT_FALSE(is_uri("https://us%6@host/"));
  EXPECT_FALSE(is_uri("https://h%4/"));
  EXPECT_FALSE(is_uri("https://host/?q=%g1"));
  EXPECT_FALSE(is_uri("https://host/#%"));
}

// ---------------------------------------------------------------------------------------
// authority = [ userinfo "@" ] host [ ":" port ]

TEST(Uri, Userinfo) {
  EXPECT_TRUE(is_uri("https://user:pass@r.example.com/"));
  EXPECT_TRUE(is_uri("https://@r.example.com/"));
  EXPECT_FALSE(is_uri("https://a@b@c/"));
}

TEST(Uri, PortIsDigits) {
  EXPECT_TRUE(is_uri("https://r.example.com:8443/x"));
  EXPECT_TRUE(is_uri("https://r.example.com:/x"));  // port = *DIGIT
  EXPECT_TRUE(is_uri("https://r.example.com:0"));
  EXPECT_TRUE(is_uri("https://r.example.com:99999999"));  // no range in the grammar
  EXPECT_FALSE(is_uri("https://r.example.com:8a/x"));
  EXPECT_FALSE(is_uri("https://r.example.com:-1/x"));
  // "https://x:8" is itself a URI (port = *DIGIT); the 'a' ends the longest prefix.
  EXPECT_EQ(uri_prefix_length("https://x:8a/"), 11u);
}

TEST(Uri, RegNameAllowsUnreservedSubDelimsAndPct) {
  EXPECT_TRUE(is_uri("https://a-b_c.d~e!$&'()*+,;=/"));
  EXPECT_FALSE(is_uri("https://a b/"));
}

TEST(Uri, Ipv4AddressAndNumericRegName) {
  EXPECT_TRUE(is_uri("https://192.0.2.1/"));
  EXPECT_TRUE(is_uri("https://192.0.2.1:443/"));
  // Not an IPv4address, but still a valid reg-name.
  EXPECT_TRUE(is_uri("https://999.0.2.1/"));
  EXPECT_TRUE(is_uri("https://1.2.3/"));
}

TEST(Uri, Ipv6LiteralForms) {
  for (std::string_view text : {
           "https://[2001:db8::1]/",
           "https://[2001:db8::1]:8443/x",
           "https://[::]/",
           "https://[::1]/",
           "https://[1::]/",
           "https://[1:2:3:4:5:6:7:8]/",
           "https://[1:2:3:4:5:6:7::]/",
           "https://[1:2:3:4:5:6::7]/",
           "https://[1::2:3:4:5:6:7]/",
           "https://[::2:3:4:5:6:7:8]/",
           "https://[::ffff:192.0.2.1]/",
           "https://[1:2:3:4:5:6:192.0.2.1]/",
           "https://[ABCD:ef01::]/",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(is_uri(text));
  }
}

TEST(Uri, BadIpv6Literals) {
  for (std::string_view text : {
           "https://[2001:db8::g]/",
           "https://[2001:db8::1/",
           "https://2001:db8::1]/",
           "https://[]/",
           "https://[1:2:3:4:5:6:7:8:9]/",
           "https://[1:2:3:4:5:6:7]/",
           "https://[1:2:3:4:5:6:7:8::]/",
           "https://[2001:db8::1::2]/",
           "https://[1:::2]/",
           "https://[:1::2]/",
           "https://[12345::]/",
           "https://[::ffff:192.0.2.256]/",
           "https://[::ffff:192.0.2]/",
           "https://[::ffff:01.0.2.1]/",
           "https://[x]/",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(is_uri(text));
  }
}

TEST(Uri, IpvFuture) {
  EXPECT_TRUE(is_uri("https://[v1.fe80]/"));
  EXPECT_TRUE(is_uri("https://[vF.a:b!$]/"));
  EXPECT_FALSE(is_uri("https://[v.x]/"));
  EXPECT_FALSE(is_uri("https://[vg.x]/"));
  EXPECT_FALSE(is_uri("https://[v1.]/"));
  EXPECT_FALSE(is_uri("https://[v1]/"));
}

// ---------------------------------------------------------------------------------------
// uri_prefix_length: the longest prefix that is a URI.

TEST(Uri, PrefixLengthStopsAtTheFirstNonUriCharacter) {
  EXPECT_EQ(uri_prefix_length("mailto:a@example.com ,x"), 20u);
  EXPECT_EQ(uri_prefix_length("mailto:a@example.com;x"), 22u);  // ';' is a sub-delim
  EXPECT_EQ(uri_prefix_length("https://[::1]/x y"), 15u);
  EXPECT_EQ(uri_prefix_length("a: b"), 2u);
}

TEST(Uri, PrefixLengthOfWholeUriIsItsSize) {
  for (std::string_view text : {"a:", "mailto:a@example.com", "https://r.example.com:8443/p?q#f",
                                "https://[2001:db8::1]/x"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(uri_prefix_length(text), text.size());
  }
}

TEST(Uri, IsUriAgreesWithPrefixLength) {
  for (std::string_view text :
       {"", "a", "a:", "1:", "a:b c", "a:%2", "a:%20", "https://[::1]", "https://[::1",
        "https://x:8a", "mailto:x@example.com!10m", "b@example.com", "a:b#c#d"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(is_uri(text), !text.empty() && uri_prefix_length(text) == text.size());
  }
}

TEST(Uri, MalformedIpLiteralEndsTheLongestPrefix) {
  // Found by fuzz_uri (corpus/fuzz_uri/regressions/uri_prefix_scheme_unclosed_ip_literal):
  // "a://" is itself a URI, so a bad IP-literal after it leaves that prefix.
  EXPECT_EQ(mtasts::uri_prefix_length("a://["), 4u);
  EXPECT_EQ(mtasts::uri_prefix_length("https://[::1/"), 8u);
  EXPECT_EQ(mtasts::uri_prefix_length("https://[1::2::3]/"), 8u);
  EXPECT_EQ(mtasts::uri_prefix_length("https://u@[v.x]"), 10u);
  EXPECT_FALSE(mtasts::is_uri("https://[1::2::3]/"));
  EXPECT_TRUE(mtasts::is_uri("https://[1::2:3]/"));
}
