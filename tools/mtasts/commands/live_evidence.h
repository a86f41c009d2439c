// SPDX-License-Identifier: Apache-2.0
// What a live run saw, as evidence lines for people: the TXT records, the policy fetch (HTTP
// status, Location, Content-Type, size, the certificate), each MX host's SMTP session and
// certificate. `check` prints them as its summary; every finding gets the lines about what it
// concerns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint_findings.h"
#include "mtasts/live/live_world.h"
#include "mtasts/x509_summary.h"

namespace mtasts::cli {

// Bytes from the network in a line of text, quoted, with every byte outside printable ASCII
// written visibly as the parsers' diagnostics write it (<TAB>, <U+00A0>, <0xFF>).
std::string shown_text(std::string_view bytes);

// "TXT _mta-sts.example.com: \"v=STSv1; id=1\"" per record, or the rcode when none.
std::vector<std::string> txt_evidence(const live::live_world& world, std::string_view name);
// "GET URL: HTTP 301, Location: ..., Content-Type: ..., N bytes" and the certificate.
std::vector<std::string> fetch_evidence(const live::live_world& world, engine::unix_seconds now);
// "SMTP mx1.example.com: STARTTLS offered, TLS ok" and the certificate.
std::vector<std::string> mx_evidence(const live::live_world& world, std::string_view host,
                                     engine::unix_seconds now);
// "certificate: names a, b; subject ...; issuer ...; expires ... (N days left); chain of 2".
std::vector<std::string> certificate_evidence(const engine::cert_chain& chain,
                                              engine::unix_seconds now);

// Adds to each finding the evidence about what it concerns (by its token's family and
// subject): TXT findings the records, fetch findings the fetch, MX findings the host's session.
void attach_evidence(std::vector<finding>& findings, const live::live_world& world,
                     std::string_view domain, engine::unix_seconds now);

// One certificate of the run, for the JSON report: which host it was presented for, as
// which role, its summary and validity at now.
struct seen_certificate {
  std::string host;
  engine::name_rule rule = engine::name_rule::policy_host;
  engine::chain_summary chain;
};
std::vector<seen_certificate> seen_certificates(const live::live_world& world);

}  // namespace mtasts::cli
