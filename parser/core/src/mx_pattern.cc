// SPDX-License-Identifier: Apache-2.0
// Policy mx patterns (RFC 8461 §3.2) and MX host matching (RFC 8461 §4.1).
#include "mtasts/mx_pattern.h"

#include "char_class.h"
#include "mtasts/host_name.h"

namespace mtasts {

using detail::is_alnum;
using detail::is_non_ascii;

result<mx_pattern> parse_mx_pattern(std::string_view text, bool allow_trailing_dot) {
  auto fail = [&](error_code code, std::size_t at) { return make_error(code, text, at); };
  if (text.empty()) return fail(error_code::MX_PATTERN_EMPTY, 0);
  mx_pattern out;
  std::size_t start = 0;
  // sts-policy-mx-value = ["*."] Domain: "*" only as the whole first label.
  if (text[0] == '*') {
    if (text.size() < 3 || text[1] != '.') return fail(error_code::MX_PATTERN_WILDCARD, 0);
    out.wildcard = true;
    start = 2;
  }
  std::size_t end = text.size();
  // a trailing dot does not fit RFC 5321 Domain; a relaxation accepts one.
  if (text.back() == '.' && end - start > 1 && text[end - 2] != '.') {
    if (!allow_trailing_dot) return fail(error_code::MX_PATTERN_TRAILING_DOT, end - 1);
    --end;
  }
  // RFC 5321 §4.1.2: Domain = sub-domain *("." sub-domain);
  // sub-domain = Let-dig [Ldh-str]; Ldh-str = *( ALPHA / DIGIT / "-" ) Let-dig
  // the grammar sets no length, so single, all-numeric and long labels are accepted.
  std::size_t label_start = start;
  for (std::size_t i = start; i <= end; ++i) {
    if (i == end || text[i] == '.') {
      if (i == label_start) return fail(error_code::MX_PATTERN_EMPTY_LABEL, i);
      if (text[label_start] == '-') return fail(error_code::MX_PATTERN_HYPHEN, label_start);
      if (text[i - 1] == '-') return fail(error_code::MX_PATTERN_HYPHEN, i - 1);
      label_start = i + 1;
      continue;
    }
    const char c = text[i];
    if (c == '*') return fail(error_code::MX_PATTERN_WILDCARD, i);
    // RFC 8461 §3.2 (R-3.2-7): internationalized names appear as A-labels.
    if (is_non_ascii(c)) return fail(error_code::MX_PATTERN_NON_ASCII, i);
    if (!is_alnum(c) && c != '-') return fail(error_code::MX_PATTERN_CHARACTER, i);
  }
  out.domain = text.substr(start, end - start);
  return out;
}

bool mx_pattern_matches(const mx_pattern& pattern, std::string_view reference) noexcept {
  // an invalid host matches nothing; A-15: its trailing dot is dropped.
  const result<std::string_view> valid_host = parse_host_name(reference);
  if (!valid_host.ok()) return false;
  const std::string_view host = valid_host.value();
  // RFC 8461 §4.1: a pattern without "*" matches only the identical name; A-16: ASCII
  // case-insensitively, bytes >= 0x80 never folded.
  if (!pattern.wildcard) return ascii_iequals(pattern.domain, host);
  // R-4.1-2: "*" matches exactly one whole left-most label (A-17: even "*.com" matches so).
  const std::size_t dot = host.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  return ascii_iequals(host.substr(dot + 1), pattern.domain);
}

mx_match match_mx(std::string_view pattern, std::string_view host) {
  result<mx_pattern> p = parse_mx_pattern(pattern);
  if (!p.ok()) return {false, p.error()};
  result<std::string_view> h = parse_host_name(host);
  if (!h.ok()) return {false, h.error()};
  return {mx_pattern_matches(p.value(), h.value()), std::nullopt};
}

std::string serialize(const mx_pattern& pattern) {
  std::string out = pattern.wildcard ? "*." : "";
  out += pattern.domain;
  return out;
}

}  // namespace mtasts
