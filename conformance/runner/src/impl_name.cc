// SPDX-License-Identifier: Apache-2.0
// Implementation names; see impl_name.h.
#include "mtasts/conformance/impl_name.h"

namespace mtasts::conformance {
namespace {

bool name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// A byte as the message shows it: printable ASCII as itself, anything else in hex.
std::string shown(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string("'") + c + "'";
  static const char hex[] = "0123456789abcdef";
  return std::string("byte 0x") + hex[byte >> 4] + hex[byte & 15];
}

}  // namespace

std::optional<std::string> impl_name_problem(std::string_view name) {
  const std::string rule = "an implementation name is letters, digits, '.', '_' and '-'";
  if (name.empty()) return "the implementation name is empty: " + rule;
  if (name.size() > max_impl_name_bytes)
    return "the implementation name is " + std::to_string(name.size()) + " bytes, more than " +
           std::to_string(max_impl_name_bytes);
  if (name == "." || name == "..") return "\"" + std::string(name) + "\" names a directory";
  for (const char c : name) {
    if (!name_char(c)) {
      std::string printable;
      for (const char p : name) printable += name_char(p) || p == '/' ? p : '?';
      std::string problem = "\"" + printable + "\" holds ";
      problem.append(shown(c)).append(": ").append(rule);
      return problem;
    }
  }
  return std::nullopt;
}

}  // namespace mtasts::conformance
