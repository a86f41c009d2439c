// SPDX-License-Identifier: Apache-2.0
// The three textual grammars the mutators know, and the field names each registers.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace mtasts_fuzz::mutators {

enum class grammar : std::uint8_t {
  sts_txt,  // the _mta-sts TXT record (RFC 8461 §3.1): v=STSv1; id=...; ext=...
  tlsrpt,   // the _smtp._tls TXT record (RFC 8460 §3): v=TLSRPTv1; rua=...; ext=...
  policy,   // the policy body (RFC 8461 §3.2): `name: value` lines
};

inline constexpr grammar all_grammars[] = {grammar::sts_txt, grammar::tlsrpt, grammar::policy};

// Field names the grammar gives a meaning to (everything else is an extension).
std::span<const std::string_view> registered_names(grammar g) noexcept;

}  // namespace mtasts_fuzz::mutators
