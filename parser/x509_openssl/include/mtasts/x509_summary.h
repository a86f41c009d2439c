// SPDX-License-Identifier: Apache-2.0
// What a presented certificate chain holds, for people: names, issuer, validity dates. The
// evidence behind a verdict of mtasts::x509_openssl; it judges nothing and reads no clock.
//
// Every string is safe to print on a terminal: subject and issuer are RFC 2253 one-line DNs
// as OpenSSL writes them (control characters and non-ASCII bytes as RFC 4514 hex pairs,
// e.g. "\07"); SAN dNSName bytes that are control characters or not ASCII (an IA5String
// holds ASCII only) are written "\xNN".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::engine {

struct certificate_summary {
  std::string subject;                 // one-line RFC 2253 DN, e.g. "CN=mx1.example.com"
  std::string issuer;                  // same form
  std::vector<std::string> dns_names;  // SAN dNSName entries, in order, bytes as given (escaped)
  std::int64_t not_before = 0;         // unix seconds (engine::unix_seconds)
  std::int64_t not_after = 0;          // unix seconds, inclusive (RFC 5280 §4.1.2.5)
  bool self_signed = false;            // issued by its own key (signature checked)
};

// Leaf first, in the order presented. An element of chain.certificates may hold several PEM
// blocks; an element that cannot be read (or whose dates cannot be) is skipped and counted
// in `unreadable`. Work is linear in the chain's bytes, which the TLS ports bound through
// OpenSSL's certificate-message cap (SSL_CTX_get_max_cert_list, 100 KiB by default).
struct chain_summary {
  std::vector<certificate_summary> certificates;
  std::size_t unreadable = 0;
};
chain_summary summarize_chain(const cert_chain& chain);

// The validity of c at `now`, counted in UTC calendar days:
// "expires 2027-03-01 (84 days left)", "expired 2026-11-01 (36 days ago)",
// "not valid before 2027-01-01 (in 25 days)"; "1 day" when one; "(today)" when zero.
// Windows are inclusive at both ends, as in openssl_x509::verify.
std::string describe_validity(const certificate_summary& c, unix_seconds now);

}  // namespace mtasts::engine
