// SPDX-License-Identifier: Apache-2.0
// The observation of TLS-RPT aggregate reports (RFC 8460 §4), kind "tlsrpt-report": what
// `mtasts parse tlsrpt-report` and `mtasts build tlsrpt-report` print, what fixtures'
// parse_tlsrpt_report and build_tlsrpt_report steps expect and what level-P shims answer
// (conformance/schemas/parse-result.schema.json).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mtasts/observation/json.h"
#include "mtasts/observation/parse_result.h"

namespace mtasts::observation {

// "tlsrpt-report": the `kind` member of both observations.
inline constexpr std::string_view tlsrpt_report_kind = "tlsrpt-report";

// A received report, JSON or gzip (told apart by gzip's magic bytes):
// {"valid": true, "kind", organization_name, start_datetime, end_datetime, contact_info,
//  report_id, policy_count, total_successful_session_count, total_failure_session_count,
//  result_types (first seen first), policies [...], warnings [...]}, or
// {"valid": false, "kind", "error": {token, family, pointer, message}}.
observed observe_tlsrpt_report(std::string_view bytes);

// A report built from session results as an MTA would (fixtures/FORMAT.md,
// build_tlsrpt_report): the input is {organization_name, contact_info, report_id, day
// "YYYY-MM-DD", sessions [{policy {policy_type, policy_domain?, policy_string?, mx_host?},
// result "success"|"failure", count?, result_type | error, sending_mta_ip?, ...}]}. The
// answer is the observation of the report as written and read back, plus "report", the
// report's JSON document. input_error is set ("<pointer>: what") when the input is malformed.
struct build_observed {
  std::optional<observed> result;
  std::string input_error;
};
build_observed observe_tlsrpt_report_build(const json& input);

}  // namespace mtasts::observation
