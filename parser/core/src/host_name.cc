// SPDX-License-Identifier: Apache-2.0
// Host names as reference identifiers (RFC 6125 §6.4, RFC 5321 §4.1.2, RFC 1035 §2.3.4).
#include "mtasts/host_name.h"

#include "char_class.h"

namespace mtasts {

using detail::is_alnum;
using detail::is_non_ascii;

result<std::string_view> parse_host_name(std::string_view host) {
  auto fail = [&](error_code code, std::size_t at) { return make_error(code, host, at); };
  if (host.empty()) return fail(error_code::HOST_EMPTY, 0);
  std::string_view name = host;
  // an absolute name's trailing dot names the same host.
  if (name.back() == '.') name.remove_suffix(1);
  std::size_t label_start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      const std::size_t len = i - label_start;
      if (len == 0) return fail(error_code::HOST_EMPTY_LABEL, i);
      if (len > 63) return fail(error_code::HOST_LABEL_LENGTH, label_start + 63);
      // RFC 5321 §4.1.2: a label starts and ends with a letter or digit.
      if (name[label_start] == '-') return fail(error_code::HOST_HYPHEN, label_start);
      if (name[i - 1] == '-') return fail(error_code::HOST_HYPHEN, i - 1);
      label_start = i + 1;
      continue;
    }
    const char c = name[i];
    // RFC 6125 §6.4.2: U-labels must be converted to A-labels before comparison.
    if (is_non_ascii(c)) return fail(error_code::HOST_NON_ASCII, i);
    if (!is_alnum(c) && c != '-') return fail(error_code::HOST_CHARACTER, i);
  }
  if (name.size() > 253) return fail(error_code::HOST_NAME_LENGTH, 253);
  return name;
}

}  // namespace mtasts
