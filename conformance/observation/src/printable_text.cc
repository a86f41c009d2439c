// SPDX-License-Identifier: Apache-2.0
// Printable text (see printable_text.h).
#include "mtasts/observation/printable_text.h"

#include <algorithm>

#include "mtasts/utf8.h"

namespace mtasts::observation {
namespace {

// The length of the well-formed UTF-8 character at the start of `s`, or 0 when it starts
// with a byte that is not one.
std::size_t character_length(std::string_view s) {
  const auto lead = static_cast<unsigned char>(s.front());
  const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (s.size() < n || !is_valid_utf8(s.substr(0, n))) return 0;
  return n;
}

bool is_control_or_nonchar(std::string_view c) {
  const auto b0 = static_cast<unsigned char>(c[0]);
  if (c.size() == 1) return b0 < 0x20 || b0 == 0x7F;
  if (c.size() == 2) return b0 == 0xC2 && static_cast<unsigned char>(c[1]) < 0xA0;  // C1
  return c == "\xEF\xBF\xBE" || c == "\xEF\xBF\xBF";  // U+FFFE, U+FFFF: not XML 1.0
}

void append_escaped(std::string& out, std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  for (const char b : bytes) {
    const auto v = static_cast<unsigned char>(b);
    out += "\\x";
    out += hex[v >> 4];
    out += hex[v & 0xF];
  }
}

// Appends the printable form of bytes from `s` until `max_out` output bytes would be
// passed; returns how many input bytes were consumed.
std::size_t append_printable(std::string& out, std::string_view s, std::size_t max_out) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Printable ASCII stands for itself: a run of it is one append (most text is such runs).
    std::size_t run_end = i;
    while (run_end < s.size() && static_cast<unsigned char>(s[run_end]) >= 0x20 &&
           static_cast<unsigned char>(s[run_end]) < 0x7F)
      ++run_end;
    if (run_end > i) {
      const std::size_t take = std::min(run_end - i, max_out - out.size());
      out.append(s.substr(i, take));
      i += take;
      if (i < run_end) break;  // max_out reached inside the run
      continue;
    }
    const std::size_t n = character_length(s.substr(i));
    const std::string_view c = s.substr(i, std::max<std::size_t>(n, 1));
    const bool escape = n == 0 || is_control_or_nonchar(c);
    const std::size_t cost = escape ? 4 * c.size() : c.size();
    if (out.size() + cost > max_out) break;
    if (escape) {
      append_escaped(out, c);
    } else {
      out.append(c);
    }
    i += c.size();
  }
  return i;
}

}  // namespace

std::string printable_text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  append_printable(out, bytes, std::string::npos);
  return out;
}

std::string printable_prefix(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  const std::size_t used = append_printable(out, bytes, max_bytes);
  if (used < bytes.size()) out += " ... (" + std::to_string(bytes.size() - used) + " bytes more)";
  return out;
}

std::string_view utf8_tail(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) return bytes;
  std::size_t start = bytes.size() - max_bytes;
  // Skip continuation bytes (10xxxxxx): at most three belong to a cut character.
  for (int k = 0;
       k < 3 && start < bytes.size() && (static_cast<unsigned char>(bytes[start]) & 0xC0) == 0x80;
       ++k)
    ++start;
  return bytes.substr(start);
}

}  // namespace mtasts::observation
