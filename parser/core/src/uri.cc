// SPDX-License-Identifier: Apache-2.0
// RFC 3986 §3 URI grammar, greedy longest-prefix matching.
#include "mtasts/uri.h"

#include "char_class.h"
#include "rua_list.h"

namespace mtasts {
namespace {

using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;
using detail::is_hexdig;

class uri_scanner {
 public:
  // restricted: RFC 8460 §3 tlsrpt-uri, where ',', '!' and ';' MUST be percent-encoded.
  uri_scanner(std::string_view s, bool restricted) : s_(s), restricted_(restricted) {}

  // RFC 3986 §3: URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
  std::size_t scan() const {
    // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    if (s_.empty() || !is_alpha(s_[0])) return 0;
    std::size_t p = 1;
    while (p < s_.size() && (is_alnum(s_[p]) || s_[p] == '+' || s_[p] == '-' || s_[p] == '.')) ++p;
    if (p == s_.size() || s_[p] != ':') return 0;
    ++p;
    if (s_.substr(p, 2) == "//") {
      p = authority(p + 2);
      if (p == npos) return 0;
      if (p < s_.size() && s_[p] == '/') p = path_chars(p);  // path-abempty = *( "/" segment )
    } else {
      p = path_chars(p);  // path-absolute / path-rootless / path-empty
    }
    if (p < s_.size() && s_[p] == '?') p = query_chars(p + 1);
    if (p < s_.size() && s_[p] == '#') p = query_chars(p + 1);
    return p;
  }

 private:
  static constexpr std::size_t npos = std::string_view::npos;

  bool is_unreserved(char c) const {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
  }
  bool is_sub_delim(char c) const {
    switch (c) {
      case '$':
      case '&':
      case '\'':
      case '(':
      case ')':
      case '*':
      case '+':
      case '=':
        return true;
      case '!':
      case ',':
      case ';':
        return !restricted_;
      default:
        return false;
    }
  }
  // Length of pct-encoded at p ("%" HEXDIG HEXDIG), else 0.
  std::size_t pct(std::size_t p) const {
    return p + 2 < s_.size() && s_[p] == '%' && is_hexdig(s_[p + 1]) && is_hexdig(s_[p + 2]) ? 3
                                                                                             : 0;
  }
  // unreserved / pct-encoded / sub-delims plus the extra characters; returns the end.
  template <class Extra>
  std::size_t run(std::size_t p, Extra extra) const {
    while (p < s_.size()) {
      const char c = s_[p];
      if (is_unreserved(c) || is_sub_delim(c) || extra(c)) {
        ++p;
      } else if (std::size_t n = pct(p)) {
        p += n;
      } else {
        break;
      }
    }
    return p;
  }
  // pchar = unreserved / pct-encoded / sub-delims / ":" / "@", plus "/" for paths.
  std::size_t path_chars(std::size_t p) const {
    return run(p, [](char c) { return c == ':' || c == '@' || c == '/'; });
  }
  // query = fragment = *( pchar / "/" / "?" )
  std::size_t query_chars(std::size_t p) const {
    return run(p, [](char c) { return c == ':' || c == '@' || c == '/' || c == '?'; });
  }
  // authority = [ userinfo "@" ] host [ ":" port ]
  std::size_t authority(std::size_t p) const {
    const std::size_t userinfo_end = run(p, [](char c) { return c == ':'; });
    if (userinfo_end < s_.size() && s_[userinfo_end] == '@') p = userinfo_end + 1;
    if (p < s_.size() && s_[p] == '[') {
      const std::size_t close = s_.find(']', p);
      // A malformed IP-literal is not part of the URI: the longest URI prefix ends before
      // it, with an empty reg-name host ("a://[" has the prefix "a://").
      if (close == npos || !ip_literal_body(s_.substr(p + 1, close - p - 1))) return p;
      p = close + 1;
    } else {
      p = run(p, [](char) { return false; });  // reg-name (covers IPv4address)
    }
    if (p < s_.size() && s_[p] == ':') {
      ++p;
      while (p < s_.size() && is_digit(s_[p])) ++p;  // port = *DIGIT
    }
    return p;
  }
  // IP-literal = "[" ( IPv6address / IPvFuture ) "]"
  bool ip_literal_body(std::string_view b) const {
    if (!b.empty() && (b[0] == 'v' || b[0] == 'V')) {
      // IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
      std::size_t i = 1;
      while (i < b.size() && is_hexdig(b[i])) ++i;
      if (i == 1 || i == b.size() || b[i] != '.') return false;
      ++i;
      if (i == b.size()) return false;
      for (; i < b.size(); ++i) {
        if (!is_unreserved(b[i]) && !is_sub_delim(b[i]) && b[i] != ':') return false;
      }
      return true;
    }
    return is_ipv6(b);
  }

  static bool is_ipv4(std::string_view s) {
    // IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
    std::size_t i = 0;
    for (int octet = 0; octet < 4; ++octet) {
      if (octet > 0) {
        if (i == s.size() || s[i] != '.') return false;
        ++i;
      }
      const std::size_t start = i;
      unsigned value = 0;
      while (i < s.size() && is_digit(s[i]) && i - start < 3)
        value = value * 10 + unsigned(s[i++] - '0');
      const std::size_t len = i - start;
      // dec-octet: 0-255 without leading zeros
      if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    }
    return i == s.size();
  }

  static bool is_ipv6(std::string_view s) {
    // RFC 3986 §3.2.2 IPv6address: 8 h16 groups, or fewer with one "::", and an optional
    // trailing ls32 written as an IPv4address.
    if (s.empty()) return false;
    int groups = 0;
    bool compressed = false;
    std::size_t i = 0;
    if (s.substr(0, 2) == "::") {
      compressed = true;
      i = 2;
      if (i == s.size()) return true;
    } else if (s[0] == ':') {
      return false;
    }
    while (i < s.size()) {
      if (groups <= 6 && is_ipv4(s.substr(i))) {
        groups += 2;  // ls32 as IPv4address ends the address
        break;
      }
      std::size_t len = 0;
      while (i + len < s.size() && is_hexdig(s[i + len])) ++len;
      if (len == 0 || len > 4) return false;
      ++groups;
      i += len;
      if (i == s.size()) break;
      if (s[i] != ':') return false;
      ++i;
      if (i < s.size() && s[i] == ':') {
        if (compressed) return false;
        compressed = true;
        ++i;
        if (i == s.size()) break;
      } else if (i == s.size()) {
        return false;
      }
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  std::string_view s_;
  bool restricted_;
};

}  // namespace

std::size_t uri_prefix_length(std::string_view text) noexcept {
  return uri_scanner(text, false).scan();
}

bool is_uri(std::string_view text) noexcept {
  return !text.empty() && uri_prefix_length(text) == text.size();
}

std::string_view uri_scheme(std::string_view uri) noexcept {
  const std::size_t colon = uri.find(':');
  return colon == std::string_view::npos ? std::string_view{} : uri.substr(0, colon);
}

namespace detail {
std::size_t tlsrpt_uri_length(std::string_view text) noexcept {
  return uri_scanner(text, true).scan();
}
}  // namespace detail

}  // namespace mtasts
