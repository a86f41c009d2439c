// SPDX-License-Identifier: Apache-2.0
// mtasts::x509_openssl: the engine's x509_port implemented with OpenSSL 3.
//
// A chain is verified against the trust roots given here, never the system store, at the
// time the caller passes, never the system clock (X509_VERIFY_PARAM_set_time), with the
// checks a TLS client applies to a server ("ssl_server" purpose: an extendedKeyUsage, when
// present, must allow serverAuth; keys and signatures of at least 80 bits of security, as at
// OpenSSL's default security level 1). The leaf's name is then matched with mtasts/cert_name.h
// against SAN dNSName entries only: RFC 8461 §3.3 (R-3.3-2) and §4.2 (R-4.2-2) forbid the
// Common Name fallback.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "mtasts/cert_name.h"
#include "mtasts/engine/ports.h"

struct x509_store_st;  // OpenSSL's X509_STORE; the header does not expose OpenSSL

namespace mtasts::engine {

struct openssl_x509_options {
  // How SAN entries are matched to MX hosts. allow_partial_wildcard (RFC 6125 §6.4.3, a MAY)
  // is off by default; it never applies to the Policy Host (RFC 8461 §3.3, R-3.3-3).
  cert_match_options mx_match;
};

// What verify() decided, with a reason fit for a TLS-RPT failure-reason-code (RFC 8460 §4.3).
struct x509_verification {
  cert_status status = cert_status::untrusted;
  // OpenSSL's X509_V_ERR_* code when chain verification failed, else 0 (X509_V_OK).
  int openssl_error = 0;
  // Depth in the chain of the certificate the error is about (0 is the leaf), or -1.
  int error_depth = -1;
  // Empty when valid; e.g. "certificate has expired" or "no subjectAltName dNSName matches".
  std::string reason;
};

class openssl_x509 final : public x509_port {
 public:
  // Trust roots: PEM text holding one or more CERTIFICATE blocks (a single DER certificate
  // is accepted too). Never throws: when no certificate can be read, ok() is false, error()
  // says why, and the object trusts nothing (every verification answers untrusted).
  // Roots are trust anchors as given; chains must end in a self-signed one of them.
  explicit openssl_x509(std::string_view roots_pem, openssl_x509_options options = {});

  // Reads the roots from a PEM file; an unreadable file gives an object with ok() false.
  static openssl_x509 from_file(const std::filesystem::path& path,
                                openssl_x509_options options = {});

  openssl_x509(openssl_x509&&) noexcept;
  openssl_x509& operator=(openssl_x509&&) noexcept;
  openssl_x509(const openssl_x509&) = delete;
  openssl_x509& operator=(const openssl_x509&) = delete;
  ~openssl_x509() override;

  [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
  [[nodiscard]] const std::string& error() const noexcept { return error_; }
  [[nodiscard]] std::size_t root_count() const noexcept { return root_count_; }

  // x509_port: chain.certificates holds PEM or DER blocks, leaf first; the rest are
  // untrusted intermediates in any order (one element may hold several PEM blocks). An
  // empty chain or any unreadable element is untrusted. X509_V_ERR_CERT_HAS_EXPIRED on any
  // certificate of the chain is expired, X509_V_ERR_CERT_NOT_YET_VALID is not_yet_valid,
  // every other verification error is untrusted; only then is the name checked. Windows
  // are inclusive at both ends (RFC 5280 §4.1.2.5; OpenSSL 3.0 alone treats the notAfter
  // second as expired); a time beyond 9999-12-31T23:59:59Z finds a trusted chain expired,
  // one before 0000-01-01 not yet valid.
  cert_status verify(const cert_chain& chain, std::string_view host, name_rule rule,
                     unix_seconds at) override;

  // The same decision with OpenSSL's error and a readable reason. Thread-safe. Never throws.
  [[nodiscard]] x509_verification verify_detailed(const cert_chain& chain, std::string_view host,
                                                  name_rule rule, unix_seconds at) const noexcept;

 private:
  struct store_deleter {
    void operator()(x509_store_st* store) const noexcept;
  };
  std::unique_ptr<x509_store_st, store_deleter> store_;
  std::size_t root_count_ = 0;
  std::string error_;
  openssl_x509_options options_;
};

}  // namespace mtasts::engine
