// SPDX-License-Identifier: Apache-2.0
// The x509_port with OpenSSL 3: chain to the given roots at the given time, then match a
// SAN DNS-ID of the leaf (RFC 8461 §3.3, §4.2; RFC 6125 §6.4).
#include "mtasts/x509_openssl.h"

#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iterator>
#include <span>
#include <utility>
#include <vector>

#include "certificates.h"

namespace mtasts::engine {
namespace {

using detail::x509_ptr;

struct store_ctx_deleter {
  void operator()(X509_STORE_CTX* ctx) const noexcept { X509_STORE_CTX_free(ctx); }
};
struct stack_deleter {
  // The stack borrows its certificates; the vector that read them owns them.
  void operator()(STACK_OF(X509) * stack) const noexcept { sk_X509_free(stack); }
};

x509_verification verdict(cert_status status, std::string reason, int openssl_error = 0,
                          int depth = -1) {
  x509_verification v;
  v.status = status;
  v.openssl_error = openssl_error;
  v.error_depth = depth;
  v.reason = std::move(reason);
  return v;
}

// R-3.3-1, R-4.2-1: the chain is valid at `at`; which window failed matters to reporting.
cert_status status_of(int openssl_error) {
  switch (openssl_error) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return cert_status::expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return cert_status::not_yet_valid;
    default:
      return cert_status::untrusted;  // unknown issuer, bad signature, purpose, constraints...
  }
}

// RFC 5280 §4.1.2.5: the validity period runs "from notBefore through notAfter, inclusive".
// OpenSSL 3.0 (X509_cmp_time) counts the notAfter second itself as expired; accept it.
int inclusive_not_after(int ok, X509_STORE_CTX* ctx) {
  if (ok == 0 && X509_STORE_CTX_get_error(ctx) == X509_V_ERR_CERT_HAS_EXPIRED) {
    X509* cert = X509_STORE_CTX_get_current_cert(ctx);
    const time_t at = X509_VERIFY_PARAM_get_time(X509_STORE_CTX_get0_param(ctx));
    if (cert != nullptr && ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert), at) == 0) {
      X509_STORE_CTX_set_error(ctx, X509_V_OK);
      return 1;
    }
  }
  return ok;
}

// The range of X.509 times (RFC 5280 §4.1.2.5: four-digit years). OpenSSL cannot compare a
// time outside it and would report a malformed validity field.
constexpr unix_seconds kFirstTime = -62167219200;  // 0000-01-01T00:00:00Z
constexpr unix_seconds kLastTime = 253402300799;   // 9999-12-31T23:59:59Z

// The security level OpenSSL 3 gives a TLS client unless configured otherwise.
constexpr int kTlsSecurityLevel = 1;

x509_verification verify_chain(X509_STORE* store, std::vector<x509_ptr>& certs, unix_seconds at) {
  std::unique_ptr<STACK_OF(X509), stack_deleter> untrusted(sk_X509_new_null());
  std::unique_ptr<X509_STORE_CTX, store_ctx_deleter> ctx(X509_STORE_CTX_new());
  if (!untrusted || !ctx) return verdict(cert_status::untrusted, "out of memory");
  for (std::size_t i = 1; i < certs.size(); ++i) {
    if (sk_X509_push(untrusted.get(), certs[i].get()) <= 0) {
      return verdict(cert_status::untrusted, "out of memory");
    }
  }
  if (X509_STORE_CTX_init(ctx.get(), store, certs.front().get(), untrusted.get()) != 1) {
    return verdict(cert_status::untrusted, "cannot initialise the verification");
  }
  // What a TLS client checks of a server certificate (purpose and trust "ssl_server", the
  // default depth); then the caller's time, never the system clock.
  X509_STORE_CTX_set_default(ctx.get(), "ssl_server");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  // R-3.3-1, R-4.2-1: keys and signatures strong enough for a TLS client at OpenSSL's
  // default security level (1: 80 bits); the "ssl_server" defaults leave it unchecked.
  X509_VERIFY_PARAM_set_auth_level(param, kTlsSecurityLevel);
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(at));
  X509_STORE_CTX_set_verify_cb(ctx.get(), inclusive_not_after);
  const int rc = X509_verify_cert(ctx.get());
  if (rc == 1) return verdict(cert_status::valid, {});
  int err = X509_STORE_CTX_get_error(ctx.get());
  if (err == X509_V_OK) err = X509_V_ERR_UNSPECIFIED;  // rc < 0: an internal error
  return verdict(status_of(err), X509_verify_cert_error_string(err), err,
                 X509_STORE_CTX_get_error_depth(ctx.get()));
}

bool names_match(const std::vector<std::string>& sans, std::string_view host, name_rule rule,
                 const openssl_x509_options& options) {
  std::vector<std::string_view> views(sans.begin(), sans.end());
  const std::span<const std::string_view> names(views);
  switch (rule) {
    case name_rule::policy_host:
      return any_cert_name_matches_policy_host(names, host);  // RFC 8461 §3.3
    case name_rule::mx_host:
      return any_cert_name_matches_mx_host(names, host, options.mx_match);  // §4.2
  }
  return false;
}

}  // namespace

void openssl_x509::store_deleter::operator()(x509_store_st* store) const noexcept {
  X509_STORE_free(store);
}

openssl_x509::openssl_x509(std::string_view roots_pem, openssl_x509_options options)
    : options_(options) {
  try {
    std::vector<x509_ptr> roots;
    if (!detail::read_certificates(roots_pem, roots)) {
      error_ = roots_pem.empty() ? "no trust roots given" : "trust roots: no readable certificate";
      return;
    }
    // A fresh store: the default system paths are never loaded.
    std::unique_ptr<x509_store_st, store_deleter> store(X509_STORE_new());
    if (!store) {
      error_ = "out of memory";
      return;
    }
    for (const auto& root : roots) {
      // X509_STORE_add_cert takes its own reference; OpenSSL 3 ignores duplicates.
      if (X509_STORE_add_cert(store.get(), root.get()) != 1) {
        ERR_clear_error();
        error_ = "trust roots: cannot add a certificate to the store";
        return;
      }
    }
    root_count_ = roots.size();
    store_ = std::move(store);
  } catch (...) {
    ERR_clear_error();
    store_.reset();
    root_count_ = 0;
    error_ = "out of memory";
  }
}

openssl_x509 openssl_x509::from_file(const std::filesystem::path& path,
                                     openssl_x509_options options) {
  std::string text;
  bool read = false;
  try {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      read = !in.bad();
    }
  } catch (...) {
    read = false;
  }
  if (!read) {
    openssl_x509 none(std::string_view{}, options);
    none.error_ = "cannot read trust roots from " + path.string();
    return none;
  }
  openssl_x509 loaded(text, options);
  if (!loaded.ok()) loaded.error_ += " (" + path.string() + ")";
  return loaded;
}

openssl_x509::openssl_x509(openssl_x509&&) noexcept = default;
openssl_x509& openssl_x509::operator=(openssl_x509&&) noexcept = default;
openssl_x509::~openssl_x509() = default;

cert_status openssl_x509::verify(const cert_chain& chain, std::string_view host, name_rule rule,
                                 unix_seconds at) {
  return verify_detailed(chain, host, rule, at).status;
}

x509_verification openssl_x509::verify_detailed(const cert_chain& chain, std::string_view host,
                                                name_rule rule, unix_seconds at) const noexcept {
  try {
    if (!store_) return verdict(cert_status::untrusted, "no trust roots: " + error_);
    if (chain.certificates.empty()) return verdict(cert_status::untrusted, "no certificate");
    std::vector<x509_ptr> certs;
    for (std::size_t i = 0; i < chain.certificates.size(); ++i) {
      if (!detail::read_certificates(chain.certificates[i], certs)) {
        return verdict(cert_status::untrusted,
                       "certificate " + std::to_string(i) + " cannot be read");
      }
    }
    // R-3.3-1 / R-4.2-1: a chain to a trusted root, every certificate valid at `at`.
    x509_verification v = verify_chain(store_.get(), certs, std::clamp(at, kFirstTime, kLastTime));
    ERR_clear_error();
    if (v.status == cert_status::valid && (at < kFirstTime || at > kLastTime)) {
      // No certificate's window reaches beyond the range of X.509 times.
      const bool late = at > kLastTime;
      return verdict(late ? cert_status::expired : cert_status::not_yet_valid,
                     late ? "certificate has expired" : "certificate is not yet valid",
                     late ? X509_V_ERR_CERT_HAS_EXPIRED : X509_V_ERR_CERT_NOT_YET_VALID, 0);
    }
    if (v.status != cert_status::valid) return v;
    // R-3.3-2 / R-4.2-2: SAN DNS-IDs only; there is no Common Name fallback.
    const std::vector<std::string> sans = detail::san_dns_names(certs.front().get());
    if (!names_match(sans, host, rule, options_)) {
      return verdict(cert_status::name_mismatch,
                     sans.empty() ? "certificate has no subjectAltName dNSName"
                                  : "no subjectAltName dNSName matches " + std::string(host));
    }
    return v;
  } catch (...) {
    ERR_clear_error();
    return verdict(cert_status::untrusted, "out of memory");
  }
}

}  // namespace mtasts::engine
