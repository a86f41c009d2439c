// SPDX-License-Identifier: Apache-2.0
// RFC 8460 §4.3: the registered TLS-RPT result types, written once. The engine maps its
// failures onto them (tlsrpt_result_type in engine.h); mtasts::tlsrpt_report writes and
// checks them in reports.
#pragma once

#include <span>
#include <string_view>

namespace mtasts::engine {

namespace result_type {
// §4.3.1 negotiation failures
inline constexpr std::string_view starttls_not_supported = "starttls-not-supported";
inline constexpr std::string_view certificate_host_mismatch = "certificate-host-mismatch";
inline constexpr std::string_view certificate_expired = "certificate-expired";
inline constexpr std::string_view certificate_not_trusted = "certificate-not-trusted";
inline constexpr std::string_view validation_failure = "validation-failure";
// §4.3.2.1 DANE
inline constexpr std::string_view tlsa_invalid = "tlsa-invalid";
inline constexpr std::string_view dnssec_invalid = "dnssec-invalid";
inline constexpr std::string_view dane_required = "dane-required";
// §4.3.2.2 MTA-STS (sts-policy-fetch-error is in the RFC, not in the draft's registry)
inline constexpr std::string_view sts_policy_fetch_error = "sts-policy-fetch-error";
inline constexpr std::string_view sts_policy_invalid = "sts-policy-invalid";
inline constexpr std::string_view sts_webpki_invalid = "sts-webpki-invalid";
}  // namespace result_type

// Every registered result type, in the order above.
std::span<const std::string_view> registered_result_types() noexcept;
// Registry values are lower case and compare exactly.
bool is_registered_result_type(std::string_view result_type) noexcept;

}  // namespace mtasts::engine
