// SPDX-License-Identifier: Apache-2.0
// diagnose_policy / diagnose_txt_record: one test per diagnostic (input → token, line,
// column, the evidence in the message or the escaped line, the fix), every error rather than
// the first, the max_diagnostics boundary, and agreement with the strict parsers.
#include "mtasts/diagnose.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "mtasts/policy.h"
#include "mtasts/txt_record.h"

namespace {

using mtasts::diagnostic;
using mtasts::severity;

constexpr std::string_view head = "version: STSv1\nmode: enforce\n";
constexpr std::string_view tail = "max_age: 604800\n";

std::string policy(std::string_view middle) {
  return std::string(head) + std::string(middle) + std::string(tail);
}

// The one diagnostic with token, failing the test if there is not exactly one.
diagnostic only(const std::vector<diagnostic>& all, std::string_view token) {
  std::vector<diagnostic> found;
  std::copy_if(all.begin(), all.end(), std::back_inserter(found),
               [token](const diagnostic& d) { return d.token == token; });
  std::string rendered;
  for (const diagnostic& d : all) rendered += mtasts::render(d);
  EXPECT_EQ(found.size(), 1U) << token << " in\n" << rendered;
  return found.empty() ? diagnostic{} : found.front();
}

void expect(const diagnostic& d, severity level, std::uint32_t line, std::uint32_t column,
            std::string_view in_message, std::string_view in_fix) {
  EXPECT_EQ(d.level, level) << mtasts::render(d);
  EXPECT_EQ(d.line, line) << mtasts::render(d);
  EXPECT_EQ(d.column, column) << mtasts::render(d);
  EXPECT_NE(d.message.find(in_message), std::string::npos) << mtasts::render(d);
  EXPECT_NE(d.fix.find(in_fix), std::string::npos) << mtasts::render(d);
}

std::size_t errors(const std::vector<diagnostic>& all) {
  return static_cast<std::size_t>(std::count_if(
      all.begin(), all.end(), [](const diagnostic& d) { return d.level == severity::error; }));
}

}  // namespace

TEST(DiagnosePolicy, ValidPolicyHasNoDiagnostic) {
  EXPECT_TRUE(mtasts::diagnose_policy(policy("mx: mail.example.com\n")).empty());
}

TEST(DiagnosePolicy, BlankLine) {
  const diagnostic d =
      only(mtasts::diagnose_policy(policy("\nmx: mail.example.com\n")), "POLICY_BLANK_LINE");
  expect(d, severity::error, 3, 1, "blank line between fields", "remove the blank line");
  EXPECT_EQ(d.evidence, "<blank>");
  EXPECT_EQ(mtasts::render(d),
            "error POLICY_BLANK_LINE line 3, column 1: blank line between fields\n"
            "  3 | <blank>\n"
            "    | ^\n"
            "  fix: remove the blank line; the policy is one field per line with no empty "
            "lines\n");
}

TEST(DiagnosePolicy, Comment) {
  const diagnostic d = only(mtasts::diagnose_policy("# MTA-STS\n" + policy("mx: a.example.com\n")),
                            "POLICY_NAME_SYNTAX");
  expect(d, severity::error, 1, 1, "`# MTA-STS`", "remove the comment line");
  EXPECT_EQ(d.message.find("NAME_SYNTAX"), std::string::npos);
}

TEST(DiagnosePolicy, YamlListUnderMx) {
  const auto all = mtasts::diagnose_policy(policy("mx:\n  - a.example.com\n  - b.example.com\n"));
  expect(only(all, "POLICY_VALUE_SYNTAX"), severity::error, 3, 4, "YAML-style list",
         "mx: a.example.com");
  ASSERT_GE(all.size(), 3U);
  expect(all[1], severity::error, 4, 1, "`- a.example.com`", "write one host per mx: line");
  expect(all[2], severity::error, 5, 1, "`- b.example.com`", "mx: b.example.com");
}

TEST(DiagnosePolicy, SeveralHostsOnOneMxLine) {
  for (const std::string_view line :
       {"mx: a.example.com b.example.com\n", "mx: a.example.com, b.example.com\n"}) {
    const diagnostic d = only(mtasts::diagnose_policy(policy(line)), "MX_PATTERN_CHARACTER");
    expect(d, severity::error, 3, 18, "several MX hosts on one mx line",
           "write one host per mx: line: `mx: a.example.com` `mx: b.example.com`");
  }
}

TEST(DiagnosePolicy, MisspeltFieldNames) {
  const auto all = mtasts::diagnose_policy(
      "eversion: STSv1\nmode: enforce\nmx: a.example.com\nmxx: b.example.com\nmax-age: 604800\n");
  const diagnostic missing = only(all, "POLICY_VERSION_MISSING");
  expect(missing, severity::error, 6, 1, "line 1 has `eversion`", "did you mean `version`?");
  EXPECT_EQ(all.front().token, "POLICY_VERSION_MISSING");
  std::vector<std::string> fixes;
  for (const diagnostic& d : all) {
    if (d.token == "POLICY_FIELD_MISSPELT") fixes.push_back(d.fix);
  }
  ASSERT_EQ(fixes.size(), 3U);
  EXPECT_NE(fixes[0].find("did you mean `version`?"), std::string::npos);
  EXPECT_NE(fixes[1].find("did you mean `mx`? write mx: b.example.com"), std::string::npos);
  EXPECT_NE(fixes[2].find("did you mean `max_age`?"), std::string::npos);
}

TEST(DiagnosePolicy, NoBreakSpaceBeforeValue) {
  const diagnostic d =
      only(mtasts::diagnose_policy(std::string(head) + "mx: a.example.com\nmax_age:\xC2\xA0"
                                                       "604800\n"),
           "POLICY_MAX_AGE_SYNTAX");
  expect(d, severity::error, 4, 9, "no-break space <U+00A0>", "replace <U+00A0>");
  EXPECT_EQ(d.evidence, "max_age:<U+00A0>604800");
  EXPECT_EQ(d.caret, "        ^");
}

TEST(DiagnosePolicy, ZeroWidthSpaceAndBomMidFile) {
  for (const std::string_view invisible : {"\xE2\x80\x8B", "\xEF\xBB\xBF"}) {
    const std::string body =
        std::string(head) + "mx: a.example.com\n" + std::string(invisible) + std::string(tail);
    const diagnostic d = only(mtasts::diagnose_policy(body), "POLICY_NAME_SYNTAX");
    expect(d, severity::error, 4, 1, "invisible", "remove the invisible <U+");
    EXPECT_EQ(d.evidence.rfind("<U+", 0), 0U) << d.evidence;
  }
}

TEST(DiagnosePolicy, LookAlikeLetter) {
  const diagnostic d = only(mtasts::diagnose_policy(policy("mx: m\xD0\xB0il.example.com\n")),
                            "MX_PATTERN_NON_ASCII");
  expect(d, severity::error, 3, 6, "Cyrillic a <U+0430>, which looks like `a`",
         "replace <U+0430> with the ASCII `a`");
  EXPECT_EQ(d.caret, "     ^");
}

TEST(DiagnosePolicy, TrailingDotInMx) {
  const diagnostic d =
      only(mtasts::diagnose_policy(policy("mx: mail.example.com.\n")), "MX_PATTERN_TRAILING_DOT");
  expect(d, severity::error, 3, 21, "`mail.example.com.` ends with a dot",
         "remove the trailing dot: mx: mail.example.com");
}

TEST(DiagnosePolicy, BomAtStart) {
  const auto all = mtasts::diagnose_policy("\xEF\xBB\xBF" + policy("mx: a.example.com\n"));
  ASSERT_EQ(all.size(), 1U);
  expect(all[0], severity::error, 1, 1, "byte order mark <U+FEFF>", "without a BOM");
  EXPECT_EQ(all[0].evidence, "<U+FEFF>version: STSv1");
}

TEST(DiagnosePolicy, CrlfMixedWithLf) {
  const diagnostic d =
      only(mtasts::diagnose_policy("version: STSv1\r\nmode: enforce\r\nmx: a.example.com\n" +
                                   std::string(tail)),
           "POLICY_MIXED_LINE_ENDINGS");
  expect(d, severity::warning, 3, 18, "CRLF and LF mixed", "one kind of line ending");
  EXPECT_EQ(d.offset, 48U);
  EXPECT_TRUE(mtasts::is_warning(d.code));
}

TEST(DiagnosePolicy, Indentation) {
  const diagnostic d =
      only(mtasts::diagnose_policy(policy("  mx: a.example.com\n")), "POLICY_LEADING_WHITESPACE");
  expect(d, severity::error, 3, 1, "indentation",
         "remove the leading spaces or tabs: mx: a.example.com");
}

TEST(DiagnosePolicy, MissingColon) {
  const diagnostic d =
      only(mtasts::diagnose_policy(std::string(head) + "mx: a.example.com\nmax_age 604800\n"),
           "POLICY_MISSING_COLON");
  expect(d, severity::error, 4, 8, "`max_age 604800`", "did you mean `max_age: 604800`?");
}

TEST(DiagnosePolicy, BadModeValue) {
  const diagnostic d =
      only(mtasts::diagnose_policy("version: STSv1\nmode: Enforce\nmx: a.example.com\n" +
                                   std::string(tail)),
           "POLICY_MODE_VALUE");
  expect(d, severity::error, 2, 7,
         "`Enforce` is not one of the three allowed values enforce, testing, none",
         "write it in lower case: mode: enforce");
  const diagnostic other =
      only(mtasts::diagnose_policy("version: STSv1\nmode: strict\nmx: a.example.com\n" +
                                   std::string(tail)),
           "POLICY_MODE_VALUE");
  expect(other, severity::error, 2, 7, "`strict`", "mode: enforce, mode: testing, mode: none");
}

TEST(DiagnosePolicy, MissingRequiredField) {
  const diagnostic d =
      only(mtasts::diagnose_policy("version: STSv1\nmx: a.example.com\n" + std::string(tail)),
           "POLICY_MODE_MISSING");
  expect(d, severity::error, 4, 1, "no mode field", "add the line `mode: enforce`");
  EXPECT_EQ(d.evidence, "<end of policy>");
  const diagnostic near =
      only(mtasts::diagnose_policy("version: STSv1\nmod: enforce\nmx: a.example.com\n" +
                                   std::string(tail)),
           "POLICY_MODE_MISSING");
  expect(near, severity::error, 5, 1, "line 2 has `mod`",
         "did you mean `mode`? write mode: enforce");
}

TEST(DiagnosePolicy, IgnoredMxLinesWarn) {
  const auto all = mtasts::diagnose_policy(
      policy("mx: alt*.google.com\nmx: Priority 5: host.example.com\nmx: a.example.com\n"));
  EXPECT_EQ(errors(all), 0U);
  expect(only(all, "MX_PATTERN_WILDCARD"), severity::warning, 3, 8,
         "under enforce, senders will refuse MX hosts it was meant to cover", "mx: *.google.com");
  expect(only(all, "MX_PATTERN_CHARACTER"), severity::warning, 4, 13,
         "`Priority 5: host.example.com`", "mx: host.example.com");
  EXPECT_TRUE(mtasts::parse_policy(policy("mx: alt*.google.com\nmx: a.example.com\n")).ok());
}

TEST(DiagnosePolicy, ShortMaxAgeWarns) {
  const std::string body = std::string(head) + "mx: a.example.com\nmax_age: 86400\n";
  expect(only(mtasts::diagnose_policy(body), "POLICY_MAX_AGE_SHORT"), severity::warning, 4, 10,
         "max_age 86400 is one day or less", "604800 or more");
  const std::string longer = std::string(head) + "mx: a.example.com\nmax_age: 86401\n";
  EXPECT_TRUE(mtasts::diagnose_policy(longer).empty());
}

TEST(DiagnosePolicy, ModeTestingWarns) {
  const std::string body = "version: STSv1\nmode: testing\nmx: a.example.com\n" + std::string(tail);
  expect(only(mtasts::diagnose_policy(body), "POLICY_MODE_TESTING"), severity::warning, 2, 7,
         "mail is still delivered unprotected", "mode: enforce");
}

TEST(DiagnosePolicy, EveryErrorNotOnlyTheFirst) {
  // Three errors: a blank line, an indented line, and (at the end) no max_age.
  const auto all = mtasts::diagnose_policy(
      "version: STSv1\n\nmode: enforce\n  mx: a.example.com\nmx: b.example.com\n");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].token, "POLICY_BLANK_LINE");
  EXPECT_EQ(all[1].token, "POLICY_LEADING_WHITESPACE");
  EXPECT_EQ(all[2].token, "POLICY_MAX_AGE_MISSING");
}

TEST(DiagnosePolicy, KeepsAtMostMaxDiagnostics) {
  const std::string valid = "version: STSv1\nmode: none\nmax_age: 604800\n";
  for (const std::size_t blank_lines :
       {mtasts::max_diagnostics - 1, mtasts::max_diagnostics, mtasts::max_diagnostics + 1}) {
    const std::string body = valid + std::string(blank_lines, '\n');
    const auto all = mtasts::diagnose_policy(body);
    EXPECT_EQ(all.size(), std::min(blank_lines, mtasts::max_diagnostics)) << blank_lines;
    EXPECT_EQ(all.front().line, 4U);
    EXPECT_EQ(all.front().code, mtasts::parse_policy(body).error().code);
  }
}

TEST(DiagnosePolicy, FirstErrorIsTheStrictError) {
  const std::vector<std::string> bodies = {
      policy("\n"),
      policy(" mx: a\n"),
      "# x\n\n  \n",
      "\xEF\xBB\xBF",
      "",
      "version: STSv1\rmode",
      policy("mx: a..b\nmx: c\n"),
      "version: STSv1\nmode: enforce\nmax_age: 99999999999\n",
      policy("mx:\tx\n"),
      "version: STSv1\nmode: testing\r\r\nmax_age: 1\n",
      "mode : none\n",
  };
  std::vector<mtasts::policy_options> option_sets(3);
  option_sets[1] = mtasts::lenient_policy_options();
  option_sets[2] = mtasts::find_profile("pmsr")->policy;
  for (const auto& options : option_sets) {
    for (const std::string& body : bodies) {
      const auto strict = mtasts::parse_policy(body, options);
      const auto all = mtasts::diagnose_policy(body, options);
      if (strict.ok()) {
        EXPECT_EQ(errors(all), 0U) << testing::PrintToString(body);
        continue;
      }
      ASSERT_FALSE(all.empty()) << testing::PrintToString(body);
      EXPECT_EQ(all[0].code, strict.error().code) << testing::PrintToString(body);
      EXPECT_EQ(all[0].offset, strict.error().offset) << testing::PrintToString(body);
      EXPECT_EQ(all[0].line, strict.error().line) << testing::PrintToString(body);
      EXPECT_EQ(all[0].column, strict.error().column) << testing::PrintToString(body);
    }
  }
}

TEST(DiagnosePolicy, LongLineIsQuotedAroundTheColumn) {
  const std::string body =
      std::string(head) + "mx: " + std::string(300, 'a') + "!\n" + std::string(tail);
  const diagnostic d = only(mtasts::diagnose_policy(body), "MX_PATTERN_CHARACTER");
  EXPECT_LT(d.evidence.size(), 200U);
  EXPECT_EQ(d.evidence.substr(d.caret.size() - 1, 1), "!");
}

TEST(DiagnoseTxt, FinalNewline) {
  const auto all = mtasts::diagnose_txt_record("v=STSv1; id=1\n");
  ASSERT_EQ(all.size(), 1U);
  expect(all[0], severity::error, 1, 14, "ends in a line break", "remove the final newline");
  EXPECT_EQ(all[0].evidence, "v=STSv1; id=1<LF>");
  EXPECT_EQ(mtasts::render(all[0]),
            "error TXT_CONTROL_CHARACTER column 14: the record ends in a line break\n"
            "  | v=STSv1; id=1<LF>\n"
            "  |              ^\n"
            "  fix: remove the final newline: a record holds no line break (echo and most "
            "editors end a file with one; printf '%s' does not)\n");
}

// A record shorter than "v=STSv1" whose fields still give an id: the diagnosis goes on past
// the missing version and must not read past the record (found by fuzz_txt_record).
TEST(DiagnoseTxt, ShortRecordWithAnIdAndNoVersion) {
  for (const char* rec : {"; id=S", "id=S", "id=ab"}) {
    const auto all = mtasts::diagnose_txt_record(rec);
    ASSERT_FALSE(all.empty()) << rec;
    EXPECT_EQ(all[0].token, "TXT_VERSION_MISSING") << rec;
  }
}

TEST(DiagnoseTxt, MisspeltId) {
  const auto all = mtasts::diagnose_txt_record("v=STSv1; iid=20240101");
  ASSERT_EQ(all.size(), 1U);
  expect(all[0], severity::error, 1, 22, "`iid`", "did you mean `id`? write id=20240101");
}

TEST(DiagnoseTxt, VersionCase) {
  const auto all = mtasts::diagnose_txt_record("v=stsv1; id=1");
  ASSERT_EQ(all.size(), 1U);
  expect(all[0], severity::error, 1, 3, "case matters", "v=STSv1;");
}

TEST(DiagnoseTxt, NonAsciiAndCommas) {
  const auto nbsp = mtasts::diagnose_txt_record("v=STSv1;\xC2\xA0id=1");
  ASSERT_FALSE(nbsp.empty());
  expect(nbsp[0], severity::error, 1, 9, "<U+00A0>", "ordinary space");
  const auto comma = mtasts::diagnose_txt_record("v=STSv1, id=1");
  ASSERT_FALSE(comma.empty());
  expect(comma[0], severity::error, 1, 3, "`,` after v=STSv1", "replace the `,` with `;`");
}

TEST(DiagnoseTxt, EveryErrorNotOnlyTheFirst) {
  const auto all = mtasts::diagnose_txt_record("v=STSv1;; id=abc-def; x");
  ASSERT_EQ(all.size(), 3U) << mtasts::render(all.back());
  EXPECT_EQ(all[0].token, "TXT_EMPTY_FIELD");
  EXPECT_EQ(all[1].token, "TXT_FIELD_SYNTAX");
  EXPECT_EQ(all[2].token, "TXT_ID_SYNTAX");
  expect(all[2], severity::error, 1, 14, "`abc-def`", "id=abcdef");
}

TEST(DiagnoseTxt, KeepsAtMostMaxDiagnostics) {
  for (const std::size_t extra :
       {mtasts::max_diagnostics - 1, mtasts::max_diagnostics, mtasts::max_diagnostics + 1}) {
    const std::string record = "v=STSv1; id=1;" + std::string(extra, ';');
    const auto all = mtasts::diagnose_txt_record(record);
    EXPECT_EQ(all.size(), std::min(extra, mtasts::max_diagnostics)) << extra;
    EXPECT_EQ(all.front().code, mtasts::parse_txt_record(record).error().code);
  }
}

TEST(DiagnoseTxt, FirstErrorIsTheStrictError) {
  for (const std::string_view record :
       {"", "v", "x=1", "v=STSv1", "v=STSv1;", "v=STSv1 ;id=1 ", "v=STSv1; id=", "v=STSv1; =1",
        "v=STSv1; id=1; id=2", "v=STSv1; 1d=1\x01", "v=STSv2; id=1", "v=STSv1; id=1;;"}) {
    const auto strict = mtasts::parse_txt_record(record);
    const auto all = mtasts::diagnose_txt_record(record);
    if (strict.ok()) {
      EXPECT_EQ(errors(all), 0U) << record;
      continue;
    }
    ASSERT_FALSE(all.empty()) << record;
    EXPECT_EQ(all[0].code, strict.error().code) << record;
    EXPECT_EQ(all[0].offset, strict.error().offset) << record;
    EXPECT_EQ(all[0].column, strict.error().column) << record;
  }
}

TEST(DiagnoseTokens, WarningsAreTheWarningFamily) {
  // Warnings never come from a parser; every diagnostic of severity warning has a warning
  // token or the error token of an ignored line.
  const auto all = mtasts::diagnose_policy(
      "version: STSv1\r\nmode: testing\nmxx: a\nmx: a.\nmx: b\nmax_age: 1\n");
  ASSERT_EQ(all.size(), 5U);
  for (const diagnostic& d : all) {
    EXPECT_EQ(d.level, severity::warning);
    EXPECT_EQ(d.token, mtasts::token(d.code));
    EXPECT_EQ(mtasts::is_warning(d.code), d.token != "MX_PATTERN_TRAILING_DOT") << d.token;
  }
}

TEST(DiagnoseEscape, InvisibleCharactersAreShown) {
  EXPECT_EQ(mtasts::escape_invisible("a\tb\r\x01\xC2\xA0\xEF\xBB\xBF\xFF"),
            "a<TAB>b<CR><U+0001><U+00A0><U+FEFF><0xFF>");
}
