// SPDX-License-Identifier: Apache-2.0
// The certificate chain a TLS server presents, kept as PEM text (leaf first) for the engine's
// x509_port. The live ports never judge it: mtasts::x509_openssl does, through the engine
// (R-3.3-1, R-4.2-1), so that `mtasts check` and the fixtures share one judge.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <optional>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::live {

std::string certificate_pem(X509* cert);
std::vector<std::string> chain_pem(STACK_OF(X509) * chain);

// Lets every handshake on ctx complete whatever chain the server presents, and stores that
// chain, as presented, into *presented (which must outlive the handshakes).
void keep_chain_unjudged(SSL_CTX* ctx, std::optional<engine::cert_chain>* presented);

}  // namespace mtasts::live
