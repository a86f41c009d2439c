// OpenSSL helpers shared by the HTTPS and SMTP ports: PEM text of presented certificates,
// the mapping of X509 verification errors to the engine's verdicts, and the name check on
// SAN DNS-IDs only (RFC 8461 §3.3 R-3.3-2, §4.2 R-4.2-2: never the Common Name).
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>
#include <string_view>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::live {

std::string certificate_pem(X509* cert);
std::vector<std::string> chain_pem(STACK_OF(X509) * chain);

// X509_V_ERR_CERT_HAS_EXPIRED is expired, X509_V_ERR_CERT_NOT_YET_VALID not yet valid,
// every other error untrusted; X509_V_OK is valid.
engine::cert_status status_from_verify_error(long error);

// The leaf's SAN dNSName entries (entries holding NUL bytes are dropped: they match nothing).
std::vector<std::string> san_dns_names(X509* leaf);

// valid when a SAN DNS-ID of leaf matches host under rule, else name_mismatch.
engine::cert_status name_status(X509* leaf, std::string_view host, engine::name_rule rule);

// Loads ca_file, or the system's default trust store when it is empty; false on failure.
bool load_trust(SSL_CTX* ctx, const std::string& ca_file);

}  // namespace mtasts::live
