// SPDX-License-Identifier: Apache-2.0
// The error-token registry (error.h, error_tokens.def). Its language-neutral copy,
// fixtures/error-tokens.json, is checked by `tools/gen-error-tokens.py --check` (ctest
// registry.error_tokens_json).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/error.h"

namespace {

using mtasts::error_code;

// One registry entry as written in error_tokens.def.
struct def_entry {
  std::string_view token, family, section, message;
  error_code code;
};

const std::vector<def_entry>& def_entries() {
  static const std::vector<def_entry> entries = {
#define X(tok, fam, sec, msg) def_entry{#tok, #fam, sec, msg, error_code::tok},
#include "mtasts/error_tokens.def"
#undef X
  };
  return entries;
}

bool is_upper_snake(std::string_view s) {
  if (s.empty() || s.front() < 'A' || s.front() > 'Z' || s.back() == '_') return false;
  char prev = 0;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && prev == '_')) return false;
    prev = c;
  }
  return true;
}

TEST(ErrorRegistry, AllErrorCodesIsTheRegistryInOrder) {
  const auto codes = mtasts::all_error_codes();
  ASSERT_EQ(codes.size(), def_entries().size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(codes[i]), i);
    EXPECT_EQ(codes[i], def_entries()[i].code);
  }
}

TEST(ErrorRegistry, EveryCodeHasTokenFamilySectionMessage) {
  for (error_code c : mtasts::all_error_codes()) {
    const std::string_view tok = mtasts::token(c);
    EXPECT_TRUE(is_upper_snake(tok)) << "token '" << tok << "'";
    EXPECT_TRUE(is_upper_snake(mtasts::family(c)))
        << tok << " family '" << mtasts::family(c) << "'";
    const std::string_view section = mtasts::rfc_section(c);
    EXPECT_FALSE(section.empty()) << tok;
    EXPECT_EQ(section.substr(0, 4), "RFC ") << tok << " section '" << section << "'";
    const std::string_view msg = mtasts::message(c);
    EXPECT_FALSE(msg.empty()) << tok;
    EXPECT_EQ(msg.find('\n'), std::string_view::npos) << tok << ": message is not one line";
  }
}

TEST(ErrorRegistry, AccessorsReturnTheDefinition) {
  for (const def_entry& e : def_entries()) {
    EXPECT_EQ(mtasts::token(e.code), e.token);
    EXPECT_EQ(mtasts::family(e.code), e.family) << e.token;
    EXPECT_EQ(mtasts::rfc_section(e.code), e.section) << e.token;
    EXPECT_EQ(mtasts::message(e.code), e.message) << e.token;
  }
}

TEST(ErrorRegistry, TokensAreUnique) {
  std::set<std::string_view> seen;
  for (error_code c : mtasts::all_error_codes()) {
    EXPECT_TRUE(seen.insert(mtasts::token(c)).second) << "duplicate token " << mtasts::token(c);
  }
}

TEST(ErrorRegistry, ErrorCodeFromTokenRoundTrips) {
  for (error_code c : mtasts::all_error_codes()) {
    const auto back = mtasts::error_code_from_token(mtasts::token(c));
    ASSERT_TRUE(back.has_value()) << mtasts::token(c);
    EXPECT_EQ(*back, c) << mtasts::token(c);
  }
}

TEST(ErrorRegistry, ErrorCodeFromUnknownTokenIsEmpty) {
  for (std::string_view t :
       {"", "NOT_A_TOKEN", "POLICY", "POLICY_", "POLICY_MAX_AGE", "POLICY_MAX_AGE_RANGE ",
        " POLICY_MAX_AGE_RANGE", "POLICY_MAX_AGE_RANGEX", "policy_max_age_range"}) {
    EXPECT_FALSE(mtasts::error_code_from_token(t).has_value()) << "'" << t << "'";
  }
}

TEST(ErrorRegistry, PolicyTokensUsedByTheTestsExist) {
  for (std::string_view t : {"POLICY_TOO_LARGE",
                             "POLICY_EMPTY",
                             "POLICY_BLANK_LINE",
                             "POLICY_LEADING_WHITESPACE",
                             "POLICY_BARE_CR",
                             "POLICY_MISSING_COLON",
                             "POLICY_BOM",
                             "POLICY_CONTROL_CHARACTER",
                             "POLICY_INVALID_UTF8",
                             "POLICY_NAME_SYNTAX",
                             "POLICY_VALUE_SYNTAX",
                             "POLICY_VERSION_MISSING",
                             "POLICY_VERSION_VALUE",
                             "POLICY_MODE_MISSING",
                             "POLICY_MODE_VALUE",
                             "POLICY_MAX_AGE_MISSING",
                             "POLICY_MAX_AGE_SYNTAX",
                             "POLICY_MAX_AGE_RANGE",
                             "POLICY_MX_MISSING",
                             "POLICY_FIELD_DUPLICATE",
                             "POLICY_STORAGE_EXHAUSTED",
                             "MX_PATTERN_EMPTY",
                             "MX_PATTERN_WILDCARD",
                             "MX_PATTERN_EMPTY_LABEL",
                             "MX_PATTERN_TRAILING_DOT",
                             "MX_PATTERN_HYPHEN",
                             "MX_PATTERN_NON_ASCII",
                             "MX_PATTERN_CHARACTER"}) {
    EXPECT_TRUE(mtasts::error_code_from_token(t).has_value()) << t;
  }
}

TEST(ErrorRegistry, MakeErrorComputesLineAndColumn) {
  using mtasts::make_error;
  const std::string_view in = "ab\ncd\r\nef";
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, in, 0),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 0, 1, 1}));
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, in, 2),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 2, 1, 3}));
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, in, 3),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 3, 2, 1}));
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, in, 5),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 5, 2, 3}));
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, in, 7),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 7, 3, 1}));
  // offset == size means "at the end".
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, in, 9),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 9, 3, 3}));
  // Only LF counts as a line break; columns count bytes, not characters.
  EXPECT_EQ(make_error(error_code::POLICY_BARE_CR, "a\rb\xC3\xA9z", 5),
            (mtasts::parse_error{error_code::POLICY_BARE_CR, 5, 1, 6}));
  EXPECT_EQ(make_error(error_code::POLICY_EMPTY, "", 0),
            (mtasts::parse_error{error_code::POLICY_EMPTY, 0, 1, 1}));
}

}  // namespace
