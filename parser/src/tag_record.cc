// Shared pieces of the TXT and TLS-RPT record scanners.
#include "tag_record.h"

namespace mtasts::detail {

const tag_grammar sts_tag_grammar{
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

const tag_grammar tlsrpt_tag_grammar{
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

error_code classify_unexpected(char c, const tag_grammar& g, error_code fallback) noexcept {
  if (is_non_ascii(c)) return g.non_ascii;
  if (is_ctl(c) && c != '\t') return g.control;
  return fallback;
}

std::size_t scan_tag_value(std::string_view s, std::size_t pos) noexcept {
  while (pos < s.size() && is_tag_value_char(s[pos])) ++pos;
  return pos;
}

std::size_t skip_wsp(std::string_view s, std::size_t pos) noexcept {
  while (pos < s.size() && is_wsp(s[pos])) ++pos;
  return pos;
}

}  // namespace mtasts::detail
