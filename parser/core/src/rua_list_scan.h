// SPDX-License-Identifier: Apache-2.0
// Template body of scan_rua_list (see rua_list.h).
#pragma once

#include "char_class.h"

namespace mtasts::detail {

template <class OnUri>
rua_scan scan_rua_list(std::string_view s, std::size_t pos, OnUri&& on_uri) {
  auto fail = [&](error_code code, std::size_t at) {
    // A byte no record may hold keeps its charset token (RFC 8460 §3: US-ASCII, no CTLs).
    if (at < s.size() && is_non_ascii(s[at])) code = error_code::TLSRPT_NON_ASCII;
    if (at < s.size() && is_ctl(s[at]) && s[at] != '\t')
      code = error_code::TLSRPT_CONTROL_CHARACTER;
    // Every byte before `at` already fit the record (no LF), so the error is on line 1;
    // building it without make_error's rescan keeps many failed rua fields linear.
    return rua_scan{0, parse_error{code, at, 1, static_cast<std::uint32_t>(at + 1)}};
  };
  auto uri_error = [&](std::size_t at) {
    // ",," or a trailing "," leave an empty element where a URI should be.
    if (at == s.size() || s[at] == ',' || s[at] == ';' || is_wsp(s[at])) {
      return fail(error_code::TLSRPT_RUA_EMPTY_ELEMENT, at);
    }
    return fail(error_code::TLSRPT_RUA_URI_SYNTAX, at);
  };
  std::size_t at = pos;
  std::size_t count = 0;
  std::size_t uri_len = tlsrpt_uri_length(s.substr(at));
  if (uri_len == 0) return uri_error(at);
  std::size_t end = at + uri_len;
  ++count;
  while (true) {
    const std::size_t comma = [&] {
      std::size_t p = end;
      while (p < s.size() && is_wsp(s[p])) ++p;
      return p;
    }();
    if (comma == s.size() || s[comma] != ',') break;
    std::size_t next = comma + 1;
    while (next < s.size() && is_wsp(s[next])) ++next;
    uri_len = tlsrpt_uri_length(s.substr(next));
    if (uri_len == 0) return uri_error(next);
    end = next + uri_len;
    ++count;
  }
  if (end < s.size() && !is_wsp(s[end]) && s[end] != ';') {
    // The URI grammar stopped inside the value: a character a tlsrpt-uri may not hold.
    return fail(error_code::TLSRPT_RUA_URI_SYNTAX, end);
  }
  // Second pass: hand the URIs out now that the production is known to match.
  std::size_t p = pos;
  for (std::size_t i = 0; i < count; ++i) {
    while (s[p] == ',' || is_wsp(s[p])) ++p;
    const std::size_t len = tlsrpt_uri_length(s.substr(p));
    on_uri(s.substr(p, len));
    p += len;
  }
  return rua_scan{end, std::nullopt};
}

}  // namespace mtasts::detail
