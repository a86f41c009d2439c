// SPDX-License-Identifier: Apache-2.0
// Certificates minted at start-up, in memory, from the test PKI (fixtures/certs/README.md):
// one leaf per (host, verdict) so a real TLS client meets exactly the failure a fixture's
// `tls.verdict` names.
#pragma once

#include <openssl/types.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace mtasts::replay {

struct x509_deleter {
  void operator()(X509* x) const;
};
struct pkey_deleter {
  void operator()(EVP_PKEY* k) const;
};
using x509_ptr = std::unique_ptr<X509, x509_deleter>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

// A leaf, its key, and the certificate sent after it: intermediate-ca.pem, or for
// `untrusted` the self-signed untrusted root (a client trusting only root-ca.pem then fails
// with X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN).
struct minted_cert {
  x509_ptr leaf;
  pkey_ptr key;
  x509_ptr issuer;  // sent after the leaf
  // Installs the certificate, key and chain on one connection. False on an OpenSSL error.
  bool use_on(SSL* ssl) const;
};

class cert_minter {
 public:
  // Loads intermediate-ca.pem/.key, untrusted-root-ca.pem/.key and checks root-ca.pem
  // exists. Throws std::runtime_error naming the file that failed.
  explicit cert_minter(const std::string& certs_dir);

  // verdict: valid / expired / not_yet_valid / untrusted / name_mismatch (anything else is
  // valid, as cert_status_from reads it). Cached: the same pair gives the same certificate.
  const minted_cert& mint(const std::string& host, const std::string& verdict);

  // The trust anchor clients must use (absolute path).
  [[nodiscard]] const std::string& ca_file() const { return ca_file_; }

 private:
  std::string ca_file_;
  x509_ptr intermediate_, untrusted_root_;
  pkey_ptr intermediate_key_, untrusted_root_key_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<minted_cert>> cache_;
};

}  // namespace mtasts::replay
