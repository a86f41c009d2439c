// SPDX-License-Identifier: Apache-2.0
// A changed rule planted in the one place the policy rules live (parser/core/src/policy_rules.h),
// and every path follows it. This file compiles the policy parser (policy.cc) again with a
// rule set whose max_age has at most 5 digits and whose ceiling is 40000 seconds, and checks
// that parse_policy (storage and owning), is_valid_policy and the exact path
// (detail::parse_policy_exact) all give the changed answer: on bodies the typical reader
// reads whole, bodies it hands over part-way, and bodies it reads nothing of.
//
// The seam: policy.cc reads every rule through `rules`, the type MTASTS_POLICY_RULES names
// (rfc8461_policy_rules unless defined). A translation unit that defines it and includes
// policy.cc gets the shipped parser, line for line, under other rules; the library is never
// built with the macro, so the seam costs it nothing. A template parameter alone would not
// reach the public entry points, which are not templates. This binary links the library for
// everything else: its own copy defines every symbol of policy.cc, so the library's copy is
// never linked in (and a stray one would be a duplicate-symbol error, not a silent mix).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "policy_rules.h"

namespace mtasts::detail {

struct planted_policy_rules : rfc8461_policy_rules {
  // Planted: sts-policy-max-age-value = 1*5(DIGIT), the RFC's reading of those digits.
  static constexpr std::optional<value_reading> max_age_at(std::string_view bytes) noexcept {
    return rfc8461_policy_rules::max_age_at(bytes.substr(0, 5));
  }
  // Planted: a maximum value of 40000.
  static constexpr std::uint64_t max_age_maximum = 40000;
};

constexpr policy_options strict;
static_assert(read_registered_value<rfc8461_policy_rules>(max_age_field, "123456", strict) ==
              123456);
static_assert(!read_registered_value<planted_policy_rules>(max_age_field, "123456", strict));
static_assert(read_registered_value<planted_policy_rules>(max_age_field, "00042", strict) == 42);

}  // namespace mtasts::detail

#define MTASTS_POLICY_RULES planted_policy_rules
#include "policy.cc"  // the parser under the planted rules

#include <gtest/gtest.h>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "mtasts/testing/typical_shortcut_check.h"
#include "policy_test_support.h"

namespace {

using mtasts::error_code;
using mtasts_test::escape;

static_assert(std::is_same_v<mtasts::rules, mtasts::detail::planted_policy_rules>);

// Bodies around one max_age value, each read by a different mix of paths.
std::vector<std::string> bodies_with_max_age(std::string_view value) {
  const std::string v(value);
  return {
      // the typical reader reads it all, LF and CRLF
      "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: " + v + "\n",
      "max_age: " + v + "\r\nversion: STSv1\r\nmode: testing\r\nmx: *.example.net",
      // it reads max_age and version, the line loop the rest
      "max_age: " + v + "\nversion: STSv1\nnote: x\nmode: enforce\nmx: mail.example.com\n",
      // it reads nothing: an extension first
      "note: x\nversion: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: " + v + "\n",
      // it stops at the max_age line: a tab after ':' and trailing WSP
      "version: STSv1\nmode: none\nmax_age:\t" + v + " \n",
  };
}

// What every API must give: max_age when accepted, else `code` at the value's offset.
struct outcome {
  std::optional<std::uint64_t> max_age;
  error_code code = error_code::POLICY_MAX_AGE_SYNTAX;
};

void expect_everywhere(std::string_view value, const mtasts::policy_options& options,
                       const outcome& want) {
  for (const std::string& body : bodies_with_max_age(value)) {
    SCOPED_TRACE(escape(body));
    const std::size_t value_offset = body.find(value, body.find("max_age:"));
    const mtasts::parse_error want_error =
        mtasts_test::expected_error(want.code, body, value_offset);
    std::vector<std::string_view> mx(8), mx_exact(8);
    std::vector<mtasts::extension> ext(8), ext_exact(8);
    const auto storage = mtasts::parse_policy(body, mtasts::policy_storage{mx, ext}, options);
    const auto owning = mtasts::parse_policy(body, options);
    const auto exact = mtasts::detail::parse_policy_exact(
        body, mtasts::policy_storage{mx_exact, ext_exact}, options);
    EXPECT_EQ(mtasts::is_valid_policy(body, options), want.max_age.has_value());
    if (want.max_age) {
      ASSERT_TRUE(storage.ok()) << mtasts_test::describe(storage.error());
      ASSERT_TRUE(owning.ok()) << mtasts_test::describe(owning.error());
      ASSERT_TRUE(exact.ok()) << mtasts_test::describe(exact.error());
      EXPECT_EQ(storage.value().max_age, *want.max_age);
      EXPECT_EQ(owning.value().max_age, *want.max_age);
      EXPECT_EQ(exact.value().max_age, *want.max_age);
    } else {
      ASSERT_FALSE(storage.ok());
      ASSERT_FALSE(owning.ok());
      ASSERT_FALSE(exact.ok());
      EXPECT_EQ(storage.error(), want_error) << mtasts_test::describe(storage.error());
      EXPECT_EQ(owning.error(), want_error) << mtasts_test::describe(owning.error());
      EXPECT_EQ(exact.error(), want_error) << mtasts_test::describe(exact.error());
    }
  }
}

mtasts::policy_options with_ceiling(mtasts::max_age_ceiling c) {
  mtasts::policy_options o;
  o.max_age_over_ceiling = c;
  return o;
}

// The RFC accepts each of these; the planted rules do not, on every path.
TEST(PlantedPolicyRules, MaxAgeOfMoreThanFiveDigitsFailsItsRuleEverywhere) {
  expect_everywhere("123456", {}, {std::nullopt, error_code::POLICY_MAX_AGE_SYNTAX});
  expect_everywhere("0000000042", {}, {std::nullopt, error_code::POLICY_MAX_AGE_SYNTAX});
  // Each malformed-field behaviour meets the same rule.
  mtasts::policy_options reject;
  reject.malformed_fields = mtasts::malformed_registered_field::reject;
  expect_everywhere("123456", reject, {std::nullopt, error_code::POLICY_MAX_AGE_SYNTAX});
  mtasts::policy_options chosen;
  chosen.malformed_fields = mtasts::malformed_registered_field::validate_chosen;
  expect_everywhere("123456", chosen, {std::nullopt, error_code::POLICY_MAX_AGE_SYNTAX});
  // Five digits still read as the RFC reads them.
  expect_everywhere("00042", {}, {42, {}});
  expect_everywhere("39999", {}, {39999, {}});
}

TEST(PlantedPolicyRules, CeilingMovesUnderEveryOption) {
  expect_everywhere("45000", {}, {std::nullopt, error_code::POLICY_MAX_AGE_RANGE});
  expect_everywhere("45000", with_ceiling(mtasts::max_age_ceiling::reject),
                    {std::nullopt, error_code::POLICY_MAX_AGE_RANGE});
  expect_everywhere("45000", with_ceiling(mtasts::max_age_ceiling::clamp), {40000, {}});
  expect_everywhere("45000", with_ceiling(mtasts::max_age_ceiling::accept), {45000, {}});
  expect_everywhere("40000", {}, {40000, {}});
}

// python_int_max_age is a reading of its own (any digit count), judged by the same ceiling.
TEST(PlantedPolicyRules, PythonIntReadingKeepsItsSyntaxAndMeetsThePlantedCeiling) {
  mtasts::policy_options python;
  python.python_int_max_age = true;
  expect_everywhere("123456", python, {std::nullopt, error_code::POLICY_MAX_AGE_RANGE});
  expect_everywhere("0000000042", python, {42, {}});
  python.max_age_over_ceiling = mtasts::max_age_ceiling::clamp;
  expect_everywhere("123456", python, {40000, {}});
}

// The typical reader judges a value by the rule set it is given, and hands the line over when
// that set rejects it.
struct discarding_sink {
  bool add_mx(std::string_view) { return true; }
  bool add_extension(mtasts::extension) { return true; }
};

TEST(PlantedPolicyRules, TypicalReaderJudgesByItsRuleSet) {
  const std::string_view body = "version: STSv1\nmax_age: 123456\nmode: none\n";
  const mtasts::detail::policy_line_scanner lines(body);
  discarding_sink sink;
  const auto planted =
      mtasts::detail::read_typical_policy<mtasts::detail::planted_policy_rules>(lines, {}, sink, 0);
  EXPECT_EQ(planted.lines, 1U);
  EXPECT_EQ(planted.end, body.find("max_age"));
  const auto shipped =
      mtasts::detail::read_typical_policy<mtasts::detail::rfc8461_policy_rules>(lines, {}, sink, 0);
  EXPECT_EQ(shipped.lines, 3U);
  EXPECT_EQ(shipped.end, body.size());
  EXPECT_EQ(shipped.values[mtasts::detail::max_age_field], "123456");
}

// Under the planted rules too, the typical reader and the exact path agree everywhere.
TEST(PlantedPolicyRules, TypicalShortcutAgreesWithExactPath) {
  for (std::string_view value : {"0", "00042", "39999", "40000", "40001", "123456", "0000000042",
                                 "9999999999", "+5", "1_000"}) {
    for (const std::string& body : bodies_with_max_age(value)) {
      for (const mtasts::policy_options& o : mtasts::test_support::typical_shortcut_option_sets()) {
        EXPECT_EQ(mtasts::test_support::typical_shortcut_difference(body, o), "") << escape(body);
      }
    }
  }
}

}  // namespace
