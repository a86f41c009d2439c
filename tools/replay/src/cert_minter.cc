// SPDX-License-Identifier: Apache-2.0
#include "mtasts/replay/cert_minter.h"

#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace mtasts::replay {

void x509_deleter::operator()(X509* x) const { X509_free(x); }
void pkey_deleter::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

namespace {

struct file_closer {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

std::unique_ptr<std::FILE, file_closer> open_file(const std::string& path) {
  std::unique_ptr<std::FILE, file_closer> f(std::fopen(path.c_str(), "r"));
  if (!f) throw std::runtime_error("cannot read " + path);
  return f;
}

x509_ptr read_cert(const std::string& path) {
  auto f = open_file(path);
  x509_ptr x(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
  if (!x) throw std::runtime_error("not a PEM certificate: " + path);
  return x;
}

pkey_ptr read_key(const std::string& path) {
  auto f = open_file(path);
  pkey_ptr k(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
  if (!k) throw std::runtime_error("not a PEM private key: " + path);
  return k;
}

// The validity windows of fixtures/certs/README.md; fixture times lie in 2001..2899.
struct window {
  const char* not_before;
  const char* not_after;
};
window window_for(const std::string& verdict) {
  if (verdict == "expired") return {"20000101000000Z", "20001231235959Z"};
  if (verdict == "not_yet_valid") return {"29010101000000Z", "99991231235959Z"};
  return {"20000101000000Z", "99991231235959Z"};
}

void add_ext(X509* leaf, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, leaf, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) throw std::runtime_error("cannot build a certificate extension");
  X509_add_ext(leaf, ext, -1);
  X509_EXTENSION_free(ext);
}

// subjectAltName with one dNSName, built directly so hosts that are not LDH names (a
// U-label, "*.mx.example.net", an IP literal: all recorded as MX hosts) still get one.
void add_san(X509* leaf, const std::string& name) {
  GENERAL_NAMES* names = GENERAL_NAMES_new();
  GENERAL_NAME* gn = GENERAL_NAME_new();
  ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
  ASN1_STRING_set(ia5, name.data(), static_cast<int>(name.size()));
  GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
  sk_GENERAL_NAME_push(names, gn);
  X509_add1_ext_i2d(leaf, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT);
  GENERAL_NAMES_free(names);
}

}  // namespace

bool minted_cert::use_on(SSL* ssl) const {
  STACK_OF(X509)* chain = sk_X509_new_null();
  sk_X509_push(chain, issuer.get());
  // override=1: replaces whatever the context installed.
  const int ok = SSL_use_cert_and_key(ssl, leaf.get(), key.get(), chain, 1);
  sk_X509_free(chain);  // SSL_use_cert_and_key took its own references
  return ok == 1;
}

cert_minter::cert_minter(const std::string& certs_dir) {
  const std::filesystem::path dir = std::filesystem::absolute(certs_dir);
  ca_file_ = (dir / "root-ca.pem").lexically_normal().string();
  read_cert(ca_file_);
  intermediate_ = read_cert((dir / "intermediate-ca.pem").string());
  intermediate_key_ = read_key((dir / "intermediate-ca.key").string());
  untrusted_root_ = read_cert((dir / "untrusted-root-ca.pem").string());
  untrusted_root_key_ = read_key((dir / "untrusted-root-ca.key").string());
}

const minted_cert& cert_minter::mint(const std::string& host, const std::string& verdict) {
  auto& slot = cache_[{host, verdict}];
  if (slot) return *slot;

  const bool untrusted = verdict == "untrusted";
  X509* issuer = untrusted ? untrusted_root_.get() : intermediate_.get();
  EVP_PKEY* issuer_key = untrusted ? untrusted_root_key_.get() : intermediate_key_.get();
  // name_mismatch: a name no host can be, in the SAN (which RFC 8461 §3.3/§4.2 check) and CN.
  const std::string name = verdict == "name_mismatch" ? "mismatch.invalid" : host;

  auto m = std::make_unique<minted_cert>();
  m->key.reset(EVP_EC_gen("P-256"));
  m->leaf.reset(X509_new());
  if (!m->key || !m->leaf) throw std::runtime_error("cannot generate a key");
  X509* leaf = m->leaf.get();
  X509_set_version(leaf, X509_VERSION_3);

  // A random positive serial of 127 bits (RFC 5280 §4.1.2.2: at most 20 octets).
  BIGNUM* serial = BN_new();
  BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(leaf));
  BN_free(serial);

  const window w = window_for(verdict);
  // ASN1_TIME_set_string_X509 writes UTCTime before 2050, GeneralizedTime after (§4.1.2.5).
  ASN1_TIME_set_string_X509(X509_getm_notBefore(leaf), w.not_before);
  ASN1_TIME_set_string_X509(X509_getm_notAfter(leaf), w.not_after);

  // CN is capped at 64 characters (RFC 5280 ub-common-name); a longer host gets no CN.
  X509_NAME_add_entry_by_txt(X509_get_subject_name(leaf), "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
  X509_set_issuer_name(leaf, X509_get_subject_name(issuer));
  X509_set_pubkey(leaf, m->key.get());

  add_ext(leaf, issuer, NID_basic_constraints, "critical,CA:FALSE");
  add_ext(leaf, issuer, NID_key_usage, "critical,digitalSignature");
  add_ext(leaf, issuer, NID_ext_key_usage, "serverAuth");
  add_ext(leaf, issuer, NID_subject_key_identifier, "hash");
  add_ext(leaf, issuer, NID_authority_key_identifier, "keyid:always");
  add_san(leaf, name);

  if (X509_sign(leaf, issuer_key, EVP_sha256()) == 0)
    throw std::runtime_error("cannot sign a certificate for " + host);
  X509_up_ref(issuer);
  m->issuer.reset(issuer);
  slot = std::move(m);
  return *slot;
}

}  // namespace mtasts::replay
