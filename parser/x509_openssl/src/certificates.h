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

// The subjectAltName dNSName entries of cert, in order (RFC 5280 §4.2.1.6). Only GEN_DNS
// names: never the subject CN, never other name types. Entries that are not IA5String, are
// empty, or hold a NUL or a non-ASCII byte are skipped (they would never match safely).
std::vector<std::string> san_dns_names(X509* cert);

}  // namespace mtasts::engine::detail
