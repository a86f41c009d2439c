// RFC 8460 §4.3: the registered result types, and the policy types of §4.4.
#include <array>

#include "mtasts/tlsrpt_report.h"

namespace mtasts::tlsrpt {
namespace {

constexpr std::array<std::string_view, 11> kResultTypes = {
    // §4.3.1 negotiation failures
    "starttls-not-supported",
    "certificate-host-mismatch",
    "certificate-expired",
    "certificate-not-trusted",
    "validation-failure",
    // §4.3.2.1 DANE
    "tlsa-invalid",
    "dnssec-invalid",
    "dane-required",
    // §4.3.2.2 MTA-STS (sts-policy-fetch-error is in the RFC, not in the draft's registry)
    "sts-policy-fetch-error",
    "sts-policy-invalid",
    "sts-webpki-invalid",
};

}  // namespace

std::span<const std::string_view> registered_result_types() noexcept { return kResultTypes; }

bool is_registered_result_type(std::string_view result_type) noexcept {
  for (std::string_view t : kResultTypes) {
    if (t == result_type) return true;  // registry values are lower case; compare exactly
  }
  return false;
}

std::string_view to_string(policy_type type) noexcept {
  switch (type) {
    case policy_type::sts:
      return "sts";
    case policy_type::tlsa:
      return "tlsa";
    case policy_type::no_policy_found:
      return "no-policy-found";
  }
  return "sts";
}

std::optional<policy_type> policy_type_from_string(std::string_view text) noexcept {
  // RFC 8460 §4.4: "exactly" one of these three.
  if (text == "sts") return policy_type::sts;
  if (text == "tlsa") return policy_type::tlsa;
  if (text == "no-policy-found") return policy_type::no_policy_found;
  return std::nullopt;
}

}  // namespace mtasts::tlsrpt
