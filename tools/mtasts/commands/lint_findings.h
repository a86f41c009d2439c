// SPDX-License-Identifier: Apache-2.0
// The checks behind `mtasts lint`: pure functions from what a live run saw to findings for
// domain operators, each with a stable code, a severity and the RFC section it rests on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mtasts/engine/engine.h"

namespace mtasts::cli {

enum class severity { error, warning, info, skipped };
std::string_view to_string(severity s);

struct finding {
  std::string code;  // stable, kebab-case: "max-age-short"
  severity level = severity::info;
  std::string rfc;      // "RFC 8461 §3.2"
  std::string message;  // one line for humans
  std::string token;    // the error token behind it, when there is one ("" otherwise)
  std::string subject;  // the MX host, pattern or name concerned ("" otherwise)
};

// Discovery and fetch failures from the engine's events (parser tokens included).
std::vector<finding> lint_lookup(const engine::lookup_result& lookup);
// max_age range and mode of the policy in force.
std::vector<finding> lint_policy(const mtasts::policy& policy);
// §4.1: patterns matching none of the MX hosts, and MX hosts matched by no pattern.
std::vector<finding> lint_mx_coverage(const mtasts::policy& policy,
                                      const std::vector<std::string>& mx_hosts);
// §4.2: MX hosts that would fail validation under enforce (STARTTLS, certificate).
std::vector<finding> lint_mx_validation(engine::engine& engine, const mtasts::policy& policy,
                                        const std::vector<engine::mx_observation>& mx);
// §3.1: the policy changed while the TXT id did not. previous is a `mtasts record` fixture.
std::vector<finding> lint_id_change(const nlohmann::json& previous,
                                    const engine::lookup_result& lookup);
// RFC 8460 §3: the _smtp._tls record.
std::vector<finding> lint_tlsrpt(const engine::engine::tlsrpt_lookup_result& result);

// Adds the certificate judge's reason to the findings that report its verdict for host under
// rule: a Policy Host certificate failure (FETCH_CERT_*), or an MX host's (MX_CERT_*).
void add_certificate_reason(std::vector<finding>& findings, engine::name_rule rule,
                            std::string_view host, std::string_view reason);

finding skipped(std::string code, std::string rfc, std::string why);

}  // namespace mtasts::cli
