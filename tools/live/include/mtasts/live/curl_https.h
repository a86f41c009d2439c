// SPDX-License-Identifier: Apache-2.0
// The engine's https_port over libcurl (OpenSSL backend). HTTPS only, redirects never
// followed (R-3.3-6), the body read to at most max_body + 1 bytes (R-3.3-9). The
// certificate is not judged here: the response carries the chain as presented (leaf first,
// PEM) and the engine judges it through its x509_port (R-3.3-1, R-3.3-2), with
// mtasts::x509_openssl in the live world.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::live {

// The most the header lines of one fetch may hold, interim (1xx) responses included. A
// policy response needs a handful of short headers; past this the fetch ends as a
// connect_error (FETCH_CONNECT) whose detail names this limit. The body is capped by the
// engine's max_body (R-3.3-9) and the whole transfer by its fetch timeout (--timeout).
inline constexpr std::size_t max_response_header_bytes = std::size_t{64} * 1024;

struct curl_https_options {
  // Non-zero: connect to this port instead of 443 (tests run without binding port 443).
  int port_override = 0;
  // When set, host names are resolved through this (e.g. ldns with --resolver) rather
  // than the system's resolver; an empty answer is a connect error.
  std::function<std::vector<std::string>(const std::string& host)> resolve;
};

class curl_https final : public engine::https_port {
 public:
  explicit curl_https(curl_https_options options);
  engine::https_response fetch(const engine::https_request& request) override;
  // What went wrong in the last fetch, for progress lines ("" when nothing).
  [[nodiscard]] const std::string& last_error() const { return last_error_; }

 private:
  curl_https_options options_;
  std::string last_error_;
};

}  // namespace mtasts::live
