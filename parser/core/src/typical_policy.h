// The typical policy, read in one pass (issue #9).
//
// Most policies are `version: STSv1`, `mode: <mode>` and `max_age: <1-10 digits>` at most once
// each, in any order, and plain mx lines, each value directly followed by LF, CRLF or the end
// of the body. No option changes how such a line reads, except reject_numeric_mx (it judges
// mx values) and a max_size below the body's size. read_typical_policy reads the run of such
// lines at the start of a body without the line loop's bookkeeping:
// - when the run is the whole (non-empty) body, what the exact path would say comes down to
//   the checks it makes after the last line (required fields, the max_age ceiling, mx unless
//   mode is none), repeated here: the answer is final;
// - otherwise it stops at the first other line and hands over what it read (typical_prefix):
//   the exact path seeds its state with it, as if it had read those lines itself, and goes on
//   from there, so no line is read twice.
// parser/tests/properties (TypicalShortcutAgreesWithExactPath) compares the result with the
// exact path alone under every profile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "char_class.h"
#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_line_scan.h"

namespace mtasts::detail {

// The typical lines read from the start of a body, for the exact path to go on from.
struct typical_prefix {
  std::size_t end = 0;    // where the next line starts: 0 when nothing was read
  std::size_t lines = 0;  // lines read, each ended by LF or CRLF
  std::size_t mx_count = 0;
  // The registered fields read (each at most once), their values as written; empty if absent.
  std::string_view version, mode, max_age;
};

enum class typical_answer : std::uint8_t {
  prefix,  // the exact path goes on from prefix.end; the sink holds the mx read so far
  policy,  // out and the sink's mx are filled
  error,   // the policy is invalid: error says why, as the exact path would
};

// The offset of the first non-SP byte from `at` in a window, or 0 past the first block
// (sts-policy-field-delim = ":" *WSP; spaces only here, a tab takes the exact path).
inline std::size_t value_after_spaces(const char* line, std::size_t at) noexcept {
  while (line[at] == ' ') {
    if (++at == block_size) return 0;
  }
  return at;
}

template <class Sink>
typical_answer read_typical_policy(const policy_line_scanner& lines, const policy_options& opt,
                                   Sink& sink, typical_prefix& read, policy_view& out,
                                   parse_error& error) {
  const std::string_view body = lines.body();
  if (body.empty() || body.size() > opt.max_size || opt.reject_numeric_mx) {
    return typical_answer::prefix;  // nothing read: the exact path checks it all
  }
  policy_mode mode = policy_mode::none;
  std::uint64_t max_age = 0;
  std::size_t pos = 0, lines_read = 0, mx_count = 0;
  std::string_view version_value, mode_value, max_age_value;
  // Hands what was read to the exact path, which reads the line at pos next.
  auto stop = [&] {
    read = typical_prefix{pos, lines_read, mx_count, version_value, mode_value, max_age_value};
    return typical_answer::prefix;
  };
  while (pos < body.size()) {
    const char* const line = lines.readable(pos);
    if (line[0] == 'm' && line[1] == 'x') {
      plain_field f;
      if (!lines.scan_plain_mx(pos, f)) return stop();
      if (!sink.add_mx(body.substr(f.value_begin, f.value_end - f.value_begin))) return stop();
      ++mx_count;
      ++lines_read;
      pos = f.next;
      continue;
    }
    std::size_t value;  // from pos
    std::size_t value_size;
    std::string_view* field;  // where the value goes once its line is known to be whole
    if (std::memcmp(line, "version:", 8) == 0 && version_value.empty()) {
      value = value_after_spaces(line, 8);
      // RFC 8461 §3.2: sts-policy-version-value = %s"STSv1"
      if (value == 0 || std::memcmp(line + value, "STSv1", 5) != 0) return stop();
      value_size = 5;
      field = &version_value;
    } else if (std::memcmp(line, "mode:", 5) == 0 && mode_value.empty()) {
      value = value_after_spaces(line, 5);
      // RFC 8461 §3.2: sts-policy-mode-value = %s"testing" / %s"enforce" / %s"none"
      if (value == 0) return stop();
      if (std::memcmp(line + value, "enforce", 7) == 0) {
        mode = policy_mode::enforce;
        value_size = 7;
      } else if (std::memcmp(line + value, "testing", 7) == 0) {
        mode = policy_mode::testing;
        value_size = 7;
      } else if (std::memcmp(line + value, "none", 4) == 0) {
        mode = policy_mode::none;
        value_size = 4;
      } else {
        return stop();
      }
      field = &mode_value;
    } else if (std::memcmp(line, "max_age:", 8) == 0 && max_age_value.empty()) {
      value = value_after_spaces(line, 8);
      if (value == 0) return stop();
      // RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT)
      value_size = 0;
      while (is_digit(line[value + value_size]) && value_size <= 10) {
        max_age = max_age * 10 + static_cast<std::uint64_t>(line[value + value_size] - '0');
        ++value_size;
      }
      if (value_size == 0 || value_size > 10) return stop();
      field = &max_age_value;
    } else {
      return stop();  // another name, a second version/mode/max_age, leading WSP, a BOM, ...
    }
    // RFC 8461 §3.2: sts-policy-term = LF / CRLF, optional after the last line. Anything
    // else right after the value (trailing WSP, a bare CR, "STSv10", ...): the exact path
    // reads the line.
    const std::size_t next = lines.after_terminator(pos + value + value_size);
    if (next == 0) return stop();
    *field = body.substr(pos + value, value_size);
    ++lines_read;
    pos = next;
  }

  // The whole body was read: what the exact path checks after the last line (policy.cc,
  // finish), in its order.
  auto fail = [&](error_code code, std::size_t at) {
    error = make_error(code, body, at);
    return typical_answer::error;
  };
  // RFC 8461 §3.2 (R-3.2-8): version, mode and max_age are required.
  if (version_value.empty()) return fail(error_code::POLICY_VERSION_MISSING, body.size());
  if (mode_value.empty()) return fail(error_code::POLICY_MODE_MISSING, body.size());
  if (max_age_value.empty()) return fail(error_code::POLICY_MAX_AGE_MISSING, body.size());
  // RFC 8461 §3.2: "with a maximum value of 31557600".
  if (max_age > max_age_ceiling_seconds) {
    switch (opt.max_age_over_ceiling) {
      case max_age_ceiling::reject:
        return fail(error_code::POLICY_MAX_AGE_RANGE,
                    static_cast<std::size_t>(max_age_value.data() - body.data()));
      case max_age_ceiling::clamp:
        max_age = max_age_ceiling_seconds;
        break;
      case max_age_ceiling::accept:
        break;
    }
  }
  // RFC 8461 §3.2 (R-3.2-8): mx is required at least once unless mode is none.
  if (mode != policy_mode::none && mx_count == 0) {
    return fail(error_code::POLICY_MX_MISSING, body.size());
  }
  out.version = version_value;
  out.mode = mode;
  out.max_age = max_age;
  return typical_answer::policy;
}

}  // namespace mtasts::detail
