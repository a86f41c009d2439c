// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/cert_minter.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <filesystem>
#include <stdexcept>

namespace mtasts::replay {

void x509_deleter::operator()(X509* x) const { X509_free(x); }
void pkey_deleter::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

namespace {

struct bio_deleter {
  void operator()(BIO* b) const { BIO_free(b); }
};

std::unique_ptr<BIO, bio_deleter> bio_of(const std::string& pem) {
  return std::unique_ptr<BIO, bio_deleter>(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

x509_ptr cert_of(const std::string& pem) {
  const auto bio = bio_of(pem);
  x509_ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!x) throw std::runtime_error("a chain certificate is not PEM");
  return x;
}

pkey_ptr key_of(const std::string& pem) {
  const auto bio = bio_of(pem);
  pkey_ptr k(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!k) throw std::runtime_error("a chain's leaf has no readable private key");
  return k;
}

std::unique_ptr<minted_cert> loaded(const conformance::presented_chain& chain) {
  auto m = std::make_unique<minted_cert>();
  m->leaf = cert_of(chain.certificates_pem.at(0));
  m->key = key_of(chain.key_pem);
  for (std::size_t i = 1; i < chain.certificates_pem.size(); ++i)
    m->rest.push_back(cert_of(chain.certificates_pem[i]));
  return m;
}

}  // namespace

bool minted_cert::use_on(SSL* ssl) const {
  STACK_OF(X509)* chain = sk_X509_new_null();
  for (const x509_ptr& x : rest) sk_X509_push(chain, x.get());
  // override=1: replaces whatever the context installed.
  const int ok = SSL_use_cert_and_key(ssl, leaf.get(), key.get(), chain, 1);
  sk_X509_free(chain);  // SSL_use_cert_and_key took its own references
  return ok == 1;
}

cert_minter::cert_minter(const std::string& certs_dir)
    : pki_(certs_dir),
      ca_file_((std::filesystem::absolute(certs_dir) / "root-ca.pem").lexically_normal().string()) {
}

const minted_cert& cert_minter::mint(const std::string& host, const std::string& verdict) {
  auto& slot = cache_[{host, verdict}];
  if (slot) return *slot;
  conformance::leaf_spec spec;
  // name_mismatch: a name no host can be, in the SAN (which RFC 8461 §3.3/§4.2 check) and CN.
  const std::string name = verdict == "name_mismatch" ? "mismatch.invalid" : host;
  // CN is capped at 64 characters (RFC 5280 ub-common-name); a longer host gets no CN.
  if (name.size() <= 64) spec.cn = name;
  spec.dns = {name};
  if (verdict == "expired" || verdict == "not_yet_valid") spec.window = verdict;
  const bool untrusted = verdict == "untrusted";
  spec.issuer = untrusted ? "untrusted-root-ca" : "intermediate-ca";
  conformance::presented_chain chain = pki_.mint(spec);
  chain.certificates_pem.push_back(
      pki_.present(conformance::json::array({spec.issuer + ".pem"})).certificates_pem.at(0));
  slot = loaded(chain);
  return *slot;
}

const minted_cert& cert_minter::for_tls(const std::string& host, const tls_spec& tls) {
  if (tls.chain_pem.empty()) return mint(host, tls.verdict);
  auto& slot = chains_[tls.chain_pem.front()];
  if (!slot) slot = loaded(conformance::presented_chain{tls.chain_pem, tls.key_pem});
  return *slot;
}

}  // namespace mtasts::replay
