// SPDX-License-Identifier: Apache-2.0
// Operator diagnostics for a policy body or an _mta-sts TXT record: every error and warning,
// each with its position, the offending line with invisible characters made visible, and a
// fix in plain words. The strict parsers stop at the first error; diagnose goes on, through
// the same rule functions, so its first error is always the parser's error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/options.h"

namespace mtasts {

enum class severity : std::uint8_t { error, warning };

std::string_view to_string(severity level) noexcept;

// The most diagnostics one call returns (docs/LIMITS.md); the parse behind it ends there.
inline constexpr std::size_t max_diagnostics = 100;

// Whether code is a warning (family POLICY_WARNING of error_tokens.def): input the parser
// accepts but that is dangerous or likely a mistake. A warning about a line the parser reads
// as an extension carries the error token its value would have had instead.
bool is_warning(error_code code) noexcept;

struct diagnostic {
  severity level = severity::error;
  error_code code{};         // its token: token(code)
  std::string_view token;    // token(code), for printing
  std::size_t offset = 0;    // byte offset into the input
  std::uint32_t line = 1;    // 1-based, counting LFs (as parse_error)
  std::uint32_t column = 1;  // 1-based, in bytes (as parse_error)
  std::string message;       // what is wrong, quoting the input
  std::string evidence;      // the offending line, invisible characters escaped
  std::string caret;         // spaces then '^' under the column in evidence
  std::string fix;           // what to write instead
};

// Every error (first: the one parse_policy reports under options) then every warning.
std::vector<diagnostic> diagnose_policy(std::string_view body, const policy_options& options = {});
// Every error (first: the one parse_txt_record reports under options) then every warning.
std::vector<diagnostic> diagnose_txt_record(std::string_view record,
                                            const txt_options& options = {});

// The operator text of one diagnostic: a headline, the evidence with its caret, the fix.
std::string render(const diagnostic& d);

// text with every byte outside printable ASCII written visibly: <TAB>, <CR>, <LF>, <U+00A0>
// for a UTF-8 character (<U+FEFF> for a BOM), <0xFF> for a byte that is not UTF-8.
std::string escape_invisible(std::string_view text);

}  // namespace mtasts
