// SPDX-License-Identifier: Apache-2.0
// The shared shape of the _mta-sts (RFC 8461 §3.1) and _smtp._tls (RFC 8460 §3) records:
// US-ASCII key=value pairs separated by semicolons (R-3.1-2),
//   record = version 1*(field-delim field) [field-delim]
//   field-delim = *WSP ";" *WSP
//   field = registered field / name "=" 1*(%x21-3A / %x3C / %x3E-7E)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "ascii_block.h"
#include "char_class.h"
#include "mtasts/error.h"

namespace mtasts::detail {

// The tokens and literals that differ between the two records.
struct tag_grammar {
  std::string_view version;          // "v=STSv1" or "v=TLSRPTv1"
  std::string_view registered_name;  // "id" or "rua": value errors for it get registered_syntax
  error_code empty, non_ascii, control, version_missing, version_value, delimiter, empty_field,
      trailing_whitespace, field_syntax, name_syntax, value_syntax, registered_syntax;
};

// Constants in the header, so the scanner instantiated for one record compares against
// literals the compiler sees (no memcmp calls).
inline constexpr tag_grammar sts_tag_grammar{
    "v=STSv1",
    "id",
    error_code::TXT_EMPTY,
    error_code::TXT_NON_ASCII,
    error_code::TXT_CONTROL_CHARACTER,
    error_code::TXT_VERSION_MISSING,
    error_code::TXT_VERSION_VALUE,
    error_code::TXT_DELIMITER,
    error_code::TXT_EMPTY_FIELD,
    error_code::TXT_TRAILING_WHITESPACE,
    error_code::TXT_FIELD_SYNTAX,
    error_code::TXT_EXTENSION_NAME_SYNTAX,
    error_code::TXT_EXTENSION_VALUE_SYNTAX,
    error_code::TXT_ID_SYNTAX,
};

inline constexpr tag_grammar tlsrpt_tag_grammar{
    "v=TLSRPTv1",
    "rua",
    error_code::TLSRPT_EMPTY,
    error_code::TLSRPT_NON_ASCII,
    error_code::TLSRPT_CONTROL_CHARACTER,
    error_code::TLSRPT_VERSION_MISSING,
    error_code::TLSRPT_VERSION_VALUE,
    error_code::TLSRPT_DELIMITER,
    error_code::TLSRPT_EMPTY_FIELD,
    error_code::TLSRPT_TRAILING_WHITESPACE,
    error_code::TLSRPT_FIELD_SYNTAX,
    error_code::TLSRPT_EXTENSION_NAME_SYNTAX,
    error_code::TLSRPT_EXTENSION_VALUE_SYNTAX,
    error_code::TLSRPT_RUA_URI_SYNTAX,
};

struct tag_scan_options {
  bool allow_trailing_whitespace = false;
  bool allow_empty_fields = false;
};

// A field as the generic production saw it.
struct tag_field {
  std::string_view name;
  std::string_view value;
  std::size_t name_offset;
  std::size_t value_offset;
  bool alnum_value;  // every byte of value is ALPHA / DIGIT (learnt while scanning it)
};

// Calls visitor.special(name, value_offset) for a field named grammar.registered_name
// before the generic production: it returns the end offset of the registered production
// when it matches there, or nullopt (and may record why). Otherwise, or when special
// declines, the generic production is parsed and visitor.field(tag_field) is called; if
// special declined and the generic production fails too, visitor.special_error() gives
// the error to report. Returns the first syntax error, or nullopt when the record fits.
template <class Visitor>
std::optional<parse_error> scan_tag_record(std::string_view s, const tag_grammar& g,
                                           const tag_scan_options& opt, Visitor& visitor);

// Classifies an unexpected byte: a CTL other than HTAB or a non-ASCII byte gets the
// charset token, anything else `fallback`.
error_code classify_unexpected(char c, const tag_grammar& g, error_code fallback) noexcept;

// End of the generic value starting at pos (run of value characters), byte by byte.
inline std::size_t scan_tag_value(std::string_view s, std::size_t pos) noexcept {
  while (pos < s.size() && in_class(s[pos], tag_value_class)) ++pos;
  return pos;
}

// Masks of the block_size bytes of s from pos, Mask(block) choosing which. Fewer than
// block_size bytes may remain: then the block that ends with s is loaded (no copy, so no
// store-forwarding stall) and its mask shifted down to pos; a stop mask gets the bit just
// past the end set, as if a byte no rule admits followed s. Requires s.size() >= block_size.
template <class Mask>
std::uint32_t block_mask(std::string_view s, std::size_t pos, bool stop, Mask mask) noexcept {
  if (s.size() - pos >= block_size) return mask(ascii_block::load(s.data() + pos));
  const std::size_t shift = pos - (s.size() - block_size);
  const std::uint32_t end = stop ? std::uint32_t{1} << (block_size - shift) : 0;
  return (mask(ascii_block::load(s.data() + s.size() - block_size)) >> shift) | end;
}

// A run of value characters: where it ends, and whether it is alphanumeric (the sts-id rule).
struct value_run {
  std::size_t end;
  bool alnum;
};
inline value_run scan_value_run(std::string_view s, std::size_t pos) noexcept {
  if (s.size() < block_size) {  // a record too short to load a block from
    const std::size_t end = scan_tag_value(s, pos);
    bool alnum = true;
    for (std::size_t i = pos; i < end; ++i) alnum = alnum && in_class(s[i], alnum_class);
    return {end, alnum};
  }
  bool alnum = true;
  for (;; pos += block_size) {
    const std::uint32_t stops =
        block_mask(s, pos, true, [](const ascii_block& b) { return b.non_tag_value_mask(); });
    const std::uint32_t alnums =
        block_mask(s, pos, false, [](const ascii_block& b) { return b.alnum_mask(); });
    const std::uint32_t before = stops == 0 ? 0xFFFFu : (stops & (0u - stops)) - 1;
    alnum = alnum && (before & ~alnums) == 0;
    if (stops != 0) return {pos + first_bit(stops), alnum};
  }
}

// End of the run of ext-name characters (ALPHA / DIGIT / "_" / "-" / ".") starting at pos.
inline std::size_t scan_ext_name_chars(std::string_view s, std::size_t pos) noexcept {
  if (s.size() < block_size) {
    while (pos < s.size() && in_class(s[pos], ext_name_class)) ++pos;
    return pos;
  }
  for (;; pos += block_size) {
    const std::uint32_t stops = block_mask(s, pos, true, [](const ascii_block& b) {
      return b.non_ldh_dot_mask() & ~b.equal_mask('_');
    });
    if (stops != 0) return pos + first_bit(stops);
  }
}

// Skips *WSP.
inline std::size_t skip_wsp(std::string_view s, std::size_t pos) noexcept {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  return pos;
}

}  // namespace mtasts::detail

#include "tag_record_scan.h"
