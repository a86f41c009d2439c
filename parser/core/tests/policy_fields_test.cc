// SPDX-License-Identifier: Apache-2.0
// The fields of the policy file (RFC 8461 §3.2: R-3.2-3 … R-3.2-9), the size cap (R-3.3-9)
// and the decisions of docs/decisions.md.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_test_support.h"

namespace {

using mtasts::error_code;
using mtasts::policy_mode;
using mtasts::policy_options;
using namespace mtasts_test;
using namespace std::string_literals;

constexpr std::string_view kVersion = "version: STSv1";
constexpr std::string_view kMode = "mode: enforce";
constexpr std::string_view kMx = "mx: mail.example.com";
constexpr std::string_view kMaxAge = "max_age: 86400";

using ext_list = std::vector<std::pair<std::string, std::string>>;

// ---------------------------------------------------------------------------------------
// version (R-3.2-3)

TEST(PolicyFields, R_3_2_3_VersionIsSTSv1) { EXPECT_EQ(parsed(kBase).version, "STSv1"); }

TEST(PolicyFields, R_3_2_3_VersionValueIsCaseSensitive) {
  for (std::string_view v : {"stsv1", "STSV1", "Stsv1", "stsV1"}) {
    const std::string body = base_with("version", "version: " + std::string(v));
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_VALUE, 9)) << v;
  }
}

TEST(PolicyFields, R_3_2_3_OtherVersionsAreRejected) {
  for (std::string_view v : {"STSv2", "STSv1.0", "STSv10", "STSv1;", "STS v1", "v=STSv1", "1"}) {
    const std::string body = base_with("version", "version: " + std::string(v));
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_VALUE, 9)) << v;
  }
}

TEST(PolicyFields, R_3_2_3_VersionValueAfterTab) {
  const std::string body = base_with("version", "version:\t\tSTSv2");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_VALUE, 10));
}

TEST(PolicyFields, R_3_2_3_VersionMissing) {
  const std::string body = join({kMode, kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_MISSING, body.size()));
}

TEST(PolicyFields, R_3_2_3_VersionFieldNameIsCaseSensitive) {
  for (std::string_view name : {"Version", "VERSION", "versions", "v"}) {
    const std::string body = base_with("version", std::string(name) + ": STSv1");
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_MISSING, body.size())) << name;
  }
}

// ---------------------------------------------------------------------------------------
// mode (R-3.2-4)

TEST(PolicyFields, R_3_2_4_ModeValues) {
  EXPECT_EQ(parsed(base_with_mode("enforce")).mode, policy_mode::enforce);
  EXPECT_EQ(parsed(base_with_mode("testing")).mode, policy_mode::testing);
  EXPECT_EQ(parsed(base_with_mode("none")).mode, policy_mode::none);
}

TEST(PolicyFields, R_3_2_4_ModeValueIsCaseSensitive) {
  for (std::string_view v : {"Enforce", "ENFORCE", "Testing", "TESTING", "None", "NONE"}) {
    const std::string body = base_with_mode(v);
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_VALUE, 21)) << v;
  }
}

TEST(PolicyFields, R_3_2_4_UnknownModeValues) {
  for (std::string_view v : {"enforced", "report", "test", "off", "reject", "none.", "enforce;",
                             "en force", "enforce,none", "\"enforce\"", "0"}) {
    const std::string body = base_with_mode(v);
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_VALUE, 21)) << v;
  }
}

TEST(PolicyFields, R_3_2_4_ModeMissing) {
  const std::string body = join({kVersion, kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_MISSING, body.size()));
}

TEST(PolicyFields, R_3_2_4_ModeFieldNameIsCaseSensitive) {
  for (std::string_view name : {"Mode", "MODE", "mOde", "modes"}) {
    const std::string body = base_with("mode", std::string(name) + ": enforce");
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_MISSING, body.size())) << name;
  }
}

TEST(PolicyFields, ToStringOfModes) {
  EXPECT_EQ(mtasts::to_string(policy_mode::enforce), "enforce");
  EXPECT_EQ(mtasts::to_string(policy_mode::testing), "testing");
  EXPECT_EQ(mtasts::to_string(policy_mode::none), "none");
}

// ---------------------------------------------------------------------------------------
// max_age (R-3.2-5, A-7, A-8)

TEST(PolicyMaxAge, R_3_2_5_Zero) {
  EXPECT_EQ(parsed(base_with_max_age("0")).max_age, 0u);
  EXPECT_EQ(parsed(base_with_max_age("0000000000")).max_age, 0u);
}

TEST(PolicyMaxAge, R_3_2_5_TypicalValues) {
  EXPECT_EQ(parsed(base_with_max_age("1")).max_age, 1u);
  EXPECT_EQ(parsed(base_with_max_age("604800")).max_age, 604800u);
  EXPECT_EQ(parsed(base_with_max_age("31557599")).max_age, 31557599u);
}

TEST(PolicyMaxAge, R_3_2_5_CeilingIsAccepted) {
  EXPECT_EQ(parsed(base_with_max_age("31557600")).max_age, 31557600u);
  EXPECT_EQ(mtasts::max_age_ceiling_seconds, 31557600u);
}

TEST(PolicyMaxAge, A_7_AboveCeilingIsRange) {
  // The value starts at offset 59 (line 4, column 10).
  for (std::string_view v : {"31557601", "2147483647", "2147483648", "4294967295", "4294967296",
                             "9999999999", "0031557601"}) {
    const std::string body = base_with_max_age(v);
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_RANGE, 59)) << v;
  }
}

TEST(PolicyMaxAge, A_7_RangeIsCheckedOnTheFirstOccurrence) {
  // The first occurrence fits the grammar, so it is the one that counts (R-3.2-9); its value
  // is above the ceiling. The later, smaller value is ignored.
  const std::string body = base_with("max_age", "max_age: 31557601\nmax_age: 86400");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_RANGE, 59));
}

TEST(PolicyMaxAge, A_7_OptionClamp) {
  policy_options o;
  o.max_age_over_ceiling = mtasts::max_age_ceiling::clamp;
  EXPECT_EQ(parsed(base_with_max_age("31557601"), o).max_age, 31557600u);
  EXPECT_EQ(parsed(base_with_max_age("9999999999"), o).max_age, 31557600u);
  EXPECT_EQ(parsed(base_with_max_age("31557600"), o).max_age, 31557600u);
  EXPECT_EQ(parsed(base_with_max_age("86400"), o).max_age, 86400u);
  // The grammar still applies.
  EXPECT_TRUE(Rejects(base_with_max_age("99999999999"), error_code::POLICY_MAX_AGE_SYNTAX, o));
}

TEST(PolicyMaxAge, A_7_OptionAccept) {
  policy_options o;
  o.max_age_over_ceiling = mtasts::max_age_ceiling::accept;
  EXPECT_EQ(parsed(base_with_max_age("31557601"), o).max_age, 31557601u);
  EXPECT_EQ(parsed(base_with_max_age("9999999999"), o).max_age, 9999999999u);
  EXPECT_EQ(parsed(base_with_max_age("86400"), o).max_age, 86400u);
  EXPECT_TRUE(Rejects(base_with_max_age("99999999999"), error_code::POLICY_MAX_AGE_SYNTAX, o));
}

TEST(PolicyMaxAge, A_8_LeadingZeros) {
  EXPECT_EQ(parsed(base_with_max_age("0086400")).max_age, 86400u);
  EXPECT_EQ(parsed(base_with_max_age("00086400")).max_age, 86400u);
  EXPECT_EQ(parsed(base_with_max_age("0000086400")).max_age, 86400u);  // 10 digits
  EXPECT_EQ(parsed(base_with_max_age("0000000001")).max_age, 1u);
}

TEST(PolicyMaxAge, A_8_ElevenDigitsIsSyntaxEvenWhenSmall) {
  for (std::string_view v :
       {"00000000001", "00000086400", "00000000000", "99999999999", "12345678901234567890"}) {
    const std::string body = base_with_max_age(v);
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_SYNTAX, 59)) << v;
  }
}

TEST(PolicyMaxAge, A_8_OptionPythonIntMaxAge) {
  // pmsr passes max_age through Python int(): sign, '_' between digits, any digit count.
  policy_options o;
  o.python_int_max_age = true;
  EXPECT_EQ(parsed(base_with_max_age("+86400"), o).max_age, 86400u);
  EXPECT_EQ(parsed(base_with_max_age("86_400"), o).max_age, 86400u);
  EXPECT_EQ(parsed(base_with_max_age("00000086400"), o).max_age, 86400u);
  EXPECT_EQ(parsed(base_with_max_age("0086400"), o).max_age, 86400u);
  EXPECT_EQ(parsed(base_with_max_age("86400"), o).max_age, 86400u);
  // int() still fails on these.
  for (std::string_view v : {"1e3", "0x10", "86400.0", "86,400", "abc", "86__400", "_86400"}) {
    EXPECT_TRUE(RejectsAny(base_with_max_age(v), o)) << v;
  }
  // A negative value converts, but pmsr's range check 0..31557600 rejects it.
  EXPECT_TRUE(RejectsAny(base_with_max_age("-1"), o));
  EXPECT_TRUE(RejectsAny(base_with_max_age("31557601"), o));
}

TEST(PolicyMaxAge, R_3_2_5_NotADigitString) {
  for (std::string_view v :
       {"+86400", "-1", "-0", "86400.0", "1.5", "1e3", "1E3", "0x10", "0X10", "86 400", "86,400",
        "86_400", "86400s", "one", "\xD9\xA1", "\xEF\xBC\x91"}) {
    const std::string body = base_with_max_age(v);
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_SYNTAX, 59)) << escape(v);
  }
}

TEST(PolicyMaxAge, R_3_2_5_EmptyValueFitsNoProduction) {
  // `max_age:` fits neither sts-policy-max-age nor sts-policy-extension (ext-value needs a
  // character), so it is a line-level error where the value should start.
  const std::string body = base_with("max_age", "max_age:");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VALUE_SYNTAX, 58));
  const std::string body2 = base_with("max_age", "max_age: ");
  EXPECT_TRUE(Rejects(body2, error_code::POLICY_VALUE_SYNTAX));
}

TEST(PolicyMaxAge, R_3_2_5_Missing) {
  const std::string body = join({kVersion, kMode, kMx});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_MISSING, body.size()));
}

TEST(PolicyMaxAge, R_3_2_5_FieldNameIsExact) {
  for (std::string_view name : {"max-age", "Max_age", "MAX_AGE", "maxage", "max_age_"}) {
    const std::string body = base_with("max_age", std::string(name) + ": 86400");
    EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_MISSING, body.size())) << name;
    auto with_ok = body + "max_age: 86400\n";
    const auto p = parsed(with_ok);
    ASSERT_EQ(p.extensions.size(), 1u) << name;
    EXPECT_EQ(p.extensions[0].first, name);
  }
}

TEST(PolicyMaxAge, R_3_2_5_TrailingWhitespace) {
  EXPECT_EQ(parsed(base_with_max_age("86400 \t")).max_age, 86400u);
}

// ---------------------------------------------------------------------------------------
// mx (R-3.2-6, R-3.2-7, A-14, A-15, A-17)

TEST(PolicyMx, R_3_2_6_KeptAsWrittenInInputOrder) {
  const std::string body = join({kVersion, "mx: b.example.com", kMode, "mx: *.Example.NET", kMaxAge,
                                 "mx: A.example.com", "mx: b.example.com"});
  const auto p = parsed(body);
  EXPECT_EQ(p.mx, (std::vector<std::string>{"b.example.com", "*.Example.NET", "A.example.com",
                                            "b.example.com"}));
}

TEST(PolicyMx, R_3_2_6_WildcardPattern) {
  EXPECT_EQ(parsed(base_with_mx("*.example.com")).mx, std::vector<std::string>{"*.example.com"});
}

TEST(PolicyMx, R_3_2_6_ValidPatterns) {
  for (std::string_view v :
       {"mail.example.com", "MAIL.Example.COM", "mx1.example.com", "1mx.example.com",
        "m-x.example.com", "m--x.example.com", "a.b.c.d.e.example.com", "*.example.com", "*.a.b",
        "x", "a1", "1", "123.example.com", "xn--mnchen-3ya.example.com",
        "XN--MNCHEN-3YA.example.com"}) {
    const auto p = parsed(base_with_mx(v));
    EXPECT_EQ(p.mx, std::vector<std::string>{std::string(v)}) << v;
  }
}

TEST(PolicyMx, R_3_2_6_OneNamePerLine) {
  // Several names on one line fit only the extension production: the mx is missing and
  // the error names the bad value (offsets: A_4_MxErrorOffsetIsTheStartOfTheValue).
  for (std::string_view v : {"a.example.com b.example.com", "a.example.com,b.example.com",
                             "a.example.com, b.example.com", "a.example.com;b.example.com"}) {
    EXPECT_TRUE(RejectsOnLine(base_with_mx(v), error_code::MX_PATTERN_CHARACTER, 3)) << v;
  }
}

struct bad_mx {
  std::string_view value;
  error_code code;
};

TEST(PolicyMx, R_3_2_6_PatternsThatDoNotFitTheGrammar) {
  // Each value is on line 3 (offsets: A_4_MxErrorOffsetIsTheStartOfTheValue).
  for (const bad_mx& c : {
           bad_mx{"mail.example.com.", error_code::MX_PATTERN_TRAILING_DOT},
           bad_mx{"*.example.com.", error_code::MX_PATTERN_TRAILING_DOT},
           bad_mx{"mail..example.com", error_code::MX_PATTERN_EMPTY_LABEL},
           bad_mx{".example.com", error_code::MX_PATTERN_EMPTY_LABEL},
           bad_mx{".", error_code::MX_PATTERN_EMPTY_LABEL},
           bad_mx{"mail_1.example.com", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"_mta-sts.example.com", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"*.*.example.com", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"*example.com", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"mx*.example.com", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"mail.*.example.com", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"mail.example.*", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"*", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"*.", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"**.example.com", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"mail.example.com:25", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"[192.0.2.1]", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"[IPv6:2001:db8::1]", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"m\xC3\xA4il.example.com", error_code::MX_PATTERN_NON_ASCII},
           bad_mx{"-mail.example.com", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"mail-.example.com", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"mail.-example.com", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"mail.example-.com", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"*.-x.example.com", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"-", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"mail/example.com", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"mail@example.com", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"https://mail.example.com", error_code::MX_PATTERN_CHARACTER},
       }) {
    EXPECT_TRUE(RejectsOnLine(base_with_mx(c.value), c.code, 3)) << escape(c.value);
  }
}

TEST(PolicyMx, A_4_MxErrorOffsetIsTheOffendingByteInsideTheValue) {
  // docs/decisions.md "Error reporting order": a structured value (an mx pattern) points at
  // the first byte that breaks its grammar. Every value below starts at offset 33 (line 3,
  // column 5); the error lies inside it, where parse_mx_pattern puts it.
  for (const bad_mx& c : {
           bad_mx{"mail.example.com.", error_code::MX_PATTERN_TRAILING_DOT},
           bad_mx{"mail..example.com", error_code::MX_PATTERN_EMPTY_LABEL},
           bad_mx{"bad_host", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"a.example.com b.example.com", error_code::MX_PATTERN_CHARACTER},
           bad_mx{"*.*.example.com", error_code::MX_PATTERN_WILDCARD},
           bad_mx{"mail-.example.com", error_code::MX_PATTERN_HYPHEN},
           bad_mx{"m\xC3\xA4il.example.com", error_code::MX_PATTERN_NON_ASCII},
       }) {
    const auto inner = mtasts::parse_mx_pattern(c.value);
    ASSERT_FALSE(inner.ok()) << escape(c.value);
    EXPECT_TRUE(RejectsAt(base_with_mx(c.value), c.code, 33 + inner.error().offset))
        << escape(c.value);
  }
  // Errors whose offending byte is the value's first byte are at the value start.
  EXPECT_TRUE(RejectsAt(base_with_mx(".example.com"), error_code::MX_PATTERN_EMPTY_LABEL, 33));
  EXPECT_TRUE(RejectsAt(base_with_mx("*example.com"), error_code::MX_PATTERN_WILDCARD, 33));
  EXPECT_TRUE(RejectsAt(base_with_mx("-mail.example.com"), error_code::MX_PATTERN_HYPHEN, 33));
  EXPECT_TRUE(RejectsAt(base_with_mx("[192.0.2.1]"), error_code::MX_PATTERN_CHARACTER, 33));
}

TEST(PolicyMx, R_3_2_6_EmptyValueFitsNoProduction) {
  // `mx:` (P37) fits no production at all: a line-level error where the value should start.
  const std::string body = base_with("mx", "mx:");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VALUE_SYNTAX, 32));
}

TEST(PolicyMx, R_3_2_6_CaseKeptAsWritten) {
  EXPECT_EQ(parsed(base_with_mx("MAIL.Example.COM")).mx,
            std::vector<std::string>{"MAIL.Example.COM"});
}

TEST(PolicyMx, R_3_2_7_ULabelIsRejected) {
  // "münchen.example.com" and a label in Han script.
  EXPECT_TRUE(RejectsOnLine(base_with_mx("m\xC3\xBCnchen.example.com"),
                            error_code::MX_PATTERN_NON_ASCII, 3));
  EXPECT_TRUE(RejectsOnLine(base_with_mx("mail.\xE4\xBE\x8B\xE5\xAD\x90.com"),
                            error_code::MX_PATTERN_NON_ASCII, 3));
  EXPECT_TRUE(
      RejectsOnLine(base_with_mx("*.m\xC3\xBCnchen.example"), error_code::MX_PATTERN_NON_ASCII, 3));
}

TEST(PolicyMx, R_3_2_7_ALabelIsAccepted) {
  EXPECT_EQ(parsed(base_with_mx("xn--mnchen-3ya.example.com")).mx,
            std::vector<std::string>{"xn--mnchen-3ya.example.com"});
  EXPECT_EQ(parsed(base_with_mx("*.xn--fiqs8s")).mx, std::vector<std::string>{"*.xn--fiqs8s"});
}

TEST(PolicyMx, A_14_SingleLabel) {
  EXPECT_EQ(parsed(base_with_mx("localhost")).mx, std::vector<std::string>{"localhost"});
}

TEST(PolicyMx, A_14_AllNumericLabels) {
  EXPECT_EQ(parsed(base_with_mx("192.0.2.1")).mx, std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(parsed(base_with_mx("*.0.2.1")).mx, std::vector<std::string>{"*.0.2.1"});
  EXPECT_EQ(parsed(base_with_mx("1.2")).mx, std::vector<std::string>{"1.2"});
}

TEST(PolicyMx, A_14_LabelOf64Characters) {
  const std::string label64(64, 'a');
  const std::string label200 = "a" + std::string(198, '-') + "b";
  EXPECT_EQ(parsed(base_with_mx(label64 + ".example.com")).mx,
            std::vector<std::string>{label64 + ".example.com"});
  EXPECT_EQ(parsed(base_with_mx("*." + label200 + ".example.com")).mx,
            std::vector<std::string>{"*." + label200 + ".example.com"});
}

TEST(PolicyMx, A_14_NameLongerThan255) {
  std::string name;
  for (int i = 0; i < 100; ++i) name += "abc.";
  name += "example";  // 407 octets
  EXPECT_EQ(parsed(base_with_mx(name)).mx, std::vector<std::string>{name});
}

TEST(PolicyMx, A_14_OptionRejectNumericMx) {
  policy_options o;
  o.reject_numeric_mx = true;
  EXPECT_TRUE(RejectsAny(base_with_mx("192.0.2.1"), o));
  // Names with letters are unaffected.
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
  EXPECT_EQ(parsed(base_with_mx("mx1.example.com"), o).mx,
            std::vector<std::string>{"mx1.example.com"});
  EXPECT_EQ(parsed(base_with_mx("*.example.com"), o).mx, std::vector<std::string>{"*.example.com"});
}

TEST(PolicyMx, A_15_TrailingDotIsRejected) {
  EXPECT_TRUE(
      RejectsOnLine(base_with_mx("mail.example.com."), error_code::MX_PATTERN_TRAILING_DOT, 3));
  EXPECT_TRUE(RejectsOnLine(base_with_mx("localhost."), error_code::MX_PATTERN_TRAILING_DOT, 3));
}

TEST(PolicyMx, A_15_OptionAllowMxTrailingDot) {
  policy_options o;
  o.allow_mx_trailing_dot = true;
  // Accepted and kept as written.
  EXPECT_EQ(parsed(base_with_mx("mail.example.com."), o).mx,
            std::vector<std::string>{"mail.example.com."});
  EXPECT_EQ(parsed(base_with_mx("*.example.com."), o).mx,
            std::vector<std::string>{"*.example.com."});
  EXPECT_EQ(parsed(base_with_mx("mail.example.com"), o).mx,
            std::vector<std::string>{"mail.example.com"});
  // Only one dot, and not on its own.
  EXPECT_TRUE(RejectsAny(base_with_mx("mail.example.com.."), o));
  EXPECT_TRUE(RejectsAny(base_with_mx("."), o));
}

TEST(PolicyMx, A_17_PublicSuffixWildcardIsAValidPattern) {
  EXPECT_EQ(parsed(base_with_mx("*.com")).mx, std::vector<std::string>{"*.com"});
}

// ---------------------------------------------------------------------------------------
// Required fields (R-3.2-8)

TEST(PolicyFields, R_3_2_8_VersionModeMaxAgeRequired) {
  const std::string no_version = join({kMode, kMx, kMaxAge});
  const std::string no_mode = join({kVersion, kMx, kMaxAge});
  const std::string no_max_age = join({kVersion, kMode, kMx});
  EXPECT_TRUE(RejectsAt(no_version, error_code::POLICY_VERSION_MISSING, no_version.size()));
  EXPECT_TRUE(RejectsAt(no_mode, error_code::POLICY_MODE_MISSING, no_mode.size()));
  EXPECT_TRUE(RejectsAt(no_max_age, error_code::POLICY_MAX_AGE_MISSING, no_max_age.size()));
}

TEST(PolicyFields, R_3_2_8_MissingErrorAtEndWithoutFinalTerminator) {
  const std::string body = join({kVersion, kMode, kMx}, "\r\n", false);
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MAX_AGE_MISSING, body.size()));
  const auto r = mtasts::parse_policy(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 3u);
  EXPECT_EQ(r.error().column, 21u);  // just after the 20 bytes of "mx: mail.example.com"
}

TEST(PolicyFields, R_3_2_8_MxRequiredUnlessModeNone) {
  const std::string enforce = join({kVersion, kMode, kMaxAge});
  EXPECT_TRUE(RejectsAt(enforce, error_code::POLICY_MX_MISSING, enforce.size()));
  const std::string testing = join({kVersion, "mode: testing", kMaxAge});
  EXPECT_TRUE(RejectsAt(testing, error_code::POLICY_MX_MISSING, testing.size()));
  const auto none = parsed(join({kVersion, "mode: none", kMaxAge}));
  EXPECT_EQ(none.mode, policy_mode::none);
  EXPECT_TRUE(none.mx.empty());
}

TEST(PolicyFields, R_3_2_8_ModeNoneKeepsItsMx) {
  const auto p = parsed(base_with_mode("none"));
  EXPECT_EQ(p.mode, policy_mode::none);
  EXPECT_EQ(p.mx, std::vector<std::string>{"mail.example.com"});
}

TEST(PolicyFields, R_3_2_8_MinimalPolicies) {
  auto p = parsed("version: STSv1\nmode: none\nmax_age: 0");
  EXPECT_EQ(p.version, "STSv1");
  EXPECT_EQ(p.mode, policy_mode::none);
  EXPECT_EQ(p.max_age, 0u);
  EXPECT_TRUE(p.mx.empty());
  EXPECT_TRUE(p.extensions.empty());
  p = parsed("mx:a\nmode:testing\nmax_age:1\nversion:STSv1");
  EXPECT_EQ(p.mx, std::vector<std::string>{"a"});
  EXPECT_EQ(p.mode, policy_mode::testing);
}

TEST(PolicyFields, R_3_2_8_RequiredFieldsCheckedInOrder) {
  // docs/decisions.md "Error reporting order": version, mode, max_age (then its ceiling), mx.
  const std::string only_mx = join({kMx});
  EXPECT_TRUE(RejectsAt(only_mx, error_code::POLICY_VERSION_MISSING, only_mx.size()));
  const std::string only_version = join({kVersion});
  EXPECT_TRUE(RejectsAt(only_version, error_code::POLICY_MODE_MISSING, only_version.size()));
  const std::string no_age_no_mx = join({kVersion, kMode});
  EXPECT_TRUE(RejectsAt(no_age_no_mx, error_code::POLICY_MAX_AGE_MISSING, no_age_no_mx.size()));
  const std::string range_no_mx = join({kVersion, kMode, "max_age: 31557601"});
  EXPECT_TRUE(RejectsAt(range_no_mx, error_code::POLICY_MAX_AGE_RANGE, 38));
  const std::string only_exts = join({"foo: bar"});
  EXPECT_TRUE(RejectsAt(only_exts, error_code::POLICY_VERSION_MISSING, only_exts.size()));
}

TEST(PolicyFields, R_3_2_8_BadValueBeforeLaterMissingField) {
  // A bad version (fits only the extension rule) is named before a missing mode.
  const std::string body = join({"version: STSv2", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VERSION_VALUE, 9));
  // A missing version is named before a bad mode value.
  const std::string body2 = join({"mode: Enforce", kMx, kMaxAge});
  EXPECT_TRUE(RejectsAt(body2, error_code::POLICY_VERSION_MISSING, body2.size()));
  // A bad max_age is named before a bad mx, whatever the line order.
  const std::string body3 = join({kVersion, kMode, "mx: bad_host", "max_age: 1e3"});
  EXPECT_TRUE(RejectsAt(body3, error_code::POLICY_MAX_AGE_SYNTAX, offset_of(body3, "1e3")));
}

// ---------------------------------------------------------------------------------------
// Unknown fields and duplicates (R-3.2-9, A-4, A-9)

TEST(PolicyFields, R_3_2_9_UnknownFieldsKeptInOrder) {
  const std::string body = join({"zeta: 1", kVersion, "alpha: two words", kMode, kMx,
                                 "url: https://example.com/a?b=c", kMaxAge, "zeta: 3"});
  const auto p = parsed(body);
  EXPECT_EQ(p.extensions, (ext_list{{"zeta", "1"},
                                    {"alpha", "two words"},
                                    {"url", "https://example.com/a?b=c"},
                                    {"zeta", "3"}}));
  EXPECT_EQ(p.mode, policy_mode::enforce);
}

TEST(PolicyFields, R_3_2_9_FirstOccurrenceWins) {
  EXPECT_EQ(parsed(base_with("mode", "mode: enforce\nmode: none")).mode, policy_mode::enforce);
  EXPECT_EQ(parsed(base_with("mode", "mode: testing\nmode: enforce")).mode, policy_mode::testing);
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 86400\nmax_age: 1")).max_age, 86400u);
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 1\nmax_age: 86400")).max_age, 1u);
  EXPECT_EQ(parsed(base_with("version", "version: STSv1\nversion: STSv1")).version, "STSv1");
}

TEST(PolicyFields, R_3_2_9_LaterDuplicatesAreNotValidated) {
  EXPECT_EQ(parsed(base_with("mode", "mode: enforce\nmode: bogus")).mode, policy_mode::enforce);
  EXPECT_EQ(parsed(base_with("version", "version: STSv1\nversion: STSv2")).version, "STSv1");
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 86400\nmax_age: 99999999999")).max_age, 86400u);
  // The ceiling is not checked on an ignored occurrence either.
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 86400\nmax_age: 31557601")).max_age, 86400u);
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 86400\nmax_age: -1")).max_age, 86400u);
}

TEST(PolicyFields, R_3_2_9_LaterDuplicatesStillFitTheLineGrammar) {
  // "Not validated" is about the field's value rule; every line must still fit
  // sts-policy-record, and `mode:` with no value fits no production.
  const std::string body = base_with("mode", "mode: enforce\nmode:");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_VALUE_SYNTAX, offset_of(body, "mode:\n") + 5));
}

TEST(PolicyFields, A_4_RegisteredNameWithBadValueIsAnExtension) {
  const auto p = parsed(base_with("mode", "mode: Enforce\nmode: enforce"));
  EXPECT_EQ(p.mode, policy_mode::enforce);
  EXPECT_EQ(p.extensions, (ext_list{{"mode", "Enforce"}}));
  const auto q = parsed(base_with("max_age", "max_age: abc\nmax_age: 600"));
  EXPECT_EQ(q.max_age, 600u);
  EXPECT_EQ(q.extensions, (ext_list{{"max_age", "abc"}}));
  const auto r = parsed(base_with("version", "version: STSv2\nversion: STSv1"));
  EXPECT_EQ(r.version, "STSv1");
  EXPECT_EQ(r.extensions, (ext_list{{"version", "STSv2"}}));
}

TEST(PolicyFields, A_4_MaxAgeIsAlsoAnExtensionName) {
  // `max_age` fits sts-policy-ext-name; with an 11-digit value the line is an extension.
  const auto p = parsed(base_with("max_age", "max_age: 00000000001\nmax_age: 7"));
  EXPECT_EQ(p.max_age, 7u);
  EXPECT_EQ(p.extensions, (ext_list{{"max_age", "00000000001"}}));
}

TEST(PolicyFields, A_4_GoodMxNextToBadMx) {
  const auto p = parsed(base_with("mx", "mx: mail.example.com\nmx: bad_host\nmx: b.example.com"));
  EXPECT_EQ(p.mx, (std::vector<std::string>{"mail.example.com", "b.example.com"}));
  EXPECT_EQ(p.extensions, (ext_list{{"mx", "bad_host"}}));
}

TEST(PolicyFields, A_4_ModeNoneWithMalformedMx) {
  const auto p = parsed(join({kVersion, "mode: none", "mx: bad_host", kMaxAge}));
  EXPECT_EQ(p.mode, policy_mode::none);
  EXPECT_TRUE(p.mx.empty());
  EXPECT_EQ(p.extensions, (ext_list{{"mx", "bad_host"}}));
}

TEST(PolicyFields, A_4_MissingFieldNamesTheBadOccurrence) {
  // The error names the bad occurrence at the start of its value, not …_MISSING at the end.
  const std::string mode = base_with_mode("Enforce");
  EXPECT_TRUE(RejectsAt(mode, error_code::POLICY_MODE_VALUE, 21));
  const std::string age = base_with_max_age("abc");
  EXPECT_TRUE(RejectsAt(age, error_code::POLICY_MAX_AGE_SYNTAX, 59));
  const std::string version = base_with("version", "version: STSv2");
  EXPECT_TRUE(RejectsAt(version, error_code::POLICY_VERSION_VALUE, 9));
  const std::string mx = base_with_mx("bad_host");
  EXPECT_TRUE(RejectsOnLine(mx, error_code::MX_PATTERN_CHARACTER, 3));
}

TEST(PolicyFields, A_4_FirstBadOccurrenceIsNamed) {
  const std::string body = base_with("mode", "mode: Enforce\nmode: ENFORCE");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_VALUE, 21));
  const std::string mx = base_with("mx", "mx: a..b\nmx: bad_host");
  EXPECT_TRUE(RejectsOnLine(mx, error_code::MX_PATTERN_EMPTY_LABEL, 3));
  // With a line ending in CRLF, the offset is unchanged (the value starts at the same byte).
  const std::string crlf = to_crlf(base_with_mode("Enforce"));
  EXPECT_TRUE(RejectsAt(crlf, error_code::POLICY_MODE_VALUE, 22));
}

TEST(PolicyFields, A_4_OptionMalformedFieldsReject) {
  policy_options o;
  o.malformed_fields = mtasts::malformed_registered_field::reject;
  const std::string later_bad = base_with("mode", "mode: enforce\nmode: Enforce");
  EXPECT_TRUE(RejectsAt(later_bad, error_code::POLICY_MODE_VALUE, 35, o));
  const std::string first_bad = base_with("mode", "mode: Enforce\nmode: enforce");
  EXPECT_TRUE(RejectsAt(first_bad, error_code::POLICY_MODE_VALUE, 21, o));
  const std::string bad_mx = base_with("mx", "mx: mail.example.com\nmx: bad_host");
  EXPECT_TRUE(RejectsOnLine(bad_mx, error_code::MX_PATTERN_CHARACTER, 4, o));
  const std::string none_bad_mx = join({kVersion, "mode: none", "mx: bad_host", kMaxAge});
  EXPECT_TRUE(Rejects(none_bad_mx, error_code::MX_PATTERN_CHARACTER, o));
  const std::string bad_age = base_with("max_age", "max_age: 86400\nmax_age: 1e3");
  EXPECT_TRUE(Rejects(bad_age, error_code::POLICY_MAX_AGE_SYNTAX, o));
  // Strict-valid input is unaffected.
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
  EXPECT_EQ(parsed(std::string(kBase) + "foo: bar\n", o).extensions, (ext_list{{"foo", "bar"}}));
}

TEST(PolicyFields, A_4_OptionMalformedFieldsValidateChosen) {
  policy_options o;
  o.malformed_fields = mtasts::malformed_registered_field::validate_chosen;
  // The duplicate rule (first) picks the first `mode` line; only it is checked.
  const std::string first_bad = base_with("mode", "mode: Enforce\nmode: enforce");
  EXPECT_TRUE(RejectsAt(first_bad, error_code::POLICY_MODE_VALUE, 21, o));
  const std::string later_bad = base_with("mode", "mode: enforce\nmode: Enforce");
  EXPECT_EQ(parsed(later_bad, o).mode, policy_mode::enforce);
  // With duplicate_fields = last, the last line is chosen and checked.
  o.duplicate_fields = mtasts::duplicate_field::last;
  EXPECT_TRUE(RejectsAt(later_bad, error_code::POLICY_MODE_VALUE, 35, o));
  EXPECT_EQ(parsed(first_bad, o).mode, policy_mode::enforce);
}

TEST(PolicyFields, A_9_FirstValidOccurrenceCounts) {
  const auto p = parsed(base_with("mode", "mode: Enforce\nmode: testing\nmode: none"));
  EXPECT_EQ(p.mode, policy_mode::testing);
  const auto q = parsed(base_with("max_age", "max_age: 1e3\nmax_age: 5\nmax_age: 6"));
  EXPECT_EQ(q.max_age, 5u);
}

TEST(PolicyFields, A_9_LaterOccurrencesAreNotValidated) {
  // A malformed later occurrence changes nothing.
  EXPECT_EQ(parsed(base_with("mode", "mode: enforce\nmode: Enforce")).mode, policy_mode::enforce);
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 86400\nmax_age: 1e3")).max_age, 86400u);
}

TEST(PolicyFields, A_9_OptionDuplicateFieldsLast) {
  policy_options o;
  o.duplicate_fields = mtasts::duplicate_field::last;
  EXPECT_EQ(parsed(base_with("mode", "mode: enforce\nmode: none"), o).mode, policy_mode::none);
  EXPECT_EQ(parsed(base_with("max_age", "max_age: 86400\nmax_age: 1"), o).max_age, 1u);
  EXPECT_EQ(parsed(kBase, o).mode, policy_mode::enforce);
  // mx is not a duplicate field: every line counts.
  EXPECT_EQ(parsed(base_with("mx", "mx: a.example\nmx: b.example"), o).mx,
            (std::vector<std::string>{"a.example", "b.example"}));
}

TEST(PolicyFields, A_9_OptionDuplicateFieldsReject) {
  policy_options o;
  o.duplicate_fields = mtasts::duplicate_field::reject;
  const std::string body = base_with("mode", "mode: enforce\nmode: none");
  EXPECT_TRUE(Rejects(body, error_code::POLICY_FIELD_DUPLICATE, o));
  const auto r = mtasts::parse_policy(body, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 3u);  // the second occurrence
  EXPECT_TRUE(Rejects(base_with("version", "version: STSv1\nversion: STSv1"),
                      error_code::POLICY_FIELD_DUPLICATE, o));
  EXPECT_TRUE(Rejects(base_with("max_age", "max_age: 86400\nmax_age: 86400"),
                      error_code::POLICY_FIELD_DUPLICATE, o));
  // mx may repeat.
  EXPECT_EQ(parsed(base_with("mx", "mx: a.example\nmx: b.example"), o).mx,
            (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
}

TEST(PolicyFields, OptionIgnoreMalformedLines) {
  // Behaviour (pmsr, mailauth 7 strict: P42/P49): a line that fits no production is skipped.
  policy_options o;
  o.ignore_malformed_lines = true;
  EXPECT_TRUE(
      SamePolicy(parsed(join({kVersion, kMode, "nocolon", kMx, kMaxAge}), o), base_policy()));
  EXPECT_TRUE(SamePolicy(parsed("this is not a policy\n" + std::string(kBase), o), base_policy()));
  EXPECT_TRUE(
      SamePolicy(parsed(std::string(kBase) + "_bad: x\nfoo: a\tb\nbar:\n", o), base_policy()));
  // A skipped line can leave a required field missing.
  const std::string body = base_with("mode", "mode : enforce");
  EXPECT_TRUE(RejectsAt(body, error_code::POLICY_MODE_MISSING, body.size(), o));
  // Line terminators are still checked.
  EXPECT_TRUE(Rejects(join({kVersion, kMode, kMx, kMaxAge}, "\r"), error_code::POLICY_BARE_CR, o));
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
}

TEST(PolicyMx, OptionUncheckedMx) {
  // Behaviour (pmsr, P31/P33-P37/P43): mx values are not checked; `mx:` gives "".
  policy_options o;
  o.unchecked_mx = true;
  EXPECT_EQ(parsed(base_with("mx", "mx:"), o).mx, std::vector<std::string>{""});
  EXPECT_EQ(parsed(base_with_mx("bad_host"), o).mx, std::vector<std::string>{"bad_host"});
  EXPECT_EQ(parsed(base_with_mx("a.example b.example"), o).mx,
            std::vector<std::string>{"a.example b.example"});
  EXPECT_EQ(parsed(base_with_mx("m\xC3\xA4il.example"), o).mx,
            std::vector<std::string>{"m\xC3\xA4il.example"});
  EXPECT_TRUE(parsed(base_with_mx("bad_host"), o).extensions.empty());
  EXPECT_TRUE(SamePolicy(parsed(kBase, o), base_policy()));
}

// ---------------------------------------------------------------------------------------
// Size cap (R-3.3-9, A-10)

// A valid policy of exactly size bytes (size >= kBase.size() + 4).
std::string policy_of_size(std::size_t size) {
  std::string body(kBase);
  body += "x: ";
  body += std::string(size - body.size() - 1, 'a');
  body += '\n';
  return body;
}

TEST(PolicySize, R_3_3_9_ExactlyAtTheDefaultCap) {
  const std::string body = policy_of_size(65536);
  ASSERT_EQ(body.size(), 65536u);
  EXPECT_TRUE(Accepts(body));
  EXPECT_EQ(policy_options{}.max_size, 65536u);
}

TEST(PolicySize, R_3_3_9_OneByteOverTheDefaultCap) {
  // Reported at the first byte beyond the cap.
  EXPECT_TRUE(RejectsAt(policy_of_size(65537), error_code::POLICY_TOO_LARGE, 65536));
}

TEST(PolicySize, A_10_CapAppliesBeforeParsing) {
  // An oversize body is POLICY_TOO_LARGE whatever it contains.
  EXPECT_TRUE(Rejects(std::string(70000, '\0'), error_code::POLICY_TOO_LARGE));
  EXPECT_TRUE(Rejects(std::string(65537, '\n'), error_code::POLICY_TOO_LARGE));
}

TEST(PolicySize, A_10_OptionMaxSize) {
  policy_options o;
  o.max_size = kBase.size();
  EXPECT_TRUE(Accepts(kBase, o));
  o.max_size = kBase.size() - 1;
  EXPECT_TRUE(Rejects(kBase, error_code::POLICY_TOO_LARGE, o));
  o.max_size = 1 << 20;
  EXPECT_TRUE(Accepts(policy_of_size(1 << 20), o));
  EXPECT_TRUE(Accepts(policy_of_size(100000), o));
  EXPECT_TRUE(Rejects(policy_of_size((1 << 20) + 1), error_code::POLICY_TOO_LARGE, o));
}

TEST(PolicySize, A_10_EmptyBodyUnderZeroCap) {
  policy_options o;
  o.max_size = 0;
  EXPECT_TRUE(RejectsAt("", error_code::POLICY_EMPTY, 0, o));
  EXPECT_TRUE(Rejects("v", error_code::POLICY_TOO_LARGE, o));
}

TEST(PolicySize, ManyMxLines) {
  std::string body = join({kVersion, kMode, kMaxAge});
  std::vector<std::string> want;
  for (int i = 0; i < 2500; ++i) {
    want.push_back("mx" + std::to_string(i) + ".example.com");
    body += "mx: " + want.back() + "\n";
  }
  ASSERT_LT(body.size(), 65536u);
  EXPECT_EQ(parsed(body).mx, want);
}

}  // namespace
