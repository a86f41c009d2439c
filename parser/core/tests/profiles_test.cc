// SPDX-License-Identifier: Apache-2.0
// Named option bundles (options.h: all_profiles, find_profile, lenient_*_options).
// "strict" is the default; "lenient" switches on relaxations only, and relaxations never
// change the result of strict-valid input.
#include <gtest/gtest.h>

#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_test_support.h"

namespace {

using mtasts::policy_options;
using mtasts::tlsrpt_options;
using mtasts::txt_options;
using namespace mtasts_test;

// Field-by-field comparison of option structs, naming the fields that differ.
#define MTASTS_CMP(field) \
  if (!(a.field == b.field)) diff << #field " ";

::testing::AssertionResult same_options(const policy_options& a, const policy_options& b) {
  std::ostringstream diff;
  MTASTS_CMP(max_size)
  MTASTS_CMP(allow_blank_lines)
  MTASTS_CMP(allow_leading_bom)
  MTASTS_CMP(allow_cr_line_endings)
  MTASTS_CMP(allow_whitespace_around_name)
  MTASTS_CMP(allow_mx_trailing_dot)
  MTASTS_CMP(max_age_over_ceiling)
  MTASTS_CMP(duplicate_fields)
  MTASTS_CMP(malformed_fields)
  MTASTS_CMP(ignore_malformed_lines)
  MTASTS_CMP(reject_numeric_mx)
  MTASTS_CMP(reject_malformed_mx)
  MTASTS_CMP(unchecked_mx)
  MTASTS_CMP(python_int_max_age)
  if (diff.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "policy_options differ in: " << diff.str();
}

::testing::AssertionResult same_options(const txt_options& a, const txt_options& b) {
  std::ostringstream diff;
  MTASTS_CMP(allow_trailing_whitespace)
  MTASTS_CMP(allow_empty_fields)
  MTASTS_CMP(duplicate_id)
  MTASTS_CMP(malformed_id)
  MTASTS_CMP(selection_prefix_without_semicolon)
  MTASTS_CMP(python_dict_fields)
  if (diff.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "txt_options differ in: " << diff.str();
}

::testing::AssertionResult same_options(const tlsrpt_options& a, const tlsrpt_options& b) {
  std::ostringstream diff;
  MTASTS_CMP(allow_trailing_whitespace)
  MTASTS_CMP(allow_empty_fields)
  MTASTS_CMP(duplicate_rua)
  MTASTS_CMP(merge_rua_fields)
  if (diff.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "tlsrpt_options differ in: " << diff.str();
}

#undef MTASTS_CMP

// The behaviour members (options.h: "may change results on strict-valid input") of o, with
// every relaxation reset to its default: equal to the defaults iff o changes no behaviour.
policy_options behaviours_of(policy_options o) {
  const policy_options d;
  o.max_size = d.max_size;
  o.allow_blank_lines = d.allow_blank_lines;
  o.allow_leading_bom = d.allow_leading_bom;
  o.allow_cr_line_endings = d.allow_cr_line_endings;
  o.allow_whitespace_around_name = d.allow_whitespace_around_name;
  o.allow_mx_trailing_dot = d.allow_mx_trailing_dot;
  o.max_age_over_ceiling = d.max_age_over_ceiling;
  return o;
}

txt_options behaviours_of(txt_options o) {
  const txt_options d;
  o.allow_trailing_whitespace = d.allow_trailing_whitespace;
  o.allow_empty_fields = d.allow_empty_fields;
  return o;
}

tlsrpt_options behaviours_of(tlsrpt_options o) {
  const tlsrpt_options d;
  o.allow_trailing_whitespace = d.allow_trailing_whitespace;
  o.allow_empty_fields = d.allow_empty_fields;
  return o;
}

TEST(Profiles, NamesAreUniqueAndNonEmpty) {
  std::set<std::string_view> names;
  for (const auto& p : mtasts::all_profiles()) {
    EXPECT_FALSE(p.name.empty());
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_TRUE(names.insert(p.name).second) << "duplicate profile name " << p.name;
  }
}

TEST(Profiles, DocumentedProfilesExist) {
  for (std::string_view name :
       {"strict", "lenient", "pmsr", "mailauth-strict", "mox", "postfix-tlspol"}) {
    EXPECT_TRUE(mtasts::find_profile(name).has_value()) << name;
  }
}

TEST(Profiles, StrictIsFirst) {
  ASSERT_FALSE(mtasts::all_profiles().empty());
  EXPECT_EQ(mtasts::all_profiles().front().name, "strict");
}

TEST(Profiles, FindProfileReturnsTheListedProfile) {
  for (const auto& p : mtasts::all_profiles()) {
    const auto found = mtasts::find_profile(p.name);
    ASSERT_TRUE(found.has_value()) << p.name;
    EXPECT_EQ(found->name, p.name);
    EXPECT_EQ(found->description, p.description);
    EXPECT_TRUE(same_options(found->policy, p.policy)) << p.name;
    EXPECT_TRUE(same_options(found->txt, p.txt)) << p.name;
    EXPECT_TRUE(same_options(found->tlsrpt, p.tlsrpt)) << p.name;
  }
}

TEST(Profiles, FindProfileOfUnknownNameIsEmpty) {
  for (std::string_view name : std::initializer_list<std::string_view>{
           "", "unknown", "STRICT", "Strict", "strict ", " strict", "pmsr\n", "mailauth", "tlspol",
           "postfix_tlspol", std::string_view("strict\0", 7)}) {
    EXPECT_FALSE(mtasts::find_profile(name).has_value()) << escape(name);
  }
}

TEST(Profiles, StrictEqualsDefaultOptions) {
  const auto strict = mtasts::find_profile("strict");
  ASSERT_TRUE(strict.has_value());
  EXPECT_TRUE(same_options(strict->policy, policy_options{}));
  EXPECT_TRUE(same_options(strict->txt, txt_options{}));
  EXPECT_TRUE(same_options(strict->tlsrpt, tlsrpt_options{}));
}

TEST(Profiles, DefaultsAreStrict) {
  // The documented strict defaults (options.h).
  const policy_options o;
  EXPECT_EQ(o.max_size, 65536u);
  EXPECT_FALSE(o.allow_blank_lines);
  EXPECT_FALSE(o.allow_leading_bom);
  EXPECT_FALSE(o.allow_cr_line_endings);
  EXPECT_FALSE(o.allow_whitespace_around_name);
  EXPECT_FALSE(o.allow_mx_trailing_dot);
  EXPECT_EQ(o.max_age_over_ceiling, mtasts::max_age_ceiling::reject);
  EXPECT_EQ(o.duplicate_fields, mtasts::duplicate_field::first);
  EXPECT_EQ(o.malformed_fields, mtasts::malformed_registered_field::extension);
  EXPECT_FALSE(o.ignore_malformed_lines);
  EXPECT_FALSE(o.reject_numeric_mx);
  EXPECT_FALSE(o.reject_malformed_mx);
  EXPECT_FALSE(o.unchecked_mx);
  EXPECT_FALSE(o.python_int_max_age);
}

TEST(Profiles, LenientIsTheLenientOptions) {
  const auto lenient = mtasts::find_profile("lenient");
  ASSERT_TRUE(lenient.has_value());
  EXPECT_TRUE(same_options(lenient->policy, mtasts::lenient_policy_options()));
  EXPECT_TRUE(same_options(lenient->txt, mtasts::lenient_txt_options()));
  EXPECT_TRUE(same_options(lenient->tlsrpt, mtasts::lenient_tlsrpt_options()));
}

TEST(Profiles, LenientChangesNoBehaviour) {
  EXPECT_TRUE(same_options(behaviours_of(mtasts::lenient_policy_options()), policy_options{}));
  EXPECT_TRUE(same_options(behaviours_of(mtasts::lenient_txt_options()), txt_options{}));
  EXPECT_TRUE(same_options(behaviours_of(mtasts::lenient_tlsrpt_options()), tlsrpt_options{}));
  // The size cap is not loosened either.
  EXPECT_EQ(mtasts::lenient_policy_options().max_size, policy_options{}.max_size);
}

TEST(Profiles, LenientSwitchesOnEveryPolicyRelaxation) {
  const policy_options o = mtasts::lenient_policy_options();
  EXPECT_TRUE(o.allow_blank_lines);
  EXPECT_TRUE(o.allow_leading_bom);
  EXPECT_TRUE(o.allow_cr_line_endings);
  EXPECT_TRUE(o.allow_whitespace_around_name);
  // A behaviour, not a relaxation: under mode none strict reads `mx: a.b.` as an extension.
  EXPECT_FALSE(o.allow_mx_trailing_dot);
  EXPECT_NE(o.max_age_over_ceiling, mtasts::max_age_ceiling::reject);
  const txt_options t = mtasts::lenient_txt_options();
  EXPECT_TRUE(t.allow_trailing_whitespace);
  EXPECT_TRUE(t.allow_empty_fields);
  const tlsrpt_options r = mtasts::lenient_tlsrpt_options();
  EXPECT_TRUE(r.allow_trailing_whitespace);
  EXPECT_TRUE(r.allow_empty_fields);
}

// Strict-valid policies: every line kind, every field form, both terminators.
std::vector<std::string> strict_valid_policies() {
  std::vector<std::string> out = {
      std::string(kBase),
      to_crlf(kBase),
      "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400",
      "version: STSv1\r\nmode: enforce\nmx: mail.example.com\r\nmax_age: 86400\n",
      "version: STSv1\nmode: none\nmax_age: 0\n",
      "version: STSv1\nmode: testing\nmx: *.example.com\nmax_age: 31557600\n",
      "mx: a\nmode: testing\nmax_age: 1\nversion: STSv1",
      "version:STSv1\nmode:enforce\nmx:mail.example.com\nmax_age:86400\n",
      "version:\tSTSv1\t\nmode: \t enforce \nmx: mail.example.com\t\nmax_age: 86400  \n",
      "version: STSv1\nmode: enforce\nmx: MAIL.Example.COM\nmx: 192.0.2.1\nmax_age: 0086400\n",
      "version: STSv1\nmode: enforce\nmx: localhost\nmx: *.com\nmax_age: 0000000000\n",
      "version: STSv1\nmode: enforce\nmx: xn--mnchen-3ya.example.com\nmax_age: 604800\n",
      "version: STSv1\nmode: enforce\nmode: none\nmx: a.example\nmax_age: 86400\nmax_age: 1\n",
      "version: STSv1\nversion: STSv2\nmode: testing\nmx: a.example\nmax_age: 5\n",
      "version: STSv1\nmode: Enforce\nmode: enforce\nmx: a.example\nmax_age: 5\n",
      "version: STSv1\nmode: enforce\nmx: bad_host\nmx: good.example\nmax_age: 5\n",
      "version: STSv1\nmode: none\nmx: mail.example.com.\nmax_age: 5\n",
      "version: STSv1\nmode: none\nmx: 192.0.2.1\nmax_age: 5\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 00000000001\nmax_age: 2\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\nMode: none\nMAX-AGE: 9\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\nfoo: bar baz\nfoo: 2\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\nurl: https://x.example/a:b\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\nu: "
      "caf\xC3\xA9\xC2\x85\xE2\x80\xA8\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\nx: \xC2\xA0\t\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n" + std::string(32, 'n') +
          ": v\n",
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n9_-.x: "
      "!\"#$%&'()*+,/:;<=>?@[\\]^_`{|}~\n",
      "version: STSv1\nmode: enforce\nmx: " + std::string(64, 'a') + ".example\nmax_age: 1\n",
      "version: STSv1\nmode: testing\nmx: a\nmx: a\nmx: b\nmax_age: 31557599\n",
      "version: STSv1\nmode: none\nmax_age: 86400\nmx: -bad\nmx: *.*.bad\n",
      "version: STSv1\nmode: enforce\nmx: m.example\nmax_age: 86400\nmax_age: 99999999999\n",
      "version: STSv1\nmode: enforce\nmx: m.example\nmax_age: 86400\nmax_age: 31557601\n",
  };
  return out;
}

TEST(Profiles, StrictValidPoliciesAreStrictValid) {
  for (const std::string& body : strict_valid_policies()) EXPECT_TRUE(Accepts(body));
  EXPECT_GE(strict_valid_policies().size(), 30u);
}

TEST(Profiles, LenientGivesIdenticalFieldsOnStrictValidInput) {
  const policy_options lenient = mtasts::lenient_policy_options();
  for (const std::string& body : strict_valid_policies()) {
    const auto strict_result = mtasts::parse_policy(body);
    ASSERT_TRUE(strict_result.ok()) << escape(body) << ": " << describe(strict_result.error());
    const auto lenient_result = mtasts::parse_policy(body, lenient);
    ASSERT_TRUE(lenient_result.ok()) << escape(body) << ": " << describe(lenient_result.error());
    EXPECT_TRUE(SamePolicy(lenient_result.value(), strict_result.value())) << escape(body);
  }
}

TEST(Profiles, EachRelaxationAloneGivesIdenticalFieldsOnStrictValidInput) {
  std::vector<policy_options> relaxations(7);
  relaxations[0].allow_blank_lines = true;
  relaxations[1].allow_leading_bom = true;
  relaxations[2].allow_cr_line_endings = true;
  relaxations[3].allow_whitespace_around_name = true;
  relaxations[4].max_age_over_ceiling = mtasts::max_age_ceiling::clamp;
  relaxations[5].max_age_over_ceiling = mtasts::max_age_ceiling::accept;
  relaxations[6].max_size = 1 << 24;
  for (std::size_t i = 0; i < relaxations.size(); ++i) {
    for (const std::string& body : strict_valid_policies()) {
      const auto r = mtasts::parse_policy(body, relaxations[i]);
      ASSERT_TRUE(r.ok()) << "relaxation " << i << " " << escape(body);
      EXPECT_TRUE(SamePolicy(r.value(), parsed(body))) << "relaxation " << i << " " << escape(body);
    }
  }
}

TEST(Profiles, LenientAcceptsEachRelaxedCase) {
  const policy_options o = mtasts::lenient_policy_options();
  const std::string base(kBase);
  EXPECT_TRUE(SamePolicy(parsed(base + "\n", o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed("\n" + base, o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed("\xEF\xBB\xBF" + base, o), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed("version: STSv1\rmode: enforce\rmx: mail.example.com\rmax_age: 86400\r", o),
                 base_policy()));
  EXPECT_TRUE(SamePolicy(parsed(base_with("mode", " mode : enforce"), o), base_policy()));
  // allow_mx_trailing_dot is a behaviour (postfix-tlspol), not part of lenient.
  EXPECT_TRUE(RejectsAny(base_with_mx("mail.example.com."), o));
  EXPECT_EQ(parsed(base_with_max_age("31557601"), o).max_age, 31557600u);
  // Not relaxed: the grammar of values, required fields, the size cap.
  EXPECT_TRUE(RejectsAny(base_with_mode("Enforce"), o));
  EXPECT_TRUE(RejectsAny(base_with_max_age("+1"), o));
  EXPECT_TRUE(RejectsAny(base_with_mx("bad_host"), o));
  EXPECT_TRUE(RejectsAny(base_with("version", ""), o));
  EXPECT_TRUE(RejectsAny(std::string(70000, 'a'), o));
}

TEST(Profiles, StrictProfileBehavesAsDefault) {
  const auto strict = mtasts::find_profile("strict");
  ASSERT_TRUE(strict.has_value());
  for (const std::string& body : strict_valid_policies()) {
    EXPECT_TRUE(SamePolicy(parsed(body, strict->policy), parsed(body)));
  }
  for (std::string_view bad : {"", "\n", " version: STSv1", "version: STSv1\rmode: none"}) {
    const auto a = mtasts::parse_policy(bad, strict->policy);
    const auto b = mtasts::parse_policy(bad);
    ASSERT_FALSE(a.ok());
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(a.error(), b.error()) << escape(bad);
  }
}

TEST(Profiles, PeerProfilesDifferFromStrict) {
  for (std::string_view name : {"pmsr", "mailauth-strict", "mox", "postfix-tlspol"}) {
    const auto p = mtasts::find_profile(name);
    ASSERT_TRUE(p.has_value()) << name;
    EXPECT_FALSE(same_options(p->policy, policy_options{}) && same_options(p->txt, txt_options{}) &&
                 same_options(p->tlsrpt, tlsrpt_options{}))
        << name << " is identical to strict";
  }
}

// Each profile says which inputs it models; strict and lenient model all of them, and a peer
// profile models only what its peer was run on (the CLI refuses it for the rest).
TEST(Profiles, KindsModelled) {
  using mtasts::profile_kind;
  auto kinds = [](std::string_view name) { return mtasts::find_profile(name)->kinds; };
  auto bits = [](std::initializer_list<profile_kind> ks) {
    unsigned b = 0;
    for (profile_kind k : ks) b |= static_cast<unsigned>(k);
    return b;
  };
  EXPECT_EQ(kinds("strict"), mtasts::all_profile_kinds);
  EXPECT_EQ(kinds("lenient"), mtasts::all_profile_kinds);
  EXPECT_EQ(kinds("pmsr"), bits({profile_kind::txt, profile_kind::policy}));
  EXPECT_EQ(kinds("mailauth-strict"), bits({profile_kind::policy}));
  EXPECT_EQ(kinds("mox"), mtasts::all_profile_kinds);
  EXPECT_EQ(kinds("postfix-tlspol"), bits({profile_kind::policy}));
  for (const auto& p : mtasts::all_profiles()) {
    EXPECT_NE(p.kinds, 0U) << p.name;
    EXPECT_EQ(p.kinds & ~mtasts::all_profile_kinds, 0U) << p.name;
    for (const auto& d : p.differences) {
      EXPECT_FALSE(d.test.empty()) << p.name;
      EXPECT_FALSE(d.why.empty()) << p.name << " " << d.test;
    }
  }
  EXPECT_TRUE(mtasts::find_profile("strict")->differences.empty());
  EXPECT_EQ(mtasts::profile_kind_name(profile_kind::tlsrpt), "tlsrpt");
}

// "mailauth-strict" against mailauth 7.1.0 parsePolicy(body, {strict: true}) on what the
// peers table does not cover: each answer below was taken from the real library
// (conformance/adapters, node 22). mailauth keeps the first occurrence of a field whatever
// its value (a seen-set), and any mx value outside its pattern throws invalid_sts_mx after
// the version, mode and max_age checks, whatever the mode and the other mx lines.
TEST(Profiles, MailauthStrictFollowsMailauth7OnFirstOccurrencesAndMalformedMx) {
  const auto p = mtasts::find_profile("mailauth-strict");
  ASSERT_TRUE(p.has_value());
  struct mailauth_case {
    std::string_view body;
    bool accepted;  // mailauth's answer
  };
  const mailauth_case cases[] = {
      {"version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n", true},
      // invalid_sts_mode: the first mode line counts, and it is invalid.
      {"version: STSv1\nmode: Enforce\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n", false},
      // The first is valid: the second is ignored.
      {"version: STSv1\nmode: enforce\nmode: Enforce\nmx: a.example.com\nmax_age: 86400\n", true},
      // invalid_sts_max_age, invalid_sts_version: likewise.
      {"version: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: x\nmax_age: 86400\n", false},
      {"version: STSv2\nversion: STSv1\nmode: enforce\nmx: a.example.com\nmax_age: 86400\n", false},
      // invalid_sts_mx, whatever the mode and the other mx lines.
      {"version: STSv1\nmode: none\nmx: bad_host.example.com\nmax_age: 86400\n", false},
      {"version: STSv1\nmode: none\nmx:\nmax_age: 86400\n", false},
      {"version: STSv1\nmode: none\nmx: mail.example.com.\nmax_age: 86400\n", false},
      {"version: STSv1\nmode: enforce\nmx: a.example.com\nmx: bad_host.example.com\n"
       "max_age: 86400\n",
       false},
      {"version: STSv1\nmode: testing\nmx: a.example.com\nmx: *.*.example.com\nmax_age: 86400\n",
       false},
      // Case is not a matter of validity (mailauth lowercases the values).
      {"version: STSv1\nmode: enforce\nmx: A.Example.COM\nmx: a.example.com\nmax_age: 86400\n",
       true},
  };
  for (const mailauth_case& c : cases) {
    const auto r = mtasts::parse_policy(c.body, p->policy);
    EXPECT_EQ(r.ok(), c.accepted) << escape(c.body)
                                  << (r.ok() ? " accepted" : " rejected: " + describe(r.error()));
    EXPECT_EQ(mtasts::is_valid_policy(c.body, p->policy), c.accepted) << escape(c.body);
  }
  // Version, mode and max_age are checked before the mx lines, as mailauth throws.
  const auto r = mtasts::parse_policy(
      "mx: bad_host.example.com\nversion: STSv2\nmode: enforce\nmx: a.example.com\n"
      "max_age: 86400\n",
      p->policy);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, mtasts::error_code::POLICY_VERSION_VALUE) << describe(r.error());
}

}  // namespace
