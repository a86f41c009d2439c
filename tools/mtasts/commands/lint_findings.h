// SPDX-License-Identifier: Apache-2.0
// The checks behind `mtasts lint`: pure functions from what a live run saw to findings for
// domain operators, each with a stable code, a severity and the RFC section it rests on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "mtasts/engine/engine.h"

namespace mtasts::cli {

enum class severity { error, warning, info, skipped };
std::string_view to_string(severity s);

struct finding {
  finding() = default;
  finding(std::string code_, severity level_, std::string rfc_, std::string message_,
          std::string token_ = {}, std::string subject_ = {})
      : code(std::move(code_)),
        level(level_),
        rfc(std::move(rfc_)),
        message(std::move(message_)),
        token(std::move(token_)),
        subject(std::move(subject_)) {}

  std::string code;  // stable, kebab-case: "max-age-short"
  severity level = severity::info;
  std::string rfc;                    // "RFC 8461 §3.2"
  std::string message;                // the problem in plain words, one line
  std::string token;                  // the error token behind it, when there is one ("" otherwise)
  std::string subject;                // the MX host, pattern or name concerned ("" otherwise)
  std::string meaning;                // what it makes senders do ("" when nothing)
  std::string fix;                    // what to change ("" when nothing)
  std::vector<std::string> evidence;  // what was seen, one line each (filled by the command)
};

// Plain words for the findings that carry an event token: title, meaning for senders and
// fix (operator_advice.h), for this domain and the mode of the policy in force.
void explain(std::vector<finding>& findings, std::string_view domain,
             std::optional<policy_mode> mode);

// "a, b, c" for evidence lines; "(none)" when there is nothing.
std::string comma_list(const std::vector<std::string>& items);

// Errors first, then warnings, info and skipped; stable within a severity.
void sort_by_severity(std::vector<finding>& findings);

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
// RFC 8461 §3.3: senders never use HTTP caching, but a cache in front of the Policy Host can
// serve the old file after a change: a response that says it came from a cache (Age) or may
// be kept longer than an hour (Cache-Control max-age or s-maxage).
std::vector<finding> lint_http_caching(const engine::https_response& response);
// RFC 8460 §3: the _smtp._tls record.
std::vector<finding> lint_tlsrpt(const engine::engine::tlsrpt_lookup_result& result,
                                 std::string_view domain);

// Adds the certificate judge's reason to the findings that report its verdict for host under
// rule: a Policy Host certificate failure (FETCH_CERT_*), or an MX host's (MX_CERT_*).
void add_certificate_reason(std::vector<finding>& findings, engine::name_rule rule,
                            std::string_view host, std::string_view reason);

finding skipped(std::string code, std::string rfc, std::string why);

}  // namespace mtasts::cli
