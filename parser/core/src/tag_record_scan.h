// SPDX-License-Identifier: Apache-2.0
// Template body of scan_tag_record (see tag_record.h).
#pragma once

#include <concepts>

#include "char_class.h"

namespace mtasts::detail {

// A visitor that, told of an error, may ask the scan to go on (a diagnosis does).
template <class Visitor>
concept recovering_tag_visitor = requires(Visitor& v, const parse_error& e) {
  { v.recover(e) } -> std::same_as<bool>;
};

template <class Visitor>
std::optional<parse_error> scan_tag_record(std::string_view s, const tag_grammar& g,
                                           const tag_scan_options& opt, Visitor& visitor) {
  auto fail = [&](error_code code, std::size_t at) { return make_error(code, s, at); };
  auto unexpected = [&](std::size_t at, error_code fallback) {
    return fail(at < s.size() ? classify_unexpected(s[at], g, fallback) : fallback, at);
  };
  // Whether the scan goes on after error e, from the next ';' (at or after the error) or the
  // end: never for the parsers, whose visitors have no recover().
  auto resume = [&](const parse_error& e, std::size_t& pos) {
    if constexpr (recovering_tag_visitor<Visitor>) {
      if (!visitor.recover(e)) return false;
      const std::size_t semicolon = s.find(';', e.offset);
      pos = semicolon == std::string_view::npos ? s.size() : semicolon;
      return true;
    } else {
      (void)e;
      (void)pos;
      return false;
    }
  };
  if (s.empty()) return fail(g.empty, 0);

  // R-3.1-5 / R-8460-3-2: the record starts with the version field, v=STSv1 or v=TLSRPTv1.
  std::size_t pos = g.version.size();
  if (s.substr(0, 2) != "v=") {
    const parse_error e = unexpected(s[0] == 'v' ? 1 : 0, g.version_missing);
    if (!resume(e, pos)) return e;
  } else if (s.substr(0, g.version.size()) != g.version) {
    // A version value other than the literal points at the start of the value.
    const parse_error e = fail(g.version_value, 2);
    if (!resume(e, pos)) return e;
  } else if (pos < s.size() && !is_wsp(s[pos]) && s[pos] != ';') {
    const parse_error e = is_non_ascii(s[pos]) || (is_ctl(s[pos]) && s[pos] != '\t')
                              ? unexpected(pos, g.version_value)
                              : fail(g.version_value, 2);
    if (!resume(e, pos)) return e;
  }

  while (true) {
    // field-delim = *WSP ";" *WSP, or the end (possibly after an optional final delimiter)
    const std::size_t after_wsp = skip_wsp(s, pos);
    if (after_wsp == s.size()) {
      if (after_wsp > pos && !opt.allow_trailing_whitespace) {
        const parse_error e = fail(g.trailing_whitespace, pos);
        if (!resume(e, pos)) return e;
      }
      return std::nullopt;
    }
    if (s[after_wsp] != ';') {
      const parse_error e = unexpected(after_wsp, g.delimiter);
      if (!resume(e, pos)) return e;
      continue;
    }
    std::size_t field_start = skip_wsp(s, after_wsp + 1);
    while (field_start < s.size() && s[field_start] == ';') {
      // ";;" is never valid (RFC 8461 §3.1); a relaxation skips empty fields.
      if (!opt.allow_empty_fields) {
        const parse_error e = fail(g.empty_field, field_start);
        if (!resume(e, pos)) return e;
        // A diagnosis reads the next ';' as the delimiter of the next field.
      }
      field_start = skip_wsp(s, field_start + 1);
    }
    if (field_start == s.size()) return std::nullopt;  // [field-delim] at the end

    // name "=" value
    const std::size_t name_end = scan_ext_name_chars(s, field_start);
    const std::string_view name = s.substr(field_start, name_end - field_start);
    if (name.empty()) {
      const parse_error e = unexpected(field_start, g.name_syntax);
      if (!resume(e, pos)) return e;
      continue;
    }
    if (name_end == s.size() || s[name_end] != '=') {
      const bool name_ended = name_end == s.size() || is_wsp(s[name_end]) || s[name_end] == ';';
      const parse_error e =
          unexpected(name_end, name_ended && is_ext_name(name) ? g.field_syntax : g.name_syntax);
      if (!resume(e, pos)) return e;
      continue;
    }
    // is_ext_name(name), knowing every byte of it is an ext-name character already.
    if (name.size() > 32 || !in_class(name[0], alnum_class)) {
      const parse_error e = fail(g.name_syntax, field_start);
      if (!resume(e, pos)) return e;
      continue;
    }
    const std::size_t value_start = name_end + 1;
    const bool registered = name == g.registered_name;

    if (registered) {
      if (const std::optional<std::size_t> end = visitor.special(value_start)) {
        pos = *end;
        continue;
      }
    }
    const value_run run = scan_value_run(s, value_start);
    const std::size_t value_end = run.end;
    const bool value_fits = value_end > value_start &&
                            (value_end == s.size() || is_wsp(s[value_end]) || s[value_end] == ';');
    if (!value_fits) {
      if (registered) {
        if (std::optional<parse_error> e = visitor.special_error()) {
          if (!resume(*e, pos)) return e;
          continue;
        }
      }
      const parse_error e =
          unexpected(value_end, registered ? g.registered_syntax : g.value_syntax);
      if (!resume(e, pos)) return e;
      continue;
    }
    if (registered) {
      // The generic production matched a prefix; if the record breaks right after it, the
      // registered production's error, when it reached as far, explains more.
      const std::size_t next = skip_wsp(s, value_end);
      if (next < s.size() && s[next] != ';') {
        if (std::optional<parse_error> e = visitor.special_error(); e && e->offset >= next) {
          if (!resume(*e, pos)) return e;
          continue;
        }
      }
    }
    visitor.field(tag_field{name, s.substr(value_start, value_end - value_start), field_start,
                            value_start, run.alnum});
    pos = value_end;
  }
}

}  // namespace mtasts::detail
