// SPDX-License-Identifier: Apache-2.0
// Probes an MX host the way a sending MTA would before delivery (RFC 8461 §4.2, §5): SMTP
// banner, EHLO, STARTTLS if offered, a TLS handshake with SNI = the MX host, then QUIT.
// The certificate is not judged here: the observation carries the chain as presented (leaf
// first, PEM) and the engine judges it through its x509_port (R-4.2-1, R-4.2-2).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "mtasts/engine/engine.h"

namespace mtasts::live {

class ldns_resolver;

struct probe_result {
  engine::mx_observation observation;
  std::string note;  // why the probe fell short ("" when the session went as planned)
};

// What the engine's deliver flow needs: one observation per MX host.
class mx_prober {
 public:
  virtual ~mx_prober() = default;
  virtual probe_result probe(const std::string& host) = 0;
};

// The most one SMTP reply may hold, its lines summed with their line ends. RFC 5321
// §4.5.3.1.5 caps a reply line at 512 octets; an EHLO reply lists a few dozen extensions at
// most. A longer reply ends the probe with an error that names this limit.
inline constexpr std::size_t max_smtp_reply_bytes = std::size_t{64} * 1024;

struct smtp_probe_options {
  int port = 25;
  // The whole SMTP session with one MX host, every address tried, from connect to QUIT
  // (the --timeout of the live tools): a server that drips bytes cannot stretch it.
  std::chrono::seconds timeout{30};
  std::string ehlo_name = "mtasts.invalid";
};

class smtp_starttls_probe final : public mx_prober {
 public:
  // Addresses are looked up through resolver (so --resolver applies).
  smtp_starttls_probe(ldns_resolver& resolver, smtp_probe_options options);
  probe_result probe(const std::string& host) override;

 private:
  ldns_resolver& resolver_;
  smtp_probe_options options_;
};

}  // namespace mtasts::live
