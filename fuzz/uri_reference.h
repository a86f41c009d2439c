// SPDX-License-Identifier: Apache-2.0
// An independent RFC 3986 §3 `URI` recognizer for differential fuzzing of mtasts/uri.h and the
// TLS-RPT rua list. Written from the ABNF by splitting at the delimiters that the grammar
// forbids inside each part ('#', '?', "//", '/', '@', ']', ':'), not by scanning greedily as the
// library does, so the two share no structure.
#pragma once

#include <cstddef>
#include <string_view>
#include "fuzz_support.h"  // MTASTS_FUZZ_HARNESS_BEGIN

MTASTS_FUZZ_HARNESS_BEGIN

namespace mtasts_fuzz::ref {

inline bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool digit(char c) { return c >= '0' && c <= '9'; }
inline bool hexdig(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline bool unreserved(char c) {
  return alpha(c) || digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
// restricted: RFC 8460 §3 tlsrpt-uri, where ',', '!' and ';' MUST be percent-encoded.
inline bool sub_delim(char c, bool restricted) {
  constexpr std::string_view all = "!$&'()*+,;=";
  if (restricted && (c == ',' || c == '!' || c == ';')) return false;
  return all.find(c) != std::string_view::npos;
}

// Every byte is unreserved / sub-delims / one of extra, or starts a pct-encoded triple.
inline bool chars(std::string_view s, std::string_view extra, bool restricted) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !hexdig(s[i + 1]) || !hexdig(s[i + 2])) return false;
      i += 2;
    } else if (!unreserved(c) && !sub_delim(c, restricted) &&
               extra.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// dec-octet: "0".."255" without leading zeros.
inline bool dec_octet(std::string_view s) {
  if (s.empty() || s.size() > 3) return false;
  for (char c : s) {
    if (!digit(c)) return false;
  }
  if (s.size() > 1 && s[0] == '0') return false;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v <= 255;
}

inline bool ipv4(std::string_view s) {
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    const std::string_view part =
        s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (!dec_octet(part)) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

inline bool h16(std::string_view s) {
  if (s.empty() || s.size() > 4) return false;
  for (char c : s) {
    if (!hexdig(c)) return false;
  }
  return true;
}

// Groups separated by ':' (no empty group); the last may be an IPv4address counting two.
// Returns the number of 16-bit pieces, or -1.
inline int pieces(std::string_view s, bool allow_ipv4_last) {
  if (s.empty()) return 0;
  int n = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = s.find(':', start);
    const bool last = colon == std::string_view::npos;
    const std::string_view g = s.substr(start, last ? s.npos : colon - start);
    if (last && allow_ipv4_last && g.find('.') != std::string_view::npos) {
      if (!ipv4(g)) return -1;
      n += 2;
    } else if (h16(g)) {
      n += 1;
    } else {
      return -1;
    }
    if (last) return n;
    start = colon + 1;
  }
}

// RFC 3986 §3.2.2 IPv6address: 8 pieces, or at most 7 around one "::".
inline bool ipv6(std::string_view s) {
  const std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) return pieces(s, true) == 8;
  if (s.find("::", gap + 1) != std::string_view::npos) return false;
  const int left = pieces(s.substr(0, gap), false);
  const int right = pieces(s.substr(gap + 2), true);
  return left >= 0 && right >= 0 && left + right <= 7;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
inline bool ipvfuture(std::string_view s, bool restricted) {
  if (s.empty() || (s[0] != 'v' && s[0] != 'V')) return false;
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos || dot == 1) return false;
  for (std::size_t i = 1; i < dot; ++i) {
    if (!hexdig(s[i])) return false;
  }
  const std::string_view tail = s.substr(dot + 1);
  if (tail.empty()) return false;
  for (char c : tail) {
    if (!unreserved(c) && !sub_delim(c, restricted) && c != ':') return false;
  }
  return true;
}

// authority = [ userinfo "@" ] host [ ":" port ]
inline bool authority(std::string_view a, bool restricted) {
  const std::size_t at = a.find('@');
  if (at != std::string_view::npos) {
    if (!chars(a.substr(0, at), ":", restricted)) return false;  // userinfo
    a = a.substr(at + 1);
  }
  std::string_view port;
  if (!a.empty() && a[0] == '[') {
    const std::size_t close = a.find(']');
    if (close == std::string_view::npos) return false;
    const std::string_view literal = a.substr(1, close - 1);
    if (!ipv6(literal) && !ipvfuture(literal, restricted)) return false;
    const std::string_view after = a.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return false;
      port = after.substr(1);
    }
  } else {
    const std::size_t colon = a.find(':');
    if (!chars(a.substr(0, colon), "", restricted)) return false;  // reg-name / IPv4address
    if (colon != std::string_view::npos) port = a.substr(colon + 1);
  }
  for (char c : port) {
    if (!digit(c)) return false;
  }
  return true;
}

// URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
inline bool uri(std::string_view s, bool restricted = false) {
  if (s.empty() || !alpha(s[0])) return false;
  std::size_t i = 1;
  while (i < s.size() && (alpha(s[i]) || digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
    ++i;
  if (i == s.size() || s[i] != ':') return false;
  std::string_view rest = s.substr(i + 1);
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    if (!chars(rest.substr(hash + 1), ":@/?", restricted)) return false;  // fragment
    rest = rest.substr(0, hash);
  }
  if (const std::size_t q = rest.find('?'); q != std::string_view::npos) {
    if (!chars(rest.substr(q + 1), ":@/?", restricted)) return false;  // query
    rest = rest.substr(0, q);
  }
  if (rest.substr(0, 2) == "//") {
    // "//" authority path-abempty
    const std::size_t slash = rest.find('/', 2);
    const std::string_view auth =
        rest.substr(2, slash == std::string_view::npos ? rest.npos : slash - 2);
    if (!authority(auth, restricted)) return false;
    if (slash == std::string_view::npos) return true;
    return chars(rest.substr(slash), ":@/", restricted);
  }
  // path-absolute / path-rootless / path-empty: pchars and '/', not starting with "//".
  return chars(rest, ":@/", restricted);
}

}  // namespace mtasts_fuzz::ref

MTASTS_FUZZ_HARNESS_END
