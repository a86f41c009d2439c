// SPDX-License-Identifier: Apache-2.0
// A policy body (RFC 8461 §3.2) split into `name: value` lines. Every byte of the input lands
// in exactly one part, so join(split(x)) == x for any bytes, valid or not.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts_fuzz::mutators {

struct policy_line {
  std::string lead;        // SP / HTAB before the name
  std::string name;        // up to the first ':' without the SP / HTAB before it
  std::string pre_colon;   // SP / HTAB between the name and ':'
  std::string colon;       // ":" or "" (a line without ':')
  std::string post_colon;  // SP / HTAB after ':'
  std::string value;       // without trailing SP / HTAB
  std::string trail;       // SP / HTAB after the value
  std::string term;        // "\n", "\r\n", "\r", or "" on a last line without terminator

  std::size_t size() const noexcept;
  friend bool operator==(const policy_line&, const policy_line&) = default;
};

struct policy_body {
  std::string bom;  // a leading UTF-8 BOM, kept apart
  std::vector<policy_line> lines;
  std::size_t size() const noexcept;
};

// Lines end at LF, CRLF or a lone CR.
policy_body split_policy_body(std::string_view text);
std::string join(const policy_body& body);

// The terminator most lines use ("\n" when there is none).
std::string_view usual_terminator(const policy_body& body) noexcept;
// Gives every line but the last a terminator (after lines were moved).
void restore_terminators(policy_body& body);

}  // namespace mtasts_fuzz::mutators
