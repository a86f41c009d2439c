// SPDX-License-Identifier: Apache-2.0
// Reading certificates and their SAN dNSName entries with OpenSSL (internal to
// mtasts::x509_openssl).
#pragma once

#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mtasts::engine::detail {

struct x509_deleter {
  void operator()(X509* cert) const noexcept { X509_free(cert); }
};
using x509_ptr = std::unique_ptr<X509, x509_deleter>;

// Appends every certificate in data: one or more PEM CERTIFICATE blocks (other PEM blocks
// are skipped), or exactly one DER certificate filling all of data. False, leaving out as
// it was, when nothing can be read or a block is damaged. Never prompts for a passphrase.
bool read_certificates(std::string_view data, std::vector<x509_ptr>& out);

// One subjectAltName dNSName entry (RFC 5280 §4.2.1.6) with its bytes as encoded.
struct san_dns_entry {
  std::string bytes;
  // An IA5String, non-empty, without NUL or non-ASCII bytes: the only entries that may match.
  bool matchable = false;
};

// Every subjectAltName dNSName entry of cert, in order, whatever its bytes: what a report
// shows. Only GEN_DNS names: never the subject CN, never other name types.
std::vector<san_dns_entry> san_dns_entries(X509* cert);

// The matchable entries of san_dns_entries(cert), in order: entries that are not IA5String,
// are empty, or hold a NUL or a non-ASCII byte are skipped (they would never match safely).
std::vector<std::string> san_dns_names(X509* cert);

}  // namespace mtasts::engine::detail
