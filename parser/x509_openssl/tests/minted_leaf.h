// SPDX-License-Identifier: Apache-2.0
// A leaf minted in memory by the committed test intermediate (fixtures/certs/), for the
// properties no committed certificate has, such as a weak key. The PKI is never regenerated.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

#include "test_pki.h"

namespace test_pki {

// PEM of a leaf for dns_name (SAN and CN), valid 2000-01-01..9999-12-31 like the committed
// valid leaves, issued by intermediate-ca with SHA-256, carrying a fresh RSA key of
// rsa_bits. Empty when OpenSSL fails.
inline std::string mint_rsa_leaf(const std::string& dns_name, int rsa_bits) {
  const auto read_pem = [](const std::string& name, auto reader) {
    const std::string text = read(name);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free);
    return reader(bio.get(), nullptr, nullptr, nullptr);
  };
  std::unique_ptr<X509, decltype(&X509_free)> issuer(
      read_pem("intermediate-ca.pem", PEM_read_bio_X509), X509_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> issuer_key(
      read_pem("intermediate-ca.key", PEM_read_bio_PrivateKey), EVP_PKEY_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_RSA_gen(static_cast<unsigned int>(rsa_bits)), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> leaf(X509_new(), X509_free);
  if (!issuer || !issuer_key || !key || !leaf) return {};
  X509* x = leaf.get();
  X509_set_version(x, X509_VERSION_3);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 0x5eed);
  ASN1_TIME_set_string_X509(X509_getm_notBefore(x), "20000101000000Z");
  ASN1_TIME_set_string_X509(X509_getm_notAfter(x), "99991231235959Z");
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(dns_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(issuer.get()));
  X509_set_pubkey(x, key.get());
  const std::string san = "DNS:" + dns_name;
  for (const auto& [nid, value] :
       {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
        std::pair{NID_key_usage, "critical,digitalSignature"},
        std::pair{NID_ext_key_usage, "serverAuth"}, std::pair{NID_subject_alt_name, san.c_str()}}) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer.get(), x, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) return {};
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(x, issuer_key.get(), EVP_sha256()) == 0) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  if (!out || PEM_write_bio_X509(out.get(), x) != 1) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace test_pki
