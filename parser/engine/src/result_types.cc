// SPDX-License-Identifier: Apache-2.0
// The registered TLS-RPT result types (see result_types.h).
#include "mtasts/engine/result_types.h"

#include <array>

namespace mtasts::engine {
namespace {

constexpr std::array<std::string_view, 11> registry = {
    result_type::starttls_not_supported, result_type::certificate_host_mismatch,
    result_type::certificate_expired,    result_type::certificate_not_trusted,
    result_type::validation_failure,     result_type::tlsa_invalid,
    result_type::dnssec_invalid,         result_type::dane_required,
    result_type::sts_policy_fetch_error, result_type::sts_policy_invalid,
    result_type::sts_webpki_invalid,
};

}  // namespace

std::span<const std::string_view> registered_result_types() noexcept { return registry; }

bool is_registered_result_type(std::string_view type) noexcept {
  for (std::string_view t : registry) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace mtasts::engine
