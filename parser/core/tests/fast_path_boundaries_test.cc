// SPDX-License-Identifier: Apache-2.0
// The policy and TXT fast paths at their edges: lines and values around the 16-byte blocks and
// the 47- and 64-byte windows, wildcards, each line ending, the end of the body, records
// shorter than a block. Every expectation comes from an independent reference (the mx
// grammar's own parser, the id rule spelled out here), so a fast path that took a different
// decision than the exact one shows.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "mtasts/testing/typical_shortcut_check.h"
#include "mtasts/txt_record.h"
#include "policy_test_support.h"

namespace {

using mtasts::error_code;
using mtasts_test::describe;
using mtasts_test::escape;
using mtasts_test::expected_error;

// A domain-like text of exactly n bytes: labels of up to 7 letters and digits.
std::string domain_of(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (i % 8 == 7 && i + 1 < n) ? '.' : "abc123x"[i % 7];
  return s;
}

// Values around every block boundary the mx fast path meets, valid or not.
std::vector<std::string> mx_values() {
  std::vector<std::string> out;
  for (std::size_t n = 1; n <= 70; ++n) {
    const std::string d = domain_of(n);
    out.push_back(d);
    out.push_back("*." + d);
    out.push_back(d + ".");         // a trailing dot
    out.push_back(d + "-");         // a label ending in "-"
    out.push_back("-" + d);         // a label starting with "-"
    out.push_back(d + "..x");       // an empty label
    out.push_back(d + "_");         // a byte outside LDH
    out.push_back(d + "*");         // a "*" not first
    out.push_back("*" + d);         // a "*" not followed by "."
    out.push_back(d + "\xC3\xA9");  // non-ASCII (a U-label)
  }
  for (std::string_view v : {"*", "*.", "*.*", ".", "-", "a", "a-b", "a--b", "xn--bcher-kva.ch"}) {
    out.emplace_back(v);
  }
  return out;
}

// The policy an enforce body with this one mx line must give, per parse_mx_pattern: the mx,
// or (A-4: the line is then only an extension) the mx error at its offset in the body.
void expect_mx_line(const std::string& body, std::size_t value_offset, std::string_view value) {
  const auto pattern = mtasts::parse_mx_pattern(value);
  const auto got = mtasts::parse_policy(body);
  if (pattern.ok()) {
    ASSERT_TRUE(got.ok()) << escape(body) << ": " << describe(got.error());
    ASSERT_EQ(got.value().mx, std::vector<std::string>{std::string(value)}) << escape(body);
  } else {
    ASSERT_FALSE(got.ok()) << escape(body);
    const mtasts::parse_error want =
        expected_error(pattern.error().code, body, value_offset + pattern.error().offset);
    ASSERT_EQ(got.error(), want) << escape(body) << ": " << describe(got.error()) << " vs "
                                 << describe(want);
  }
}

TEST(FastPathBoundaries, MxValuesAtEveryLengthAndLineEnding) {
  const std::string head = "version: STSv1\nmode: enforce\nmax_age: 86400\n";
  for (const std::string& value : mx_values()) {
    for (std::string_view spaces : {"", " ", "   "}) {
      const std::string line = "mx:" + std::string(spaces) + value;
      const std::size_t value_offset = head.size() + 3 + spaces.size();
      // Last line: LF, CRLF, or no terminator at all (the end of the body).
      for (std::string_view eol : {"\n", "\r\n", ""}) {
        expect_mx_line(head + line + std::string(eol), value_offset, value);
      }
      // First line, followed by the others (LF and CRLF).
      for (std::string_view eol : {"\n", "\r\n"}) {
        const std::string body = line + std::string(eol) + "version: STSv1" + std::string(eol) +
                                 "mode: enforce" + std::string(eol) + "max_age: 86400" +
                                 std::string(eol);
        expect_mx_line(body, 3 + spaces.size(), value);
      }
    }
  }
}

TEST(FastPathBoundaries, MxLineEndingsThatAreNotTerminators) {
  // A bare CR, trailing WSP, a tab and a NUL right after the pattern: the exact path decides.
  const std::string head = "version: STSv1\nmode: enforce\nmax_age: 86400\nmx: ";
  for (std::size_t n : {1, 15, 16, 17, 31, 32, 33, 45, 46, 47, 48}) {
    const std::string d = domain_of(n);
    EXPECT_EQ(mtasts::parse_policy(head + d + "\rx").error().code, error_code::POLICY_BARE_CR);
    EXPECT_EQ(mtasts::parse_policy(head + d + " \n").value().mx, std::vector<std::string>{d});
    EXPECT_EQ(mtasts::parse_policy(head + d + "\t\n").value().mx, std::vector<std::string>{d});
    EXPECT_EQ(
        mtasts::parse_policy(head + d + std::string("\0\n", 2)).error(),
        expected_error(error_code::POLICY_CONTROL_CHARACTER, head + d, head.size() + d.size()));
  }
}

TEST(FastPathBoundaries, ExtensionNamesAndValuesAroundTheBlocks) {
  const std::string head = "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n";
  for (std::size_t name_size = 1; name_size <= 34; ++name_size) {
    const std::string name = "x" + std::string(name_size - 1, 'n');
    for (std::size_t value_size : {1, 14, 15, 16, 17, 47, 48, 63, 64, 65, 140}) {
      const std::string value(value_size, 'v');
      for (std::string_view eol : {"\n", "\r\n", ""}) {
        const std::string body = head + name + ": " + value + std::string(eol);
        const auto got = mtasts::parse_policy(body);
        if (name_size <= 32) {  // RFC 8461 §3.2: at most 32 characters
          ASSERT_TRUE(got.ok()) << escape(body);
          ASSERT_EQ(got.value().extensions.size(), 1u);
          EXPECT_EQ(got.value().extensions[0].first, name);
          EXPECT_EQ(got.value().extensions[0].second, value);
        } else {
          ASSERT_FALSE(got.ok()) << escape(body);
          EXPECT_EQ(got.error(), expected_error(error_code::POLICY_NAME_SYNTAX, body, head.size()));
        }
      }
    }
  }
}

// RFC 8461 §3.1: id = 1*32(ALPHA / DIGIT), spelled out independently of the parser.
bool is_id(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) return false;
  }
  return true;
}

TEST(FastPathBoundaries, TxtIdsAtEveryLengthAndDistanceFromTheEnd) {
  for (std::size_t n = 1; n <= 40; ++n) {
    std::string id;
    for (std::size_t i = 0; i < n; ++i) id += "a1B2c3D4e5"[i % 10];
    std::vector<std::string> ids{id};
    for (std::size_t at = 0; at < n; ++at) {  // one byte that is a value char but not alnum
      std::string bad = id;
      bad[at] = '-';
      ids.push_back(bad);
    }
    for (const std::string& value : ids) {
      for (std::string_view tail : {"", ";", "; x=y", " ;", "; ext=0123456789abcdef"}) {
        const std::string record = "v=STSv1; id=" + value + std::string(tail);
        const auto got = mtasts::parse_txt_record(record);
        if (is_id(value)) {
          ASSERT_TRUE(got.ok()) << escape(record);
          EXPECT_EQ(got.value().id, value);
        } else {  // an extension, and the id is then missing: TXT_ID_SYNTAX at its value
          ASSERT_FALSE(got.ok()) << escape(record);
          EXPECT_EQ(got.error(), expected_error(error_code::TXT_ID_SYNTAX, record, 12));
        }
      }
    }
  }
}

TEST(FastPathBoundaries, TxtRecordsShorterThanABlock) {
  EXPECT_EQ(mtasts::parse_txt_record("v=STSv1;id=1").value().id, "1");
  EXPECT_EQ(mtasts::parse_txt_record("v=STSv1; id=1").value().id, "1");
  EXPECT_EQ(mtasts::parse_txt_record("v=STSv1;id=abcd").value().id, "abcd");  // 16 bytes
  EXPECT_EQ(mtasts::parse_txt_record("v=STSv1;id=a-b").error(),
            expected_error(error_code::TXT_ID_SYNTAX, "v=STSv1;id=a-b", 11));
  EXPECT_EQ(mtasts::parse_txt_record("v=STSv1;x_y=1").error(),
            expected_error(error_code::TXT_ID_MISSING, "v=STSv1;x_y=1", 13));
  EXPECT_EQ(mtasts::parse_txt_record("v=STSv1;id").error().code, error_code::TXT_FIELD_SYNTAX);
}

// The typical-record shortcut of parse_txt_record answers `v=STSv1; id=<id>[;]` for every
// option set; the shapes just outside it must still get each option's own answer.
TEST(FastPathBoundaries, TxtTypicalShapeUnderEveryProfile) {
  const std::string id(32, 'Z');
  for (const mtasts::parser_profile& p : mtasts::all_profiles()) {
    for (std::string_view d : {";", "; ", " ;", "\t;\t", " \t; "}) {
      for (std::string_view tail : {"", ";", "; ", " ;", ";\t"}) {
        const std::string record = "v=STSv1" + std::string(d) + "id=" + id + std::string(tail);
        const auto got = mtasts::parse_txt_record(record, p.txt);
        ASSERT_TRUE(got.ok()) << p.name << " " << escape(record);
        EXPECT_EQ(got.value().id, id);
        EXPECT_EQ(got.value().fields, std::string_view(record).substr(7));
      }
    }
    // python_dict_fields (pmsr) strips every field and skips empty ones, and a later id wins.
    const bool dict = p.txt.python_dict_fields;
    const bool lenient = p.txt.allow_trailing_whitespace || dict;
    const std::string trailing = "v=STSv1; id=" + id + " ";
    EXPECT_EQ(mtasts::parse_txt_record(trailing, p.txt).ok(), lenient) << p.name;
    const std::string empty_field = "v=STSv1; id=" + id + ";;";
    EXPECT_EQ(mtasts::parse_txt_record(empty_field, p.txt).ok(), p.txt.allow_empty_fields || dict);
    const std::string twice = "v=STSv1; id=a; id=b";
    const auto dup = mtasts::parse_txt_record(twice, p.txt);
    if (dict) {
      EXPECT_EQ(dup.value().id, "b");
    } else if (p.txt.duplicate_id == mtasts::duplicate_field::reject) {
      EXPECT_EQ(dup.error(), expected_error(error_code::TXT_ID_DUPLICATE, twice, 15));
    } else {
      EXPECT_EQ(dup.value().id, p.txt.duplicate_id == mtasts::duplicate_field::last ? "b" : "a");
    }
  }
}

// The typical-policy reader (typical_policy.h) hands over to the exact path at the first
// line it does not read. Every such line, at every position of a typical policy, with either
// ending, under every option set, with storage that is enough, one mx short or empty: the
// outcome is the exact path's, field for field and error for error.
TEST(FastPathBoundaries, TypicalPolicyHandsOverAtEveryLine) {
  const std::vector<std::string> typical = {"version: STSv1", "mode: enforce",
                                            "mx: mail.example.com", "mx: *.mx.example.net",
                                            "max_age: 604800"};
  const std::vector<std::string> others = {
      "",                            // a blank line
      " mode: testing",              // leading WSP
      "mode: testing",               // a second mode: first, last or reject
      "version: STSv1",              // a second version
      "max_age: 86400",              // a second max_age
      "mode: Enforce",               // a bad value: an extension, an error, or ignored
      "max_age: 31557601",           // over the ceiling
      "max_age: 00000086400",        // 11 digits
      "max_age:\t86400",             // a tab after ':'
      "mode: testing ",              // trailing WSP
      "version: STSv10",             // a longer value
      "mx: bad_host.example.com",    // an mx only the extension rule fits
      "mx: 192.0.2.1",               // all-numeric (reject_numeric_mx)
      "mx: mail.example.com.",       // a trailing dot (allow_mx_trailing_dot)
      "mx:",                         // an empty mx (unchecked_mx)
      "note: caf\xC3\xA9",           // an extension with UTF-8
      "mode enforce",                // no ':'
      "mode: none",                  // mode none later
      "mx: a\rb.example.com",        // a bare CR inside
      "\xEF\xBB\xBFversion: STSv1",  // a BOM not at the start
  };
  const auto option_sets = mtasts::test_support::typical_shortcut_option_sets();
  std::size_t checked = 0;
  for (std::string_view eol : {"\n", "\r\n"}) {
    for (std::size_t at = 0; at <= typical.size(); ++at) {
      for (const std::string& other : others) {
        for (const bool final_eol : {true, false}) {
          std::string body;
          for (std::size_t i = 0; i <= typical.size(); ++i) {
            if (i == at) body += other + std::string(eol);
            if (i < typical.size()) body += typical[i] + std::string(eol);
          }
          if (!final_eol) body.resize(body.size() - eol.size());
          for (const mtasts::policy_options& o : option_sets) {
            for (const std::size_t mx_slots : {std::size_t{8}, std::size_t{1}, std::size_t{0}}) {
              const std::string diff =
                  mtasts::test_support::typical_shortcut_difference(body, o, mx_slots, 8);
              ASSERT_EQ(diff, "") << escape(body) << " mx slots " << mx_slots;
              ++checked;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 10000U);
}

// Bodies the typical reader answers itself, including the errors it gives after the last
// line: each must be what the exact path says.
TEST(FastPathBoundaries, TypicalPolicyAnswersLikeTheExactPath) {
  const std::vector<std::string> bodies = {
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 86400\n",
      "max_age: 0\nmx: *.a.example\r\nmode: testing\r\nversion:STSv1",
      "version: STSv1\nmode: none\nmax_age: 0000000001",
      "version: STSv1\nmode: enforce\nmax_age: 86400\n",                      // no mx
      "mode: enforce\nmx: a.example\nmax_age: 86400\n",                       // no version
      "version: STSv1\nmx: a.example\nmax_age: 86400\n",                      // no mode
      "version: STSv1\nmode: testing\nmx: a.example\n",                       // no max_age
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 9999999999\n",  // over the ceiling
      "version: STSv1\nmode: enforce\nmx: a.example\nmax_age: 31557600",
      "mx: a.example\n",
      "version: STSv1",
      "version:             STSv1\nmode: none\nmax_age: 1\n",  // 13 spaces: the exact path
  };
  for (const std::string& body : bodies) {
    for (const mtasts::policy_options& o : mtasts::test_support::typical_shortcut_option_sets()) {
      EXPECT_EQ(mtasts::test_support::typical_shortcut_difference(body, o), "") << escape(body);
    }
  }
}

}  // namespace
