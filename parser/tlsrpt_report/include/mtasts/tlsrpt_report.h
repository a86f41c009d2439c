// SPDX-License-Identifier: Apache-2.0
// mtasts::tlsrpt_report: SMTP TLS Reporting aggregate reports (RFC 8460 §4). Builds the JSON
// report from session results, and parses incoming reports tolerantly.
//
// Nothing here throws across the API. The builder writes plain JSON text; compressing it for
// delivery and sending it (RFC 8460 §5) are out of scope. The reader takes JSON or its gzip
// form ("application/tlsrpt+gzip", §5.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/engine/engine.h"
#include "mtasts/engine/ports.h"
#include "mtasts/engine/result_types.h"
#include "mtasts/error.h"
#include "mtasts/policy.h"

namespace mtasts::tlsrpt {

using engine::unix_seconds;

// --- result types (RFC 8460 §4.3) --------------------------------------------------------

// The registry of result types lives with the engine, which maps failures onto them.
using engine::is_registered_result_type;
using engine::registered_result_types;

// --- dates (RFC 3339 §5.6) ---------------------------------------------------------------

// "2026-11-28T00:00:00Z". Times outside 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z are
// clamped to that range (a date-time has four year digits).
std::string format_rfc3339(unix_seconds t);
// An RFC 3339 §5.6 date-time: "T" (or "t") between date and time, an optional fraction
// (truncated to the second), "Z" (or "z") or a +hh:mm / -hh:mm offset; second 60 (a leap
// second) counts as the next second. nullopt when malformed or not a calendar date.
std::optional<unix_seconds> parse_rfc3339(std::string_view text) noexcept;

// --- the report model --------------------------------------------------------------------

enum class policy_type : std::uint8_t { sts, tlsa, no_policy_found };
std::string_view to_string(policy_type type) noexcept;  // "sts", "tlsa", "no-policy-found"
std::optional<policy_type> policy_type_from_string(std::string_view text) noexcept;

// The "policy" object of a policies entry.
struct policy_description {
  policy_type type = policy_type::sts;
  // STS: the policy's lines, one string per line (§4.5). Empty: the field is omitted.
  std::vector<std::string> policy_string;
  std::string policy_domain;  // A-labels (MUST)
  // The policy's mx patterns (A-labels). RFC 8460 defines mx-host as one string: with one
  // pattern the builder writes a string, with several an array of strings (as large
  // reporters do, A-28), with none the field is omitted. The parser accepts either form.
  std::vector<std::string> mx_host;

  friend bool operator==(const policy_description&, const policy_description&) = default;
};

// One failed session's identity; identical ones aggregate into one failure-details entry.
// Optional fields are omitted from the JSON when unset (A-28: a fetch error has no MX).
struct session_failure {
  std::string result_type;
  std::optional<std::string> sending_mta_ip;
  std::optional<std::string> receiving_mx_hostname;
  std::optional<std::string> receiving_mx_helo;
  std::optional<std::string> receiving_ip;
  std::optional<std::string> failure_reason_code;
  std::optional<std::string> additional_information;  // a URI

  [[nodiscard]] bool registered() const noexcept { return is_registered_result_type(result_type); }
  friend bool operator==(const session_failure&, const session_failure&) = default;
};

struct failure_detail : session_failure {
  std::uint64_t failed_session_count = 0;
  friend bool operator==(const failure_detail&, const failure_detail&) = default;
};

struct policy_report {
  policy_description policy;
  std::uint64_t total_successful_session_count = 0;
  std::uint64_t total_failure_session_count = 0;
  std::vector<failure_detail> failure_details;  // always written, possibly empty

  friend bool operator==(const policy_report&, const policy_report&) = default;
};

struct report {
  std::string organization_name;
  std::string start_datetime;  // RFC 3339 date-time, as written
  std::string end_datetime;
  std::string contact_info;  // an RFC 5321 addr-spec; empty when a parsed report omits it
  std::string report_id;
  std::vector<policy_report> policies;  // R-8460-4-2: always an array in the JSON

  friend bool operator==(const report&, const report&) = default;
};

// The report as RFC 8460 §4 JSON (I-JSON: invalid UTF-8 in a string is replaced by U+FFFD).
// indent < 0: compact, one line; otherwise pretty-printed with that many spaces.
std::string to_json(const report& r, int indent = -1);

// --- building ----------------------------------------------------------------------------

struct report_metadata {
  std::string organization_name;
  unix_seconds start = 0;  // R-8460-4.1 (SHOULD): one full UTC day, 00:00:00Z to 00:00:00Z
  unix_seconds end = 0;
  std::string contact_info;
  std::string report_id;
};

// The policy description of an STS policy: policy-string is the canonical serialization
// (mtasts::serialize), one string per line; mx-host holds the mx patterns.
policy_description sts_policy_description(std::string_view policy_domain,
                                          const mtasts::policy& policy);
// A policy body split into its lines (LF or CRLF), without the line endings; a final
// empty line is dropped. For reporting the policy exactly as it was fetched.
std::vector<std::string> policy_string_lines(std::string_view policy_text);

// Accumulates session results per policy. Counts saturate at UINT64_MAX. Not thread-safe.
class aggregator {
 public:
  // The index of the policy, added when no identical description was added before.
  std::size_t add_policy(const policy_description& policy);

  // Each returns false, changing nothing, when policy is not an index add_policy returned.
  bool add_success(std::size_t policy, std::uint64_t sessions = 1);
  // failure.result_type is kept as given, registered or not (see session_failure::registered).
  bool add_failure(std::size_t policy, const session_failure& failure, std::uint64_t sessions = 1);
  // An engine failure: result_type becomes engine::tlsrpt_result_type(code) and, when unset,
  // failure_reason_code becomes the error token (RFC 8460 §4.3: SHOULD be filled in).
  // Returns false, counting nothing, for codes that are not reported (§4.3.4, e.g. DNS).
  bool add_failure(std::size_t policy, error_code code, session_failure context,
                   std::uint64_t sessions = 1);
  // An MX verdict: valid counts a success; a failure is added as above, with
  // receiving_mx_hostname set from the verdict when the context leaves it unset.
  bool add_verdict(std::size_t policy, const engine::mx_verdict& verdict,
                   session_failure context = {}, std::uint64_t sessions = 1);

  [[nodiscard]] std::size_t policy_count() const noexcept { return policies_.size(); }

  // The report: policies in the order added, failure-details in first-seen order.
  [[nodiscard]] report build(const report_metadata& metadata) const;

 private:
  std::vector<policy_report> policies_;
};

// --- parsing incoming reports ------------------------------------------------------------

// The reader's limits (docs/LIMITS.md). A report is JSON text of at most max_report_bytes,
// also after decompression, so a gzip bomb stops there; its arrays and objects nest at most
// max_report_depth levels (a report needs 4), so no input reaches a deep recursion.
inline constexpr std::size_t max_report_bytes = std::size_t{16} << 20;
inline constexpr std::size_t max_report_depth = 32;
// R-8460-4-1 (I-JSON, RFC 7493 §2.2): the largest integer every JSON reader keeps exactly.
inline constexpr std::uint64_t max_exact_integer = (std::uint64_t{1} << 53) - 1;

struct report_parse_result {
  std::optional<report> value;        // set when the report was accepted
  std::vector<std::string> warnings;  // "<JSON pointer>: what", e.g. unregistered result types
  // Set when rejected: a TLSRPT_REPORT_ token, the JSON pointer (RFC 6901) of the offending
  // member ("" the whole report; a missing member's would-be place), and
  // "<pointer or />: what was expected".
  std::optional<error_code> code;
  std::string pointer;
  std::string error;

  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
};

// Parses an RFC 8460 §4 report (JSON text, not compressed). Strict where the RFC says MUST:
// I-JSON (R-8460-4-1: well-formed UTF-8, no duplicate member names at any depth, integers
// within 2^53-1), nothing after the value, the limits above; required members
// organization-name, date-range with start-datetime <= end-datetime (RFC 3339), report-id,
// policies (an array, R-8460-4-2) with policy.policy-type and summary; counts non-negative
// integers. Tolerated: mx-host as a string or an array of strings; policy-string,
// policy-domain, mx-host, contact-info and failure-details absent; unknown members (ignored);
// unregistered result types (kept, with a warning naming them). Never throws.
report_parse_result parse_report(std::string_view json) noexcept;

// RFC 8460 §5.3: a report as received, JSON or gzip-compressed JSON, told apart by gzip's
// magic bytes 1f 8b; decompressed to at most max_report_bytes, then parse_report. Never throws.
report_parse_result parse_report_bytes(std::string_view bytes) noexcept;

}  // namespace mtasts::tlsrpt
