// The engine's https_port over libcurl (OpenSSL backend). HTTPS only, redirects never
// followed (R-3.3-6), the body read to at most max_body + 1 bytes (R-3.3-9), and the
// certificate judged here: the chain by OpenSSL against the CA file or the system store,
// the name by the project's Policy Host rule on SAN DNS-IDs only (RFC 8461 §3.3, R-3.3-2)
// — libcurl's own host check would accept a CN-only certificate, so it is switched off.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mtasts/engine/ports.h"

namespace mtasts::live {

struct curl_https_options {
  std::string ca_file;  // empty: the system trust store
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
