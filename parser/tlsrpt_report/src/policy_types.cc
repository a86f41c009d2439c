// SPDX-License-Identifier: Apache-2.0
// RFC 8460 §4.4: the policy types.
#include "mtasts/tlsrpt_report.h"

namespace mtasts::tlsrpt {

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
