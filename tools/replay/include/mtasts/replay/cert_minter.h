// SPDX-License-Identifier: Apache-2.0
// The certificates replay-serve presents, made once at start-up, in memory: for a fixture's
// `tls.verdict`, a leaf minted from the test PKI (fixtures/certs/README.md) so that a real
// TLS client meets exactly the failure the verdict names; for a level-D2 `tls.chain`, the
// chain the fixture gives. Minting itself is conformance::test_pki's.
#pragma once

#include <openssl/types.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mtasts/conformance/test_pki.h"
#include "mtasts/replay/replay_world.h"

namespace mtasts::replay {

struct x509_deleter {
  void operator()(X509* x) const;
};
struct pkey_deleter {
  void operator()(EVP_PKEY* k) const;
};
using x509_ptr = std::unique_ptr<X509, x509_deleter>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

// A leaf, its key, and the certificates sent after it (for a verdict: intermediate-ca.pem,
// or for `untrusted` the self-signed untrusted root, so that a client trusting only
// root-ca.pem fails with X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN).
struct minted_cert {
  x509_ptr leaf;
  pkey_ptr key;
  std::vector<x509_ptr> rest;  // sent after the leaf, in order
  // Installs the certificate, key and chain on one connection. False on an OpenSSL error.
  bool use_on(SSL* ssl) const;
};

class cert_minter {
 public:
  // Loads the test PKI (conformance::test_pki). Throws std::runtime_error naming the file
  // that failed.
  explicit cert_minter(const std::string& certs_dir);

  // What `tls` asks `host` to present: its chain when it has one, else a leaf minted for its
  // verdict (valid / expired / not_yet_valid / untrusted / name_mismatch; anything else is
  // valid). Cached: the same request gives the same certificate. Throws std::runtime_error
  // when a chain's PEM cannot be read or has no key.
  const minted_cert& for_tls(const std::string& host, const tls_spec& tls);

  // The trust anchor clients must use (absolute path).
  [[nodiscard]] const std::string& ca_file() const { return ca_file_; }

 private:
  const minted_cert& mint(const std::string& host, const std::string& verdict);
  conformance::test_pki pki_;
  std::string ca_file_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<minted_cert>> cache_;
  std::map<std::string, std::unique_ptr<minted_cert>> chains_;  // by leaf PEM
};

}  // namespace mtasts::replay
