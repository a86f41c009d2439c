// OpenSSL helpers for the live ports (see tls_certificates.h).
#include "tls_certificates.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <memory>

#include "mtasts/cert_name.h"

namespace mtasts::live {

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

engine::cert_status status_from_verify_error(long error) {
  switch (error) {
    case X509_V_OK:
      return engine::cert_status::valid;
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return engine::cert_status::expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return engine::cert_status::not_yet_valid;
    default:
      return engine::cert_status::untrusted;
  }
}

std::vector<std::string> san_dns_names(X509* leaf) {
  std::vector<std::string> out;
  auto* names =
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(leaf, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
    if (name->type != GEN_DNS) continue;
    const unsigned char* data = ASN1_STRING_get0_data(name->d.dNSName);
    const int length = ASN1_STRING_length(name->d.dNSName);
    if (data == nullptr || length <= 0) continue;
    std::string text(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length));
    if (text.find('\0') != std::string::npos) continue;
    out.push_back(std::move(text));
  }
  GENERAL_NAMES_free(names);
  return out;
}

engine::cert_status name_status(X509* leaf, std::string_view host, engine::name_rule rule) {
  const std::vector<std::string> names = san_dns_names(leaf);
  const std::vector<std::string_view> views(names.begin(), names.end());
  const bool matched = rule == engine::name_rule::policy_host
                           ? any_cert_name_matches_policy_host(views, host)
                           : any_cert_name_matches_mx_host(views, host);
  return matched ? engine::cert_status::valid : engine::cert_status::name_mismatch;
}

bool load_trust(SSL_CTX* ctx, const std::string& ca_file) {
  if (ca_file.empty()) return SSL_CTX_set_default_verify_paths(ctx) == 1;
  return SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) == 1;
}

}  // namespace mtasts::live
