// SPDX-License-Identifier: Apache-2.0
// The engine's idna_port with libidn2 (see mtasts/libidn2_idna.h).
#include "mtasts/libidn2_idna.h"

#include <idn2.h>

#include <algorithm>
#include <memory>
#include <new>

#include "mtasts/ascii.h"
#include "mtasts/utf8.h"

namespace mtasts::engine {
namespace {

// libidn2 allocates its answers; this gives them back.
struct idn2_deleter {
  void operator()(void* p) const noexcept { idn2_free(p); }
};
using idn2_string = std::unique_ptr<char, idn2_deleter>;

// RFC 5891 §5 with UTS #46 §4 non-transitional processing (so 'ß' stays 'ß'). Not
// IDN2_USE_STD3_ASCII_RULES: libidn2 2.3 then drops '_' or ' ' silently instead of refusing
// them; parse_host_name() refuses them in the result instead.
constexpr int lookup_flags = IDN2_NONTRANSITIONAL;

bool is_ascii(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// What a libidn2 return code means for a host name, as one of our tokens.
error_code token_for(int rc) {
  switch (rc) {
    case IDN2_ENCODING_ERROR:
    case IDN2_ICONV_FAIL:
      return error_code::HOST_IDNA_UTF8;
    case IDN2_DISALLOWED:
    case IDN2_UNASSIGNED:
    case IDN2_CONTEXTJ:
    case IDN2_CONTEXTJ_NO_RULE:
    case IDN2_CONTEXTO:
    case IDN2_CONTEXTO_NO_RULE:
    case IDN2_INVALID_TRANSITIONAL:
    case IDN2_INVALID_NONTRANSITIONAL:
      return error_code::HOST_IDNA_DISALLOWED;
    case IDN2_BIDI:
      return error_code::HOST_IDNA_BIDI;
    case IDN2_TOO_BIG_LABEL:
    case IDN2_PUNYCODE_BIG_OUTPUT:  // the punycode does not fit a 63-octet label
      return error_code::HOST_LABEL_LENGTH;
    case IDN2_TOO_BIG_DOMAIN:
      return error_code::HOST_NAME_LENGTH;
    case IDN2_HYPHEN_STARTEND:
      return error_code::HOST_HYPHEN;
    default:  // a leading combining mark, "--" in positions 3-4, punycode limits, ...
      return error_code::HOST_IDNA_INVALID;
  }
}

// libidn2's lookup of one NUL-free label (it may map a dot variant and so return two).
int lookup(const std::string& label, idn2_string& out) {
  uint8_t* answer = nullptr;
  const int rc =
      idn2_lookup_u8(reinterpret_cast<const uint8_t*>(label.c_str()), &answer, lookup_flags);
  out.reset(reinterpret_cast<char*>(answer));
  if (rc == IDN2_MALLOC) throw std::bad_alloc();
  return rc;
}

// R-5891-5.4: an "xn--" label is an A-label only when it decodes to a valid U-label whose
// A-label is the same string (RFC 5891 §5.4, RFC 5890 §2.3.2.1).
bool round_trips(const std::string& a_label) {
  char* decoded = nullptr;
  const int rc = idn2_to_unicode_8z8z(a_label.c_str(), &decoded, 0);
  const idn2_string u_label(decoded);
  if (rc == IDN2_MALLOC) throw std::bad_alloc();
  if (rc != IDN2_OK || u_label == nullptr) return false;
  idn2_string encoded;
  if (lookup(u_label.get(), encoded) != IDN2_OK) return false;
  return a_label == encoded.get();
}

// One label (no ASCII '.') of name at offset: its A-label form, or why it has none.
result<std::string> label_to_ascii(std::string_view name, std::string_view label,
                                   std::size_t offset) {
  if (label.empty()) return std::string();
  if (const std::size_t nul = label.find('\0'); nul != std::string_view::npos) {
    return make_error(error_code::HOST_CHARACTER, name, offset + nul);
  }
  if (is_ascii(label)) {
    std::string lower = ascii_lower(label);
    if (lower.starts_with("xn--") && !round_trips(lower)) {
      return make_error(error_code::HOST_IDNA_NOT_ROUND_TRIP, name, offset);
    }
    return lower;
  }
  // R-5891-5.4: a U-label is well-formed UTF-8 before anything else.
  if (!is_valid_utf8(label)) return make_error(error_code::HOST_IDNA_UTF8, name, offset);
  // R-6125-6.4.2: the U-label's A-label, by UTS #46 non-transitional processing.
  idn2_string a_label;
  if (const int rc = lookup(std::string(label), a_label); rc != IDN2_OK) {
    return make_error(token_for(rc), name, offset);
  }
  return std::string(a_label.get());
}

}  // namespace

result<std::string> libidn2_idna::to_ascii(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 16);
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::size_t end = dot == std::string_view::npos ? name.size() : dot;
    result<std::string> label = label_to_ascii(name, name.substr(start, end - start), start);
    if (!label.ok()) return label.error();
    out += label.value();
    if (dot == std::string_view::npos) return out;
    out += '.';
    start = dot + 1;
  }
}

}  // namespace mtasts::engine
