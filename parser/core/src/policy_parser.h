// SPDX-License-Identifier: Apache-2.0
// The policy parser (RFC 8461 §3.2): one line loop and one set of end-of-body checks, run by
// parse_policy (policy.cc) to the first error and by diagnose_policy (policy_findings.cc) past
// every error. Everything here has internal linkage, so each of the two translation units
// compiles its own instantiation: the strict parse's inlining is decided in a unit that holds
// it alone (with both in one unit gcc outlined hot helpers and the parse ran 4% more
// instructions).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "char_class.h"
#include "kept_view.h"
#include "mtasts/mx_pattern.h"
#include "mtasts/policy.h"
#include "policy_line_scan.h"
#include "policy_rules.h"
#include "typical_policy.h"

namespace mtasts {
namespace {  // one copy per unit, on purpose (above)

using detail::field_count;
using detail::field_index;
using detail::is_ctl;
using detail::is_digit;
using detail::is_ext_name;
using detail::is_ext_name_char;
using detail::is_non_ascii;
using detail::is_wsp;
using detail::utf8_sequence_length;

// The rule set every path applies (policy_rules.h). A test may compile policy.cc (and so this
// file) again with another set (parser/core/tests/planted_rule): a name the preprocessor
// resolves, so the library is built with the RFC's rules alone and pays nothing for the seam.
#ifndef MTASTS_POLICY_RULES
#define MTASTS_POLICY_RULES rfc8461_policy_rules
#endif
using rules = detail::MTASTS_POLICY_RULES;

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

struct occurrence {
  std::string_view value;
  std::size_t name_offset = 0;
  std::size_t value_offset = 0;
};

// What the line scan learns about one registered field. Only the counts are set up front
// (a parser is built on every call); a value is written before its count says it is there.
struct field_state {
  std::size_t named = 0;  // lines with the name: first_named, last_named
  std::size_t valid = 0;  // of them fitting the production: first_valid, last_valid
  detail::kept_view first_named, last_named;              // any line with the name
  detail::kept_view first_valid, last_valid;              // values that fit the production
  std::uint64_t first_valid_reading, last_valid_reading;  // what they read as
  std::optional<parse_error> first_bad;                   // why the first bad value failed
};

struct line_view {
  std::size_t begin, end;  // content, without terminator
  std::size_t next;        // start of the following line
  bool bare_cr = false;    // the line ends in a CR that is not followed by LF
};

struct parse_state {
  std::array<field_state, field_count> fields;
  std::size_t mx_count = 0;
  std::optional<parse_error> first_bad_mx;
};

using detail::plain_field;

// What the strict parse reports: nothing but the first error, which ends it. Every hook is
// empty or constant, so the parse compiles as if it had none.
struct first_error_only {
  static constexpr bool keep_going(const parse_error&) noexcept { return false; }
  static constexpr void ignored(const parse_error&) noexcept {}
  static constexpr void chosen(field_index, std::string_view, std::uint64_t) noexcept {}
};

// Whether a parse may read the typical lines at the start of a body in one pass first. Only
// the exact-path entry point for tests (policy_exact.h) says no.
enum class typical_shortcut : bool { off, on };

template <class Sink, class Report = first_error_only>
class policy_parser {
 public:
  policy_parser(const detail::policy_line_scanner& lines, const policy_options& options, Sink& sink,
                Report report = {})
      : body_(lines.body()), opt_(options), sink_(sink), report_(report), lines_(lines) {}

  // Returns the first error, or nullopt with out filled. With the shortcut, the typical
  // lines at the start (typical_policy.h) are read in one pass first and count as read here:
  // if they are the whole body, the end-of-body checks take the fields as read; otherwise
  // the state they would have left is seeded and the line loop goes on after them.
  template <typical_shortcut Shortcut>
  std::optional<parse_error> run(policy_view& out) {
    std::size_t pos = 0;
    // RFC 8461 §3.3 (MAY), A-10: a size cap, applied before any parsing.
    if (body_.size() > opt_.max_size) return fail(error_code::POLICY_TOO_LARGE, opt_.max_size);
    if (body_.substr(0, 3) == utf8_bom) {
      if (!opt_.allow_leading_bom) {
        const parse_error e = fail(error_code::POLICY_BOM, 0);
        if (!report_.keep_going(e)) return e;
      }
      pos = 3;
    }
    if (pos == body_.size()) return fail(error_code::POLICY_EMPTY, pos);
    if constexpr (Shortcut == typical_shortcut::on) {
      const detail::typical_prefix read =
          detail::read_typical_policy<rules>(lines_, opt_, sink_, pos);
      if (read.end == body_.size()) {
        // The whole body was typical: each field was read at most once, and fits.
        state_.mx_count = read.mx_count;
        return finish(out,
                      [&read](field_index f, std::string_view& value,
                              std::uint64_t& reading) -> std::optional<parse_error> {
                        value = read.values[f];
                        reading = read.readings[f];
                        return std::nullopt;
                      });
      }
      pos = seed(read);
    }
    while (pos < body_.size()) {
      // Most lines are plain ASCII fields, scanned once; any other line takes the exact path.
      // (Scalars rather than a copied line_view: copying a struct just written field by
      // field stalls store forwarding.)
      std::size_t end, next;
      bool bare_cr = false;
      std::optional<parse_error> e;
      plain_field f;
      if (lines_.scan_plain_mx(pos, f) || lines_.scan_plain_field(pos, f)) {
        end = f.end;
        next = f.next;
        enter_line(pos, end);
        const std::string_view value = body_.substr(f.value_begin, f.value_end - f.value_begin);
        if (f.plain_mx && !opt_.reject_numeric_mx) {
          // What dispatch would do for this mx line, whose value is known to fit, written
          // out without an optional<parse_error> to copy (store forwarding again).
          if (!sink_.add_mx(value)) return fail(error_code::POLICY_STORAGE_EXHAUSTED, pos);
          ++state_.mx_count;
        } else {
          e = dispatch(body_.substr(pos, f.colon - pos), occurrence{value, pos, f.value_begin});
        }
      } else {
        const line_view line = next_line(pos);
        end = line.end;
        next = line.next;
        bare_cr = line.bare_cr;
        enter_line(pos, end);
        e = parse_line(line);
      }
      // Left to right: a problem inside the line comes before the bare CR that ends it.
      if (bare_cr && (!e || e->offset >= end)) {
        const parse_error cr = fail(error_code::POLICY_BARE_CR, end);
        if (!report_.keep_going(cr)) return cr;
        bare_cr = false;
      }
      if (e && (!opt_.ignore_malformed_lines || e->code == error_code::POLICY_STORAGE_EXHAUSTED ||
                e->code == error_code::POLICY_FIELD_DUPLICATE)) {
        if (!report_.keep_going(*e)) return e;
        // Diagnosis goes on: the bare CR after the problem is one more.
        if (bare_cr && !report_.keep_going(fail(error_code::POLICY_BARE_CR, end))) return e;
      }
      pos = next;
      // make_error counts LFs only: a CR-terminated line (allow_cr_line_endings) continues it.
      if (next > 0 && body_[next - 1] == '\n') {
        ++lf_line_;
        lf_line_start_ = next;
      }
    }
    in_line_ = false;
    return finish(out, [this](field_index f, std::string_view& value, std::uint64_t& reading) {
      return chosen(f, value, reading);
    });
  }

 private:
  // The state of the line loop after the typical lines `read`, each of which dispatch would
  // have taken as the first valid occurrence of its field or as one more mx; returns where
  // the loop goes on.
  std::size_t seed(const detail::typical_prefix& read) {
    for (std::size_t f = 0; f < field_count; ++f) {
      if (read.values[f].empty()) continue;
      field_state& s = state_.fields[f];
      s.named = s.valid = 1;
      s.first_named = s.last_named = s.first_valid = s.last_valid = read.values[f];
      s.first_valid_reading = s.last_valid_reading = read.readings[f];
    }
    state_.mx_count = read.mx_count;
    if (read.lines > 0) {
      // Where the loop goes on, each line read ended in LF.
      lf_line_ = static_cast<std::uint32_t>(1 + read.lines);
      lf_line_start_ = read.end;
    }
    return read.end;
  }

  // Within the current line, line and column are known without rescanning the body (a
  // policy of many rejected or ignored lines stays linear); elsewhere make_error counts.
  parse_error fail(error_code code, std::size_t at) const {
    if (in_line_ && at >= line_begin_ && at <= line_end_) {
      return parse_error{code, at, lf_line_, static_cast<std::uint32_t>(at - lf_line_start_ + 1)};
    }
    return make_error(code, body_, at);
  }

  void enter_line(std::size_t begin, std::size_t end) {
    in_line_ = true;
    line_begin_ = begin;
    line_end_ = end;
  }

  // R-3.2-10: sts-policy-term = LF / CRLF; a lone CR is neither.
  line_view next_line(std::size_t start) const {
    std::size_t i = start;
    while (i < body_.size() && body_[i] != '\n' && body_[i] != '\r') ++i;
    line_view line{start, i, i, false};
    if (i == body_.size()) return line;  // the final terminator is optional
    if (body_[i] == '\n') {
      line.next = i + 1;
    } else if (i + 1 < body_.size() && body_[i + 1] == '\n') {
      line.next = i + 2;
    } else {
      line.next = i + 1;
      line.bare_cr = !opt_.allow_cr_line_endings;
    }
    return line;
  }

  // Error for an unexpected byte at i inside a line: charset first, else fallback.
  parse_error unexpected(std::size_t i, error_code fallback) const {
    const char c = body_[i];
    if (is_ctl(c) && c != '\t') return fail(error_code::POLICY_CONTROL_CHARACTER, i);
    if (is_non_ascii(c) && utf8_sequence_length(body_, i) == 0) {
      return fail(error_code::POLICY_INVALID_UTF8, i);
    }
    return fail(fallback, i);
  }

  // sts-policy-field *WSP: name ":" *WSP value *WSP
  std::optional<parse_error> parse_line(const line_view& line) {
    std::size_t i = line.begin;
    if (i == line.end || (opt_.allow_blank_lines && only_wsp(line))) {
      // RFC 8461 §3.2: two terminators in a row fit no rule.
      if (opt_.allow_blank_lines) return std::nullopt;
      return fail(error_code::POLICY_BLANK_LINE, i);
    }
    if (is_wsp(body_[i])) {
      // No folding or indentation exists in the grammar.
      if (!opt_.allow_whitespace_around_name) return fail(error_code::POLICY_LEADING_WHITESPACE, i);
      while (i < line.end && is_wsp(body_[i])) ++i;
    }
    const std::size_t name_begin = i;
    while (i < line.end && is_ext_name_char(body_[i])) ++i;
    const std::string_view name = body_.substr(name_begin, i - name_begin);
    if (opt_.allow_whitespace_around_name) {
      while (i < line.end && is_wsp(body_[i])) ++i;
    }
    if (i == line.end) {
      if (name.empty()) return fail(error_code::POLICY_NAME_SYNTAX, name_begin);
      return fail(error_code::POLICY_MISSING_COLON, i);
    }
    if (body_[i] != ':') {
      // A line with no ':' at all lacks the field delimiter; otherwise the name is bad.
      const std::string_view rest = body_.substr(i, line.end - i);
      if (rest.find(':') == std::string_view::npos && !name.empty()) {
        return fail(error_code::POLICY_MISSING_COLON, i);
      }
      return unexpected(i, error_code::POLICY_NAME_SYNTAX);
    }
    // RFC 8461 §3.2: sts-policy-ext-name = alphanum *31(alphanum / "_" / "-" / ".")
    if (!is_ext_name(name)) return fail(error_code::POLICY_NAME_SYNTAX, name_begin);
    ++i;
    // sts-policy-field-delim = ":" *WSP
    while (i < line.end && is_wsp(body_[i])) ++i;
    const std::size_t value_begin = i;
    std::size_t value_end = value_begin;  // one past the last non-WSP byte
    std::optional<std::size_t> tab_in_run;
    while (i < line.end) {
      const char c = body_[i];
      if (c == ' ' || c == '\t') {
        if (c == '\t' && !tab_in_run) tab_in_run = i;
        ++i;
        continue;
      }
      // sts-policy-ext-value: SP may separate vchars, HTAB may not.
      if (tab_in_run) return fail(error_code::POLICY_VALUE_SYNTAX, *tab_in_run);
      if (is_ctl(c)) return fail(error_code::POLICY_CONTROL_CHARACTER, i);
      // sts-policy-vchar = %x21-7E / UTF8-2 / UTF8-3 / UTF8-4
      const std::size_t len = utf8_sequence_length(body_, i);
      if (len == 0) return fail(error_code::POLICY_INVALID_UTF8, i);
      i += len;
      value_end = i;
      tab_in_run.reset();
    }
    const std::string_view value = body_.substr(value_begin, value_end - value_begin);
    if (value.empty()) {
      // Behaviour (pmsr): `mx:` contributes an empty pattern.
      if (name == "mx" && opt_.unchecked_mx) return add_mx(value, name_begin);
      // Behaviour (mailauth 7 strict): an empty mx is a malformed mx like any other.
      if (name == "mx" && opt_.reject_malformed_mx && !state_.first_bad_mx) {
        state_.first_bad_mx = check_mx(occurrence{value, name_begin, value_begin});
      }
      return fail(error_code::POLICY_VALUE_SYNTAX, value_begin);
    }
    return dispatch(name, occurrence{value, name_begin, value_begin});
  }

  bool only_wsp(const line_view& line) const {
    for (std::size_t i = line.begin; i < line.end; ++i) {
      if (!is_wsp(body_[i])) return false;
    }
    return true;
  }

  std::optional<parse_error> add_mx(std::string_view value, std::size_t name_offset) {
    if (!sink_.add_mx(value)) return fail(error_code::POLICY_STORAGE_EXHAUSTED, name_offset);
    ++state_.mx_count;
    return std::nullopt;
  }

  std::optional<parse_error> add_extension(std::string_view name, const occurrence& o) {
    // R-3.2-P, R-3.2-9: what fits the grammar is accepted and unknown fields are ignored;
    // we keep them, in order.
    if (!sink_.add_extension(extension{name, o.value})) {
      return fail(error_code::POLICY_STORAGE_EXHAUSTED, o.name_offset);
    }
    return std::nullopt;
  }

  // What value reads as if it fits the production of registered field f (policy_rules.h).
  std::optional<std::uint64_t> read_value(field_index f, std::string_view value) const {
    return detail::read_registered_value<rules>(f, value, opt_);
  }

  // The error for a value of registered field f that does not fit its production.
  parse_error value_error(field_index f, std::size_t value_offset) const {
    static constexpr std::array value_errors{error_code::POLICY_VERSION_VALUE,
                                             error_code::POLICY_MODE_VALUE,
                                             error_code::POLICY_MAX_AGE_SYNTAX};
    return fail(value_errors[f], value_offset);
  }

  std::optional<parse_error> check_mx(const occurrence& o) const {
    if (opt_.unchecked_mx) return std::nullopt;
    // RFC 8461 §3.2: sts-policy-mx-value = ["*."] Domain, A-labels only (R-3.2-7).
    result<mx_pattern> p = parse_mx_pattern(o.value, opt_.allow_mx_trailing_dot);
    if (!p.ok()) return fail(p.error().code, o.value_offset + p.error().offset);
    if (opt_.reject_numeric_mx && all_numeric(p.value().domain)) {
      return fail(error_code::MX_PATTERN_CHARACTER, o.value_offset);
    }
    return std::nullopt;
  }

  static bool all_numeric(std::string_view domain) {
    for (char c : domain) {
      if (!is_digit(c) && c != '.') return false;
    }
    return true;
  }

  std::optional<parse_error> dispatch(std::string_view name, const occurrence& o) {
    if (name == "mx") {
      // R-3.2-6: mx is the one field that may repeat; each line adds a pattern.
      if (auto bad = check_mx(o)) {
        if (opt_.reject_malformed_mx) {
          // Behaviour (mailauth 7 strict): noted, and rejected in finish() after the
          // version, mode and max_age checks, as mailauth throws invalid_sts_mx.
          if (!state_.first_bad_mx) state_.first_bad_mx = bad;
          return std::nullopt;
        }
        if (opt_.malformed_fields != malformed_registered_field::extension) return bad;
        if (!state_.first_bad_mx) state_.first_bad_mx = bad;
        report_.ignored(*bad);
        return add_extension(name, o);  // fits only sts-policy-extension
      }
      return add_mx(o.value, o.name_offset);
    }
    if (const field_index f = detail::registered_field(name); f != field_count) {
      field_state& s = state_.fields[f];
      ++s.named;
      if (opt_.duplicate_fields == duplicate_field::reject && s.named > 1) {
        return fail(error_code::POLICY_FIELD_DUPLICATE, o.name_offset);
      }
      if (s.named == 1) s.first_named = o.value;
      s.last_named = o.value;
      const std::optional<std::uint64_t> reading = read_value(f, o.value);
      if (!reading) {
        switch (opt_.malformed_fields) {
          case malformed_registered_field::reject:
            return value_error(f, o.value_offset);
          case malformed_registered_field::validate_chosen:
            return std::nullopt;  // checked in finish() if this line is the chosen one
          case malformed_registered_field::extension:
            if (!s.first_bad) s.first_bad = value_error(f, o.value_offset);
            report_.ignored(value_error(f, o.value_offset));
            return add_extension(name, o);  // fits only sts-policy-extension
        }
      }
      if (++s.valid == 1) {
        s.first_valid = o.value;
        s.first_valid_reading = *reading;
      }
      s.last_valid = o.value;
      s.last_valid_reading = *reading;
      return std::nullopt;
    }
    return add_extension(name, o);
  }

  // The offset in the body of a kept value.
  std::size_t offset_of(std::string_view value) const {
    return static_cast<std::size_t>(value.data() - body_.data());
  }

  // The value that counts for field f after the duplicate rule, and what it reads as; or the
  // error that stands for it; or (value left empty) none.
  std::optional<parse_error> chosen(field_index f, std::string_view& out,
                                    std::uint64_t& reading) const {
    const field_state& s = state_.fields[f];
    const bool last = opt_.duplicate_fields == duplicate_field::last;
    if (opt_.malformed_fields == malformed_registered_field::validate_chosen) {
      if (s.named > 0) {
        const std::string_view pick = (last ? s.last_named : s.first_named).view();
        const std::optional<std::uint64_t> pick_reading = read_value(f, pick);
        if (!pick_reading) return value_error(f, offset_of(pick));
        out = pick;
        reading = *pick_reading;
        return std::nullopt;
      }
    } else if (s.valid > 0) {
      // RFC 8461 §3.2 (R-3.2-9): all but the first occurrence SHALL be ignored.
      out = (last ? s.last_valid : s.first_valid).view();
      reading = last ? s.last_valid_reading : s.first_valid_reading;
      return std::nullopt;
    }
    return s.first_bad;  // say why the field is missing
  }

  // The end-of-body checks, for every path. choose(f, value, reading) says how the lines left
  // registered field f: as chosen(), from the line loop's state, or as the typical reader
  // read it when it read the whole body (each field at most once, and valid).
  template <class Choose>
  std::optional<parse_error> finish(policy_view& out, const Choose& choose) {
    // RFC 8461 §3.2 (R-3.2-8): version, mode and max_age are required, missing reported in
    // that order. A diagnosis goes on past each error; a field in error is then unknown.
    std::string_view version, mode, max_age;
    std::uint64_t version_reading = 0, mode_reading = 0, max_age_reading = 0;
    std::optional<parse_error> e = choose(detail::version_field, version, version_reading);
    if (!e && version.empty()) e = fail(error_code::POLICY_VERSION_MISSING, body_.size());
    if (e && !report_.keep_going(*e)) return e;
    e = choose(detail::mode_field, mode, mode_reading);
    if (!e && mode.empty()) e = fail(error_code::POLICY_MODE_MISSING, body_.size());
    if (e && !report_.keep_going(*e)) return e;
    const bool known_mode = !e;
    e = choose(detail::max_age_field, max_age, max_age_reading);
    if (!e && max_age.empty()) e = fail(error_code::POLICY_MAX_AGE_MISSING, body_.size());
    if (e && !report_.keep_going(*e)) return e;
    const bool known_max_age = !e;
    out.version = version;
    if (known_mode) {
      out.mode = static_cast<policy_mode>(mode_reading);
      report_.chosen(detail::mode_field, mode, mode_reading);
    }
    if (known_max_age) {
      // RFC 8461 §3.2: "with a maximum value of 31557600".
      const std::optional<std::uint64_t> ceiled =
          detail::max_age_under_ceiling<rules>(max_age_reading, opt_);
      if (!ceiled) {
        e = fail(error_code::POLICY_MAX_AGE_RANGE, offset_of(max_age));
        if (!report_.keep_going(*e)) return e;
      } else {
        out.max_age = *ceiled;
        report_.chosen(detail::max_age_field, max_age, *ceiled);
      }
    }
    if (opt_.reject_malformed_mx && state_.first_bad_mx) {
      // Behaviour (mailauth 7 strict): any malformed mx line rejects the policy.
      if (!report_.keep_going(*state_.first_bad_mx)) return state_.first_bad_mx;
    } else if (known_mode && out.mode != policy_mode::none && state_.mx_count == 0) {
      // RFC 8461 §3.2 (R-3.2-8): mx is required at least once unless mode is none.
      e = state_.first_bad_mx ? *state_.first_bad_mx
                              : fail(error_code::POLICY_MX_MISSING, body_.size());
      if (!report_.keep_going(*e)) return e;
    }
    return std::nullopt;
  }

  std::string_view body_;
  const policy_options& opt_;
  Sink& sink_;
  Report report_;
  parse_state state_;
  bool in_line_ = false;  // a line is being parsed: [line_begin_, line_end_]
  std::size_t line_begin_ = 0, line_end_ = 0;
  const detail::policy_line_scanner& lines_;  // the fast paths
  std::uint32_t lf_line_ = 1;                 // its line number, counting LFs as make_error does
  std::size_t lf_line_start_ = 0;             // the offset after the last LF before it
};

// Writes into caller-supplied spans.
struct span_sink {
  policy_storage storage;
  std::size_t mx = 0, extensions = 0;
  bool add_mx(std::string_view v) {
    if (mx == storage.mx.size()) return false;
    storage.mx[mx++] = v;
    return true;
  }
  bool add_extension(extension e) {
    if (extensions == storage.extensions.size()) return false;
    storage.extensions[extensions++] = e;
    return true;
  }
};

// Stores nothing: validity only.
struct counting_sink {
  bool add_mx(std::string_view) { return true; }
  bool add_extension(extension) { return true; }
};

// Appends to an owning policy.
struct owning_sink {
  policy& p;
  bool add_mx(std::string_view v) {
    p.mx.emplace_back(v);
    return true;
  }
  bool add_extension(extension e) {
    p.extensions.emplace_back(std::string(e.name), std::string(e.value));
    return true;
  }
};

// Parses body into sink and out: the run of typical lines at its start in one pass (unless
// Shortcut is off), the rest (if any) through the line loop, then the end-of-body checks.
// (Shortcut as a template argument: each instantiation has one caller and is inlined there.)
template <typical_shortcut Shortcut = typical_shortcut::on, class Sink>
std::optional<parse_error> parse_into(std::string_view body, const policy_options& options,
                                      Sink& sink, policy_view& out) {
  const detail::policy_line_scanner lines(body);
  return policy_parser<Sink>(lines, options, sink).template run<Shortcut>(out);
}

}  // namespace
}  // namespace mtasts
