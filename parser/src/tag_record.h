// The shared shape of the _mta-sts (RFC 8461 §3.1) and _smtp._tls (RFC 8460 §3) records:
//   record = version 1*(field-delim field) [field-delim]
//   field-delim = *WSP ";" *WSP
//   field = registered field / name "=" 1*(%x21-3A / %x3C / %x3E-7E)
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "mtasts/error.h"

namespace mtasts::detail {

// The tokens and literals that differ between the two records.
struct tag_grammar {
  std::string_view version;          // "v=STSv1" or "v=TLSRPTv1"
  std::string_view registered_name;  // "id" or "rua": value errors for it get registered_syntax
  error_code empty, non_ascii, control, version_missing, version_value, delimiter, empty_field,
      trailing_whitespace, field_syntax, name_syntax, value_syntax, registered_syntax;
};

extern const tag_grammar sts_tag_grammar;
extern const tag_grammar tlsrpt_tag_grammar;

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

// End of the generic value starting at pos (run of value characters).
std::size_t scan_tag_value(std::string_view s, std::size_t pos) noexcept;

// Skips *WSP.
std::size_t skip_wsp(std::string_view s, std::size_t pos) noexcept;

}  // namespace mtasts::detail

#include "tag_record_scan.h"
