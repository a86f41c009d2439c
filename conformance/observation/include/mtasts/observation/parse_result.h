// SPDX-License-Identifier: Apache-2.0
// The observation of every parse-level question: what `mtasts parse|match|cert-match` print,
// what fixtures' parse steps expect and what level-P shims answer
// (conformance/schemas/parse-result.schema.json). One function per question.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mtasts/engine/idna.h"
#include "mtasts/error.h"
#include "mtasts/observation/json.h"
#include "mtasts/options.h"
#include "mtasts/txt_record.h"

namespace mtasts::observation {

enum class record_kind : std::uint8_t { txt, policy, tlsrpt };

// "txt", "policy", "tlsrpt": the `kind` member of every parse result.
std::string_view to_string(record_kind kind) noexcept;

// What the observation says about its question (the CLI's exit status follows it).
enum class verdict : std::uint8_t {
  yes,          // valid, or a match
  no,           // invalid, or no match
  bad_operand,  // match / cert-match: the pattern or host itself is invalid
};

// NOLINTNEXTLINE(bugprone-exception-escape): json's move is noexcept; the throw seen is inside it
struct observed {
  json value;
  verdict outcome = verdict::yes;
};

// {"token","family","offset","line","column","message"} of a parse error ...
json error_object(const parse_error& error);
// ... with "subject": which operand was invalid ("pattern" or "host"), for the matchers.
json error_object(const parse_error& error, std::string_view subject);

// [[name, value], ...] in input order, each element under the bytes rule.
json extension_list(const txt_extension_range& extensions);
json extension_list(const std::vector<std::pair<std::string, std::string>>& extensions);

// One record or body: {"valid": true, "kind", fields...} or {"valid": false, "kind", "error"}.
observed observe_txt(std::string_view record, const txt_options& options = {});
observed observe_policy(std::string_view body, const policy_options& options = {});
observed observe_tlsrpt(std::string_view record, const tlsrpt_options& options = {});

// The selection rules over a whole answer of joined records: the same plus "record", the
// chosen record's index, the index of the record an error belongs to, or null.
observed observe_txt_selection(const std::vector<std::string>& records,
                               const txt_options& options = {});
observed observe_tlsrpt_selection(const std::vector<std::string>& records,
                                  const tlsrpt_options& options = {});

// RFC 8461 §4.1: {"match": bool}; when the pattern (checked first) or the host is invalid,
// {"match": false, "error": {..., "subject": "pattern"|"host"}} and bad_operand. A host with
// U-labels is matched as its A-labels when idna can convert it (RFC 6125 §6.4.2); the
// default port refuses it (HOST_IDNA_UNAVAILABLE).
observed observe_match(std::string_view pattern, std::string_view host,
                       engine::idna_port& idna = engine::default_idna());

struct cert_match_question {
  std::string host;                // MX host, or the Policy Host with policy_host
  std::vector<std::string> names;  // SAN dNSName entries, in certificate order
  bool policy_host = false;        // RFC 8461 §3.3 rule instead of §4.2
  bool partial_wildcard = false;   // RFC 6125 §6.4.3 mx*.example.com; MX hosts only
};

// RFC 8461 §4.2 / §3.3: {"match": bool, "matched": first matching name | null}; an invalid
// host gives {"match": false, "matched": null, "error": {..., "subject": "host"}} and
// bad_operand. partial_wildcard is ignored with policy_host (it never applies there). The
// host may be given in U-labels (as for observe_match); the names never: a dNSName is A-labels.
observed observe_cert_match(const cert_match_question& question,
                            engine::idna_port& idna = engine::default_idna());

}  // namespace mtasts::observation
