// SPDX-License-Identifier: Apache-2.0
// The canonical serializer of a policy (policy.h serialize) and is_valid_policy.
// Properties: parse(serialize(p)) == p for valid policies, with LF and CRLF;
// is_valid_policy(x) == parse_policy(x).ok().
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_test_support.h"

namespace {

using mtasts::line_ending;
using mtasts::policy;
using mtasts::policy_mode;
using mtasts::policy_options;
using namespace mtasts_test;
using namespace std::string_literals;

policy make(policy_mode mode, std::uint64_t max_age, std::vector<std::string> mx,
            std::vector<std::pair<std::string, std::string>> extensions = {}) {
  policy p;
  p.mode = mode;
  p.max_age = max_age;
  p.mx = std::move(mx);
  p.extensions = std::move(extensions);
  return p;
}

// Valid policies, built directly.
std::vector<policy> valid_policies() {
  using pm = policy_mode;
  std::vector<policy> out = {
      make(pm::enforce, 86400, {"mail.example.com"}),
      make(pm::testing, 604800, {"mx1.example.com", "mx2.example.com"}),
      make(pm::none, 0, {}),
      make(pm::none, 1, {"mail.example.com"}),
      make(pm::enforce, 31557600, {"*.example.com"}),
      make(pm::enforce, 0, {"*.com"}),
      make(pm::enforce, 1, {"MAIL.Example.COM", "mail.example.com"}),
      make(pm::testing, 86400, {"localhost"}),
      make(pm::testing, 86400, {"192.0.2.1"}),
      make(pm::enforce, 86400, {"xn--mnchen-3ya.example.com", "*.xn--fiqs8s"}),
      make(pm::enforce, 86400, {std::string(64, 'a') + ".example.com"}),
      make(pm::enforce, 86400, {"a", "a", "a"}),
      make(pm::enforce, 86400, {"mail.example.com"}, {{"foo", "bar"}}),
      make(pm::enforce, 86400, {"mail.example.com"}, {{"foo", "bar baz  qux"}, {"foo", "2"}}),
      make(pm::none, 5, {}, {{"url", "https://example.com/a?b=c#d"}}),
      make(pm::enforce, 86400, {"m.example"}, {{std::string(32, 'z'), "x"}}),
      make(pm::enforce, 86400, {"m.example"}, {{"9_-.x", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}}),
      make(pm::enforce, 86400, {"m.example"},
           {{"u", "caf\xC3\xA9 \xE2\x80\xA8 \xC2\x85 \xF0\x9F\x93\xA7"}}),
      make(pm::enforce, 86400, {"m.example"}, {{"Mode", "enforce"}, {"MX", "x.example"}}),
      // registered names whose values fit only the extension rule.
      make(pm::enforce, 86400, {"m.example"}, {{"mode", "Enforce"}, {"mx", "bad_host"}}),
      make(pm::none, 86400, {}, {{"mx", "mail.example.com."}, {"max_age", "00000000001"}}),
      make(pm::testing, 9999, {"m.example"}, {{"version", "STSv2"}}),
      make(pm::enforce, 12345678, {"a.b.c.d.e.f.g"}),
  };
  std::vector<std::string> many;
  for (int i = 0; i < 200; ++i) many.push_back("mx" + std::to_string(i) + ".example.net");
  out.push_back(make(pm::enforce, 86400, many));
  return out;
}

TEST(PolicySerialize, CanonicalFormLf) {
  const auto p = make(policy_mode::enforce, 86400, {"a.example.com", "*.b.example.com"},
                      {{"foo", "bar baz"}, {"z", "1"}});
  EXPECT_EQ(mtasts::serialize(p),
            "version: STSv1\nmode: enforce\nmax_age: 86400\nmx: a.example.com\n"
            "mx: *.b.example.com\nfoo: bar baz\nz: 1\n");
}

TEST(PolicySerialize, CanonicalFormCrlf) {
  const auto p = make(policy_mode::testing, 0, {"a.example.com"});
  EXPECT_EQ(mtasts::serialize(p, line_ending::crlf),
            "version: STSv1\r\nmode: testing\r\nmax_age: 0\r\nmx: a.example.com\r\n");
}

TEST(PolicySerialize, CanonicalFormModeNone) {
  EXPECT_EQ(mtasts::serialize(make(policy_mode::none, 1, {})),
            "version: STSv1\nmode: none\nmax_age: 1\n");
  EXPECT_EQ(mtasts::serialize(policy{}), "version: STSv1\nmode: none\nmax_age: 0\n");
}

TEST(PolicySerialize, DefaultLineEndingIsLf) {
  const auto p = make(policy_mode::enforce, 86400, {"mail.example.com"});
  EXPECT_EQ(mtasts::serialize(p), mtasts::serialize(p, line_ending::lf));
}

TEST(PolicySerialize, RoundTripLf) {
  for (const policy& p : valid_policies()) {
    const std::string text = mtasts::serialize(p, line_ending::lf);
    EXPECT_TRUE(SamePolicy(parsed(text), p)) << escape(text);
  }
}

TEST(PolicySerialize, RoundTripCrlf) {
  for (const policy& p : valid_policies()) {
    const std::string text = mtasts::serialize(p, line_ending::crlf);
    EXPECT_TRUE(SamePolicy(parsed(text), p)) << escape(text);
    EXPECT_EQ(text, to_crlf(mtasts::serialize(p, line_ending::lf)));
  }
}

// Valid bodies in non-canonical form.
const std::vector<std::string>& valid_bodies() {
  static const std::vector<std::string> bodies = {
      std::string(kBase),
      to_crlf(kBase),
      "mx:a\nmode:testing\nmax_age:1\nversion:STSv1",
      "version:\tSTSv1 \r\nmode:  enforce\t\nmx: MAIL.example.com  \r\nmax_age: 0086400\n",
      "foo: 1\nversion: STSv1\nbar: a b\nmode: none\nmax_age: 0\nfoo: 2",
      "version: STSv1\nmode: Enforce\nmode: enforce\nmx: bad_host\nmx: ok.example\nmax_age: 5\n",
      "version: STSv1\nmode: enforce\nmode: none\nmax_age: 86400\nmax_age: 1e3\nmx: x\n",
      "version: STSv1\nmode: testing\nmx: *.example.com\nmx: 192.0.2.1\nmax_age: 31557600\n",
      "version: STSv1\nmode: none\nmax_age: 0\nurl: https://example.com/x:y\n",
      "version: STSv1\nmode: enforce\nmx: m\nmax_age: 1\nu: \xC2\x85\xE2\x80\xA9\xC2\xA0x\t\n",
  };
  return bodies;
}

TEST(PolicySerialize, ParseSerializeParseIsStable) {
  for (const std::string& body : valid_bodies()) {
    const policy first = parsed(body);
    for (line_ending e : {line_ending::lf, line_ending::crlf}) {
      const std::string text = mtasts::serialize(first, e);
      EXPECT_TRUE(SamePolicy(parsed(text), first)) << escape(body) << " -> " << escape(text);
      // Serializing the re-parsed policy gives the same text (canonical form is a fixpoint).
      EXPECT_EQ(mtasts::serialize(parsed(text), e), text);
    }
  }
}

TEST(PolicySerialize, SerializedPoliciesAreValid) {
  for (const policy& p : valid_policies()) {
    EXPECT_TRUE(mtasts::is_valid_policy(mtasts::serialize(p))) << describe(p);
    EXPECT_TRUE(mtasts::is_valid_policy(mtasts::serialize(p, line_ending::crlf))) << describe(p);
  }
}

// Invalid bodies: one or more per error family.
const std::vector<std::string>& invalid_bodies() {
  static const std::vector<std::string> bodies = {
      "",
      "\n",
      "\r\n",
      std::string(kBase) + "\n",
      "\n" + std::string(kBase),
      "version: STSv1\rmode: enforce\rmx: a\rmax_age: 1\r",
      " version: STSv1\nmode: none\nmax_age: 1\n",
      "version : STSv1\nmode: none\nmax_age: 1\n",
      "version: STSv1\nmode: none\nmax_age: 1\ngarbage\n",
      "\xEF\xBB\xBFversion: STSv1\nmode: none\nmax_age: 1\n",
      "version: STSv1\nmode: none\nmax_age: 1\nfoo: a\x01\n",
      "version: STSv1\nmode: none\nmax_age: 1\nfoo: \xED\xA0\x80\n",
      "version: STSv1\nmode: none\nmax_age: 1\n" + std::string(33, 'n') + ": x\n",
      "version: STSv1\nmode: none\nmax_age: 1\nfoo: a\tb\n",
      "version: STSv1\nmode: none\nmax_age:\n",
      "mode: none\nmax_age: 1\n",
      "version: STSv2\nmode: none\nmax_age: 1\n",
      "version: STSv1\nmax_age: 1\n",
      "version: STSv1\nmode: report\nmax_age: 1\n",
      "version: STSv1\nmode: none\n",
      "version: STSv1\nmode: none\nmax_age: 00000000001\n",
      "version: STSv1\nmode: none\nmax_age: 31557601\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx: a.\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx: *.*.a\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx: a..b\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx: -a\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx: m\xC3\xA4il.example\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx: a_b\n",
      "version: STSv1\nmode: enforce\nmax_age: 1\nmx:\n",
      std::string(70000, 'a'),
  };
  return bodies;
}

TEST(PolicySerialize, IsValidPolicyAgreesWithParse) {
  std::vector<std::string> all = invalid_bodies();
  for (const auto& b : valid_bodies()) all.push_back(b);
  for (const auto& p : valid_policies()) all.push_back(mtasts::serialize(p));
  for (const std::string& body : all) {
    EXPECT_EQ(mtasts::is_valid_policy(body), mtasts::parse_policy(body).ok()) << escape(body);
  }
  for (const std::string& body : invalid_bodies()) {
    EXPECT_FALSE(mtasts::is_valid_policy(body)) << escape(body);
  }
  for (const std::string& body : valid_bodies()) {
    EXPECT_TRUE(mtasts::is_valid_policy(body)) << escape(body);
  }
}

TEST(PolicySerialize, IsValidPolicyAgreesWithParseUnderOptions) {
  std::vector<policy_options> options(6);
  options[1].allow_blank_lines = true;
  options[2].allow_cr_line_endings = true;
  options[3].allow_leading_bom = true;
  options[3].allow_whitespace_around_name = true;
  options[4].max_age_over_ceiling = mtasts::max_age_ceiling::clamp;
  options[4].allow_mx_trailing_dot = true;
  options[5].max_size = 10;
  std::vector<std::string> all = invalid_bodies();
  for (const auto& b : valid_bodies()) all.push_back(b);
  for (const policy_options& o : options) {
    for (const std::string& body : all) {
      EXPECT_EQ(mtasts::is_valid_policy(body, o), mtasts::parse_policy(body, o).ok())
          << escape(body);
    }
  }
}

}  // namespace
