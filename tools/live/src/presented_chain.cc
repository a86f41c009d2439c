// SPDX-License-Identifier: Apache-2.0
// The presented chain as PEM text (see presented_chain.h).
#include "presented_chain.h"

#include <openssl/pem.h>

#include <memory>

namespace mtasts::live {
namespace {

// OpenSSL's chain verification, replaced: keep what the server sent and accept it. The
// engine judges the chain afterwards; the handshake itself must not.
int keep_presented_chain(X509_STORE_CTX* store, void* presented) {
  // The untrusted stack of a client's verification is the peer's chain, leaf first.
  *static_cast<std::optional<engine::cert_chain>*>(presented) =
      engine::cert_chain{chain_pem(X509_STORE_CTX_get0_untrusted(store))};
  return 1;
}

}  // namespace

std::string certificate_pem(X509* cert) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::vector<std::string> chain_pem(STACK_OF(X509) * chain) {
  std::vector<std::string> out;
  if (chain == nullptr) return out;
  for (int i = 0; i < sk_X509_num(chain); ++i)
    out.push_back(certificate_pem(sk_X509_value(chain, i)));
  return out;
}

void keep_chain_unjudged(SSL_CTX* ctx, std::optional<engine::cert_chain>* presented) {
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, keep_presented_chain, presented);
}

}  // namespace mtasts::live
