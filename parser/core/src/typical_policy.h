// SPDX-License-Identifier: Apache-2.0
// The typical policy, read in one pass.
//
// Most policies are `version: STSv1`, `mode: <mode>` and `max_age: <1-10 digits>` at most once
// each, in any order, and plain mx lines, each value directly followed by LF, CRLF or the end
// of the body. read_typical_policy reads the run of such lines at the start of a body without
// the line loop's bookkeeping, and decides nothing: it reads a line only when the line loop
// would take it as the first valid occurrence of its field (the value judged by the same
// rule set, policy_rules.h) or as one more mx, and at the first other line, or at the end of
// the body, hands over what it read (typical_prefix). policy.cc then either gives the fields
// as read to the end-of-body checks (the whole body was read) or seeds the line loop's state
// with them, as if it had read those lines itself, and goes on from there (no line is read
// twice). No option changes how such a line reads, except reject_numeric_mx (it judges mx
// values). parser/core/tests/properties (TypicalShortcutAgreesWithExactPath) compares the result
// with the exact path alone under every profile.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_line_scan.h"
#include "policy_rules.h"

namespace mtasts::detail {

// The typical lines read from the start of a body, for the line loop to go on from.
struct typical_prefix {
  std::size_t end = 0;    // where the next line starts
  std::size_t lines = 0;  // lines read, each ended by LF, CRLF or the end of the body
  std::size_t mx_count = 0;
  // The registered fields read (each at most once), their values as written (empty if absent)
  // and what each reads as (read_registered_value).
  std::array<std::string_view, field_count> values{};
  std::array<std::uint64_t, field_count> readings;
};

// The offset of the first non-SP byte from `at` in a window, or 0 past the first block
// (sts-policy-field-delim = ":" *WSP; spaces only here, a tab takes the exact path).
inline std::size_t value_after_spaces(const char* line, std::size_t at) noexcept {
  while (line[at] == ' ') {
    if (++at == block_size) return 0;
  }
  return at;
}

// The line at pos of a registered field whose name and ':' take name_size bytes, if the line
// loop would take its value as valid: its value and what it reads as, and where the next line
// starts; else false.
template <class Rules, field_index Field>
MTASTS_ALWAYS_INLINE bool read_typical_field(const policy_line_scanner& lines,
                                             const policy_options& opt, std::size_t pos,
                                             std::size_t name_size, typical_prefix& read) {
  // A second occurrence: the duplicate rule is the line loop's.
  if (!read.values[Field].empty()) return false;
  const std::string_view body = lines.body();
  const char* const line = lines.readable(pos);
  const std::size_t value = value_after_spaces(line, name_size);
  if (value == 0) return false;
  // The value as the rule set reads it from where it starts (within the window and the body).
  const std::size_t readable = std::min(window_size - value, body.size() - pos - value);
  const std::optional<value_reading> reading =
      read_registered_value_at<Rules>(Field, std::string_view(line + value, readable), opt);
  // No value of the field's production there: what follows depends on options the line
  // loop applies.
  if (!reading || reading->size == 0) return false;
  // RFC 8461 §3.2: sts-policy-term = LF / CRLF, optional after the last line. Anything else
  // right after the value (trailing WSP, a bare CR, "STSv10", ...): the exact path reads the
  // line.
  const std::size_t next = lines.after_terminator(pos + value + reading->size);
  if (next == 0) return false;
  read.values[Field] = std::string_view(body.data() + pos + value, reading->size);
  read.readings[Field] = reading->value;
  ++read.lines;
  read.end = next;
  return true;
}

// Reads the typical lines from `begin` (the start of the first line) into sink, judging values
// with Rules; returns what the line loop goes on from.
template <class Rules, class Sink>
typical_prefix read_typical_policy(const policy_line_scanner& lines, const policy_options& opt,
                                   Sink& sink, std::size_t begin) {
  const std::string_view body = lines.body();
  typical_prefix read;
  read.end = begin;
  // reject_numeric_mx judges mx values the plain mx scan accepts: the exact path reads them.
  if (opt.reject_numeric_mx) return read;
  while (read.end < body.size()) {
    const std::size_t pos = read.end;
    const char* const line = lines.readable(pos);
    if (line[0] == 'm' && line[1] == 'x') {
      plain_field f;
      if (!lines.scan_plain_mx(pos, f)) return read;
      if (!sink.add_mx({body.data() + f.value_begin, f.value_end - f.value_begin})) return read;
      ++read.mx_count;
      ++read.lines;
      read.end = f.next;
      continue;
    }
    bool taken = false;
    if (std::memcmp(line, "version:", 8) == 0) {
      taken = read_typical_field<Rules, version_field>(lines, opt, pos, 8, read);
    } else if (std::memcmp(line, "mode:", 5) == 0) {
      taken = read_typical_field<Rules, mode_field>(lines, opt, pos, 5, read);
    } else if (std::memcmp(line, "max_age:", 8) == 0) {
      taken = read_typical_field<Rules, max_age_field>(lines, opt, pos, 8, read);
    }
    if (!taken) return read;  // another name, leading WSP, a BOM, a blank line, ...
  }
  return read;
}

}  // namespace mtasts::detail
