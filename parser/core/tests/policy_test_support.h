// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the policy-file tests (policy_*_test.cc, fast_path_boundaries_test.cc,
// profiles_test.cc). Header-only; everything is inline and lives in mtasts_test.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"

namespace mtasts_test {

// The base policy of docs/peers.md's policy table: LF endings, final terminator present.
inline constexpr std::string_view kBase =
    "version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 86400\n";

// Joins lines with eol; the last line gets eol too unless final_eol is false.
inline std::string join(std::initializer_list<std::string_view> lines, std::string_view eol = "\n",
                        bool final_eol = true) {
  std::string out;
  std::size_t i = 0;
  for (std::string_view line : lines) {
    out += line;
    if (++i < lines.size() || final_eol) out += eol;
  }
  return out;
}

// Printable form of arbitrary bytes for failure messages.
inline std::string escape(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b >= 0x7F) {
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

inline std::string describe(const mtasts::parse_error& e) {
  std::ostringstream os;
  os << mtasts::token(e.code) << " at offset " << e.offset << " (line " << e.line << ", column "
     << e.column << ")";
  return os.str();
}

inline std::string describe(const mtasts::policy& p) {
  std::ostringstream os;
  os << "{version=" << escape(p.version) << " mode=" << mtasts::to_string(p.mode)
     << " max_age=" << p.max_age << " mx=[";
  for (const auto& m : p.mx) os << escape(m) << ' ';
  os << "] extensions=[";
  for (const auto& [name, value] : p.extensions) os << escape(name) << ':' << escape(value) << ' ';
  os << "]}";
  return os.str();
}

// The error the decisions prescribe at offset, with line and column computed here
// independently of make_error: line = 1 + LFs before offset, column = 1 + bytes since the
// last LF (docs/decisions.md "Error reporting order"; error.h).
inline mtasts::parse_error expected_error(mtasts::error_code code, std::string_view body,
                                          std::size_t offset) {
  mtasts::parse_error e;
  e.code = code;
  e.offset = offset;
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < body.size(); ++i) {
    if (body[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  e.line = line;
  e.column = static_cast<std::uint32_t>(offset - line_start + 1);
  return e;
}

// Byte offset of the nth (0-based) occurrence of needle; fails the test if absent.
inline std::size_t offset_of(std::string_view body, std::string_view needle, int nth = 0) {
  std::size_t pos = body.find(needle);
  for (int i = 0; i < nth && pos != std::string_view::npos; ++i) pos = body.find(needle, pos + 1);
  if (pos == std::string_view::npos) {
    ADD_FAILURE() << "test bug: " << escape(needle) << " not in " << escape(body);
    return 0;
  }
  return pos;
}

inline ::testing::AssertionResult Accepts(std::string_view body,
                                          const mtasts::policy_options& options = {}) {
  const auto r = mtasts::parse_policy(body, options);
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << escape(body) << " was rejected with " << describe(r.error());
}

// Rejected with exactly this token (offset not checked).
inline ::testing::AssertionResult Rejects(std::string_view body, mtasts::error_code code,
                                          const mtasts::policy_options& options = {}) {
  const auto r = mtasts::parse_policy(body, options);
  if (r.ok()) {
    return ::testing::AssertionFailure()
           << escape(body) << " was accepted as " << describe(r.value()) << "; expected "
           << mtasts::token(code);
  }
  if (r.error().code != code) {
    return ::testing::AssertionFailure() << escape(body) << " gave " << describe(r.error())
                                         << "; expected " << mtasts::token(code);
  }
  return ::testing::AssertionSuccess();
}

// Rejected with exactly this token at exactly this offset, line and column.
inline ::testing::AssertionResult RejectsAt(std::string_view body, mtasts::error_code code,
                                            std::size_t offset,
                                            const mtasts::policy_options& options = {}) {
  const auto r = mtasts::parse_policy(body, options);
  const auto want = expected_error(code, body, offset);
  if (r.ok()) {
    return ::testing::AssertionFailure() << escape(body) << " was accepted as "
                                         << describe(r.value()) << "; expected " << describe(want);
  }
  if (!(r.error() == want)) {
    return ::testing::AssertionFailure()
           << escape(body) << " gave " << describe(r.error()) << "; expected " << describe(want);
  }
  return ::testing::AssertionSuccess();
}

// Rejected with exactly this token on this (1-based) line; offset not checked.
inline ::testing::AssertionResult RejectsOnLine(std::string_view body, mtasts::error_code code,
                                                std::uint32_t line,
                                                const mtasts::policy_options& options = {}) {
  const auto r = mtasts::parse_policy(body, options);
  if (r.ok()) {
    return ::testing::AssertionFailure()
           << escape(body) << " was accepted as " << describe(r.value()) << "; expected "
           << mtasts::token(code) << " on line " << line;
  }
  if (r.error().code != code || r.error().line != line) {
    return ::testing::AssertionFailure()
           << escape(body) << " gave " << describe(r.error()) << "; expected "
           << mtasts::token(code) << " on line " << line;
  }
  return ::testing::AssertionSuccess();
}

// Rejected with any token (for profile cells that only say "R").
inline ::testing::AssertionResult RejectsAny(std::string_view body,
                                             const mtasts::policy_options& options = {}) {
  const auto r = mtasts::parse_policy(body, options);
  if (!r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << escape(body) << " was accepted as " << describe(r.value()) << "; expected rejection";
}

inline ::testing::AssertionResult SamePolicy(const mtasts::policy& actual,
                                             const mtasts::policy& expected) {
  if (actual == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got " << describe(actual) << "\n expected " << describe(expected);
}

// The parsed policy; on an error the test fails and a default policy is returned.
inline mtasts::policy parsed(std::string_view body, const mtasts::policy_options& options = {}) {
  auto r = mtasts::parse_policy(body, options);
  if (!r.ok()) {
    ADD_FAILURE() << escape(body) << " was rejected with " << describe(r.error());
    return {};
  }
  return std::move(r).value();
}

// The base policy's fields, as parsed.
inline mtasts::policy base_policy() {
  mtasts::policy p;
  p.version = "STSv1";
  p.mode = mtasts::policy_mode::enforce;
  p.max_age = 86400;
  p.mx = {"mail.example.com"};
  return p;
}

// The base policy with the line "name: ..." replaced by replacement (which may be several
// lines joined by LF, or empty to drop the line). name is one of version, mode, mx, max_age.
inline std::string base_with(std::string_view name, std::string_view replacement) {
  std::string out;
  std::string_view rest = kBase;
  bool replaced = false;
  while (!rest.empty()) {
    const std::size_t lf = rest.find('\n');
    const std::string_view line = rest.substr(0, lf + 1);
    rest.remove_prefix(lf + 1);
    const bool match = line.size() > name.size() && line.substr(0, name.size()) == name &&
                       line[name.size()] == ':';
    if (match && !replaced) {
      replaced = true;
      if (!replacement.empty()) {
        out += replacement;
        out += '\n';
      }
    } else {
      out += line;
    }
  }
  if (!replaced) ADD_FAILURE() << "test bug: no line " << name << " in the base policy";
  return out;
}

// The base policy with the mx line replaced by `mx: <value>`.
inline std::string base_with_mx(std::string_view value) {
  return base_with("mx", std::string("mx: ") + std::string(value));
}
// The base policy with the max_age line replaced by `max_age: <value>`.
inline std::string base_with_max_age(std::string_view value) {
  return base_with("max_age", std::string("max_age: ") + std::string(value));
}
// The base policy with the mode line replaced by `mode: <value>`.
inline std::string base_with_mode(std::string_view value) {
  return base_with("mode", std::string("mode: ") + std::string(value));
}

// Converts LF line endings to CRLF.
inline std::string to_crlf(std::string_view lf_body) {
  std::string out;
  for (char c : lf_body) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace mtasts_test
