// The MTA-STS policy file (RFC 8461 §3.2).
#include "mtasts/policy.h"

#include <array>

#include "ascii_block.h"
#include "char_class.h"
#include "kept_view.h"
#include "mtasts/mx_pattern.h"
#include "mx_pattern_scan.h"

namespace mtasts {
namespace {

using detail::is_ctl;
using detail::is_digit;
using detail::is_ext_name;
using detail::is_ext_name_char;
using detail::is_non_ascii;
using detail::is_wsp;
using detail::utf8_sequence_length;

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// The registered non-mx fields, in the order their absence is reported.
enum field_index : std::size_t { version_field, mode_field, max_age_field, field_count };

// RFC 8461 §3.2: the registered names other than "mx", or field_count for any other name.
// (Literal compares: no memcmp call.)
constexpr field_index registered_field(std::string_view name) {
  if (name == "version") return version_field;
  if (name == "mode") return mode_field;
  if (name == "max_age") return max_age_field;
  return field_count;
}

struct occurrence {
  std::string_view value;
  std::size_t name_offset = 0;
  std::size_t value_offset = 0;
};

// What the line scan learns about one registered field. Only the counts are set up front
// (a parser is built on every call, issue #9); a value is written before its count says it
// is there.
struct field_state {
  std::size_t named = 0;  // lines with the name: first_named, last_named
  std::size_t valid = 0;  // of them fitting the production: first_valid, last_valid
  detail::kept_view first_named, last_named;  // any line with the name
  detail::kept_view first_valid, last_valid;  // values that fit the production
  std::optional<parse_error> first_bad;       // why the first bad value failed
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

// RFC 8461 §3.2: sts-policy-mode-value = %s"testing" / %s"enforce" / %s"none"
std::optional<policy_mode> mode_from(std::string_view v) {
  if (v == "enforce") return policy_mode::enforce;
  if (v == "testing") return policy_mode::testing;
  if (v == "none") return policy_mode::none;
  return std::nullopt;
}

// RFC 8461 §3.2: sts-policy-max-age-value = 1*10(DIGIT); leading zeros allowed.
std::optional<std::uint64_t> max_age_from(std::string_view v) {
  if (v.empty() || v.size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : v) {
    if (!is_digit(c)) return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// Behaviour (pmsr): Python int(): optional sign, digits with single '_' between digits,
// any length. Negative values map to a value the range check rejects. Saturates.
std::optional<std::uint64_t> python_int_from(std::string_view v) {
  bool negative = false;
  if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
    negative = v[0] == '-';
    v.remove_prefix(1);
  }
  if (v.empty() || !is_digit(v.front()) || !is_digit(v.back())) return std::nullopt;
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '_') {
      if (v[i - 1] == '_') return std::nullopt;
      continue;
    }
    if (!is_digit(v[i])) return std::nullopt;
    n = n > (UINT64_MAX - 9) / 10 ? UINT64_MAX : n * 10 + static_cast<std::uint64_t>(v[i] - '0');
  }
  if (negative && n != 0) return UINT64_MAX;
  return n;
}

template <class Sink>
class policy_parser {
 public:
  policy_parser(std::string_view body, const policy_options& options, Sink& sink)
      : body_(body), opt_(options), sink_(sink), reader_(body) {}

  // Returns the first error, or nullopt with out filled.
  std::optional<parse_error> run(policy_view& out) {
    // RFC 8461 §3.3 (MAY): a size cap, applied before any parsing.
    if (body_.size() > opt_.max_size) return fail(error_code::POLICY_TOO_LARGE, opt_.max_size);
    std::size_t pos = 0;
    if (body_.substr(0, 3) == utf8_bom) {
      if (!opt_.allow_leading_bom) return fail(error_code::POLICY_BOM, 0);
      pos = 3;
    }
    if (pos == body_.size()) return fail(error_code::POLICY_EMPTY, pos);
    while (pos < body_.size()) {
      // Most lines are plain ASCII fields, scanned once; any other line takes the exact path.
      // (Scalars rather than a copied line_view: copying a struct just written field by
      // field stalls store forwarding.)
      std::size_t end, next;
      bool bare_cr = false;
      std::optional<parse_error> e;
      plain_field f;
      if (scan_plain_mx(pos, f) || scan_plain_field(pos, f)) {
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
      if (bare_cr && (!e || e->offset >= end)) return fail(error_code::POLICY_BARE_CR, end);
      if (e && (!opt_.ignore_malformed_lines || e->code == error_code::POLICY_STORAGE_EXHAUSTED ||
                e->code == error_code::POLICY_FIELD_DUPLICATE)) {
        return e;
      }
      pos = next;
      // make_error counts LFs only: a CR-terminated line (allow_cr_line_endings) continues it.
      if (next > 0 && body_[next - 1] == '\n') {
        ++lf_line_;
        lf_line_start_ = next;
      }
    }
    in_line_ = false;
    return finish(out);
  }

 private:
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

  // RFC 8461 §3.2: sts-policy-term = LF / CRLF; a lone CR is neither.
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

  // --- Fast paths (issue #9) -------------------------------------------------------------
  // Most lines are printable ASCII `name: value` fields. The scans below recognise them with
  // 16-byte block masks and say only "this line is certainly of that shape"; every other
  // line (and every error) goes through next_line/parse_line, the exact reference.

  // A line parse_line would accept as `name ":" *WSP value *WSP`, consulting no option.
  struct plain_field {
    std::size_t end, next;  // as in line_view
    std::size_t colon, value_begin, value_end;
    bool plain_mx;  // the name is "mx" and the value certainly fits sts-policy-mx-value
  };

  // At least window_size readable bytes that read as the body from offset at, then NULs.
  const char* readable(std::size_t at) const { return reader_.at(at); }

  // RFC 8461 §3.2: sts-policy-term = LF / CRLF, optional after the last line. The start of
  // the next line when stop is such a terminator or the end of the body, else 0.
  std::size_t after_terminator(std::size_t stop) const {
    if (stop == body_.size()) return stop;
    if (body_[stop] == '\n') return stop + 1;
    if (body_[stop] == '\r' && stop + 1 < body_.size() && body_[stop + 1] == '\n') return stop + 2;
    return 0;  // a tab, a bare CR, another CTL, a non-ASCII byte, trailing WSP, ...
  }

  // `mx:` *SP pattern, the pattern certainly valid and directly followed by the terminator:
  // the value's bytes are classified once, the same masks finding its end and checking the
  // mx grammar. Written with few branches: value lengths, wildcards and line endings vary
  // from line to line, and mispredicted branches cost more than the spare block or two.
  bool scan_plain_mx(std::size_t begin, plain_field& out) const {
    const char* const line = readable(begin);
    if (line[0] != 'm' || line[1] != 'x' || line[2] != ':') return false;
    std::size_t value = 3;  // from begin
    while (line[value] == ' ') {
      if (++value == detail::block_size) return false;  // many spaces: the exact path
    }
    // Bit 0 of the masks is the byte before the value, so the domain starts at bit 1, or
    // at bit 3 after "*." (a "*" is the one byte other than LDH or "." before the domain).
    const char* const bytes = readable(begin + value - 1);
    const bool wildcard = bytes[1] == '*';
    const std::size_t domain = wildcard ? 3 : 1;  // the bit where the Domain starts
    detail::ldh_masks m{0, 0, 0};
    auto classify = [&](std::size_t k) {
      const detail::ascii_block b = detail::ascii_block::load(bytes + k);
      m.dots |= std::uint64_t{b.equal_mask('.')} << k;
      m.hyphens |= std::uint64_t{b.equal_mask('-')} << k;
      m.others |= std::uint64_t{b.non_ldh_dot_mask()} << k;
    };
    // The value ends at the first byte after the prefix (the byte before it, any "*") that
    // is not LDH or ".". Three blocks hold most values and are always classified (no
    // branch to mispredict); a fourth only for values of 47 bytes or more.
    const std::uint64_t prefix = detail::low_bits(wildcard ? 2 : 1);
    classify(0);
    classify(detail::block_size);
    classify(2 * detail::block_size);
    if ((m.others & ~prefix) == 0) classify(3 * detail::block_size);
    const std::uint64_t ends = m.others & ~prefix;
    // A value of 62 bytes or more takes the exact path (here end + 1 stays in the window).
    if (ends == 0 || detail::first_bit(ends) >= detail::window_size - 1) return false;
    const std::size_t end = detail::first_bit(ends);  // the value is bits [1, end)
    // RFC 8461 §3.2: sts-policy-term = LF / CRLF, optional after the last line.
    const std::size_t stop = begin + value - 1 + end;
    const bool lf = bytes[end] == '\n';
    const bool crlf = bytes[end] == '\r' && bytes[end + 1] == '\n';
    const bool at_end = stop == body_.size();  // the NUL after the body
    // A non-empty value; a "*" followed by "." and a domain.
    const bool shaped = end > domain && (!wildcard || bytes[2] == '.');
    if (!((lf || crlf || at_end) && shaped && detail::is_plain_domain(m, domain, end))) {
      return false;  // the exact path says why
    }
    const std::size_t next = stop + (lf ? 1 : 0) + (crlf ? 2 : 0);
    out = plain_field{stop, next, begin + 2, begin + value, stop, true};
    return true;
  }

  // Any other plain field: printable ASCII (%x20-7E) up to the terminator, a valid name
  // directly followed by ":", and a non-empty value.
  bool scan_plain_field(std::size_t begin, plain_field& out) const {
    // RFC 8461 §3.2: sts-policy-ext-name = alphanum *31(alphanum / "_" / "-" / "."),
    // directly followed by ":". Checked here on the first block, so for names of at most
    // 15 characters (longer ones take the exact path); this also rules out leading WSP.
    const detail::ascii_block first = detail::ascii_block::load(readable(begin));
    const std::uint32_t colons = first.equal_mask(':');
    if (colons == 0) return false;
    const std::size_t name_size = detail::first_bit(colons);
    const std::uint32_t non_ldh_dot = first.non_ldh_dot_mask();
    const std::uint32_t non_name = non_ldh_dot & ~first.equal_mask('_');
    const std::uint32_t non_alnum = non_ldh_dot | first.equal_mask('.') | first.equal_mask('-');
    if ((non_name & detail::low_bits(name_size)) != 0 || (non_alnum & 1) != 0) return false;
    // The end of the line: the first byte outside %x20-7E (NUL padding past the end of the
    // body is one too).
    std::size_t stop = begin;
    std::uint32_t ends = first.non_plain_mask();
    while (ends == 0) {
      stop += detail::block_size;
      ends = detail::ascii_block::load(readable(stop)).non_plain_mask();
    }
    stop += detail::first_bit(ends);
    const std::size_t next = after_terminator(stop);
    const std::size_t colon = begin + name_size;
    if (next == 0 || colon >= stop) return false;
    // sts-policy-field-delim = ":" *WSP; the value is what lies between WSP runs.
    std::size_t value_begin = colon + 1, value_end = stop;
    while (value_begin < stop && body_[value_begin] == ' ') ++value_begin;
    while (value_end > value_begin && body_[value_end - 1] == ' ') --value_end;
    if (value_begin == value_end) return false;
    out = plain_field{stop, next, colon, value_begin, value_end, false};
    return true;
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
    // RFC 8461 §3.2 (R-3.2-9): unknown fields are ignored; we keep them, in order.
    if (!sink_.add_extension(extension{name, o.value})) {
      return fail(error_code::POLICY_STORAGE_EXHAUSTED, o.name_offset);
    }
    return std::nullopt;
  }

  // Why value does not fit the production of registered field f, if it does not.
  std::optional<parse_error> check_value(std::size_t f, const occurrence& o) const {
    switch (f) {
      case version_field:  // sts-policy-version-value = %s"STSv1"
        if (o.value != "STSv1") return fail(error_code::POLICY_VERSION_VALUE, o.value_offset);
        return std::nullopt;
      case mode_field:
        if (!mode_from(o.value)) return fail(error_code::POLICY_MODE_VALUE, o.value_offset);
        return std::nullopt;
      default: {
        const bool fits = opt_.python_int_max_age ? python_int_from(o.value).has_value()
                                                  : max_age_from(o.value).has_value();
        if (!fits) return fail(error_code::POLICY_MAX_AGE_SYNTAX, o.value_offset);
        return std::nullopt;
      }
    }
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
      // RFC 8461 §3.2: mx is the one field that may repeat; each line adds a pattern.
      if (auto bad = check_mx(o)) {
        if (opt_.malformed_fields != malformed_registered_field::extension) return bad;
        if (!state_.first_bad_mx) state_.first_bad_mx = bad;
        return add_extension(name, o);  // fits only sts-policy-extension
      }
      return add_mx(o.value, o.name_offset);
    }
    if (const field_index f = registered_field(name); f != field_count) {
      field_state& s = state_.fields[f];
      ++s.named;
      if (opt_.duplicate_fields == duplicate_field::reject && s.named > 1) {
        return fail(error_code::POLICY_FIELD_DUPLICATE, o.name_offset);
      }
      if (s.named == 1) s.first_named = o.value;
      s.last_named = o.value;
      if (auto bad = check_value(f, o)) {
        switch (opt_.malformed_fields) {
          case malformed_registered_field::reject:
            return bad;
          case malformed_registered_field::validate_chosen:
            return std::nullopt;  // checked in finish() if this line is the chosen one
          case malformed_registered_field::extension:
            if (!s.first_bad) s.first_bad = bad;
            return add_extension(name, o);  // fits only sts-policy-extension
        }
      }
      if (++s.valid == 1) s.first_valid = o.value;
      s.last_valid = o.value;
      return std::nullopt;
    }
    return add_extension(name, o);
  }

  // A kept value as an occurrence (check_value reads only its value and value_offset).
  occurrence occurrence_at(std::string_view value) const {
    return occurrence{value, 0, static_cast<std::size_t>(value.data() - body_.data())};
  }

  // The value that counts for field f, after the duplicate rule.
  std::optional<parse_error> chosen(std::size_t f, std::string_view& out) const {
    const field_state& s = state_.fields[f];
    const bool last = opt_.duplicate_fields == duplicate_field::last;
    if (opt_.malformed_fields == malformed_registered_field::validate_chosen) {
      if (s.named > 0) {
        const std::string_view pick = (last ? s.last_named : s.first_named).view();
        if (auto bad = check_value(f, occurrence_at(pick))) return bad;
        out = pick;
        return std::nullopt;
      }
    } else if (s.valid > 0) {
      // RFC 8461 §3.2 (R-3.2-9): all but the first occurrence SHALL be ignored.
      out = (last ? s.last_valid : s.first_valid).view();
      return std::nullopt;
    }
    if (s.first_bad) return s.first_bad;  // say why the field is missing
    static constexpr std::array missing{error_code::POLICY_VERSION_MISSING,
                                        error_code::POLICY_MODE_MISSING,
                                        error_code::POLICY_MAX_AGE_MISSING};
    return fail(missing[f], body_.size());
  }

  std::optional<parse_error> finish(policy_view& out) {
    // RFC 8461 §3.2 (R-3.2-8): version, mode and max_age are required.
    std::string_view version, mode, max_age;
    if (auto e = chosen(version_field, version)) return e;
    if (auto e = chosen(mode_field, mode)) return e;
    if (auto e = chosen(max_age_field, max_age)) return e;
    out.version = version;
    out.mode = *mode_from(mode);
    out.max_age = opt_.python_int_max_age ? *python_int_from(max_age) : *max_age_from(max_age);
    // RFC 8461 §3.2: "with a maximum value of 31557600".
    if (out.max_age > max_age_ceiling_seconds) {
      switch (opt_.max_age_over_ceiling) {
        case max_age_ceiling::reject:
          return fail(error_code::POLICY_MAX_AGE_RANGE, occurrence_at(max_age).value_offset);
        case max_age_ceiling::clamp:
          out.max_age = max_age_ceiling_seconds;
          break;
        case max_age_ceiling::accept:
          break;
      }
    }
    // RFC 8461 §3.2 (R-3.2-8): mx is required at least once unless mode is none.
    if (out.mode != policy_mode::none && state_.mx_count == 0) {
      if (state_.first_bad_mx) return state_.first_bad_mx;
      return fail(error_code::POLICY_MX_MISSING, body_.size());
    }
    return std::nullopt;
  }

  std::string_view body_;
  const policy_options& opt_;
  Sink& sink_;
  parse_state state_;
  bool in_line_ = false;  // a line is being parsed: [line_begin_, line_end_]
  std::size_t line_begin_ = 0, line_end_ = 0;
  detail::padded_reader<detail::window_size> reader_;  // for the fast paths
  std::uint32_t lf_line_ = 1;      // its line number, counting LFs as make_error does
  std::size_t lf_line_start_ = 0;  // the offset after the last LF before it
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

}  // namespace

std::string_view to_string(policy_mode mode) noexcept {
  switch (mode) {
    case policy_mode::enforce:
      return "enforce";
    case policy_mode::testing:
      return "testing";
    case policy_mode::none:
      break;
  }
  return "none";
}

result<policy_view> parse_policy(std::string_view body, policy_storage storage,
                                 const policy_options& options) {
  span_sink sink{storage};
  policy_view view;
  if (auto e = policy_parser<span_sink>(body, options, sink).run(view)) return *e;
  view.mx = storage.mx.first(sink.mx);
  view.extensions = storage.extensions.first(sink.extensions);
  return view;
}

result<policy> parse_policy(std::string_view body, const policy_options& options) {
  policy out;
  owning_sink sink{out};
  policy_view view;
  if (auto e = policy_parser<owning_sink>(body, options, sink).run(view)) return *e;
  out.version = std::string(view.version);
  out.mode = view.mode;
  out.max_age = view.max_age;
  return out;
}

bool is_valid_policy(std::string_view body, const policy_options& options) {
  counting_sink sink;
  policy_view view;
  return !policy_parser<counting_sink>(body, options, sink).run(view).has_value();
}

policy to_policy(const policy_view& view) {
  policy out;
  out.version = std::string(view.version);
  out.mode = view.mode;
  out.max_age = view.max_age;
  out.mx.assign(view.mx.begin(), view.mx.end());
  for (const extension& e : view.extensions) out.extensions.emplace_back(e.name, e.value);
  return out;
}

std::string serialize(const policy& p, line_ending ending) {
  const std::string_view eol = ending == line_ending::crlf ? "\r\n" : "\n";
  std::string out;
  auto line = [&](std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    out += value;
    out += eol;
  };
  line("version", p.version);
  line("mode", to_string(p.mode));
  line("max_age", std::to_string(p.max_age));
  for (const std::string& mx : p.mx) line("mx", mx);
  for (const auto& [name, value] : p.extensions) line(name, value);
  return out;
}

}  // namespace mtasts
