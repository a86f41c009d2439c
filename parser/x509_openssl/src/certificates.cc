// SPDX-License-Identifier: Apache-2.0
// Reading certificates and their SAN dNSName entries with OpenSSL.
#include "certificates.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <climits>
#include <cstddef>
#include <utility>

namespace mtasts::engine::detail {
namespace {

struct bio_deleter {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
struct general_names_deleter {
  void operator()(GENERAL_NAMES* names) const noexcept { GENERAL_NAMES_free(names); }
};

// A PEM block claiming encryption must not make OpenSSL ask the terminal for a passphrase.
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return -1; }

bool read_pem(std::string_view data, std::vector<x509_ptr>& out) {
  std::unique_ptr<BIO, bio_deleter> bio(
      BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
  if (!bio) return false;
  std::vector<x509_ptr> found;
  ERR_clear_error();
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr)) {
    found.emplace_back(cert);
  }
  // The loop ends with "no start line" at the end of the text; anything else is a damaged
  // block (bad base64, bad DER inside a CERTIFICATE block).
  const unsigned long err = ERR_peek_last_error();
  const bool clean_end =
      ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE;
  ERR_clear_error();
  if (!clean_end || found.empty()) return false;
  for (auto& cert : found) out.push_back(std::move(cert));
  return true;
}

bool read_der(std::string_view data, std::vector<x509_ptr>& out) {
  const auto* begin = reinterpret_cast<const unsigned char*>(data.data());
  const unsigned char* p = begin;
  x509_ptr cert(d2i_X509(nullptr, &p, static_cast<long>(data.size())));
  ERR_clear_error();
  if (!cert || p != begin + data.size()) return false;  // trailing bytes: not one certificate
  out.push_back(std::move(cert));
  return true;
}

}  // namespace

bool read_certificates(std::string_view data, std::vector<x509_ptr>& out) {
  if (data.empty() || data.size() > static_cast<std::size_t>(INT_MAX)) return false;
  if (data.find("-----BEGIN ") != std::string_view::npos) return read_pem(data, out);
  return read_der(data, out);
}

std::vector<san_dns_entry> san_dns_entries(X509* cert) {
  std::vector<san_dns_entry> entries;
  int critical = -1;
  std::unique_ptr<GENERAL_NAMES, general_names_deleter> sans(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, &critical, nullptr)));
  ERR_clear_error();
  if (!sans) return entries;  // no SAN (or a duplicated one, critical == -2): no DNS-ID at all
  const int count = sk_GENERAL_NAME_num(sans.get());
  for (int i = 0; i < count; ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans.get(), i);
    if (name == nullptr || name->type != GEN_DNS) continue;  // DNS-IDs only (RFC 6125 §6.4)
    const ASN1_IA5STRING* dns = name->d.dNSName;
    if (dns == nullptr) continue;
    const unsigned char* bytes = ASN1_STRING_get0_data(dns);
    const int length = ASN1_STRING_length(dns);
    san_dns_entry entry;
    if (bytes != nullptr && length > 0) {
      entry.bytes.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
    }
    entry.matchable = ASN1_STRING_type(dns) == V_ASN1_IA5STRING && !entry.bytes.empty();
    for (const char c : entry.bytes) {
      // An embedded NUL hides a suffix; IA5String holds ASCII only.
      if (c == '\0' || static_cast<unsigned char>(c) >= 0x80) entry.matchable = false;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<std::string> san_dns_names(X509* cert) {
  std::vector<std::string> names;
  for (san_dns_entry& entry : san_dns_entries(cert)) {
    if (entry.matchable) names.push_back(std::move(entry.bytes));
  }
  return names;
}

}  // namespace mtasts::engine::detail
