// SPDX-License-Identifier: Apache-2.0
// The real world in engine terms: ldns, libcurl, SMTP probes, the system clock and
// mtasts::x509_openssl behind recording decorators, with a fresh memory cache. One check
// (§5.1 lookup, or the deliver flow: MX look-up, a probe of each MX, the decision by mode)
// per object. The ports keep the chains servers present; the engine judges them.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/engine/engine.h"
#include "mtasts/engine/replay.h"
#include "mtasts/live/curl_https.h"
#include "mtasts/live/ldns_resolver.h"
#include "mtasts/live/recording.h"
#include "mtasts/live/server_address.h"
#include "mtasts/live/smtp_probe.h"
#include "mtasts/live/system_clock.h"
#include "mtasts/x509_openssl.h"

namespace mtasts::live {

struct live_options {
  std::optional<server_address> resolver;  // nullopt: /etc/resolv.conf
  // The trust anchors (PEM). Empty: the system's bundle, X509_get_default_cert_file() or
  // $SSL_CERT_FILE, as OpenSSL would find it.
  std::string ca_file;
  int smtp_port = 25;
  int https_port = 0;  // 0: 443
  std::chrono::seconds timeout{30};
  progress_fn progress;  // null: silent
  // U-labels to A-labels for the engine (RFC 6125 §6.4.2); null: the engine refuses them.
  engine::idna_port* idna = nullptr;
};

struct live_run {
  engine::unix_seconds now = 0;
  engine::lookup_result lookup;
  // deliver flow only:
  std::optional<mx_lookup> mx_hosts;
  std::vector<engine::mx_observation> mx;
  std::optional<engine::delivery_plan> plan;
};

class live_world {
 public:
  // Throws std::runtime_error on setup failure, e.g. trust anchors that cannot be read.
  explicit live_world(live_options options);

  // The Policy Domain as the engine keys it: lower case, no trailing dot.
  static std::string normalise_domain(std::string_view domain);

  live_run lookup(const std::string& domain);
  live_run deliver(const std::string& domain);
  // The domain's MX hosts, probed in preference order (no policy needed).
  mx_lookup mx_hosts(const std::string& domain);
  std::vector<engine::mx_observation> probe_all(const std::vector<std::string>& hosts);

  engine::engine& engine() { return engine_; }
  [[nodiscard]] const recording_dns& dns() const { return dns_; }
  [[nodiscard]] const recording_https& https() const { return https_; }
  [[nodiscard]] const recording_prober& prober() const { return prober_; }
  [[nodiscard]] const recording_x509& x509() const { return x509_; }

  // The verdict on a chain the ports saw: the engine's when it judged chain for host under
  // rule, else the same judge's at `at` (an MX the engine did not validate, say).
  [[nodiscard]] engine::x509_verification certificate_verdict(const engine::cert_chain& chain,
                                                              std::string_view host,
                                                              engine::name_rule rule,
                                                              engine::unix_seconds at) const;

 private:
  void say(const std::string& line) const;

  live_options options_;
  ldns_resolver resolver_;
  curl_https curl_;
  smtp_starttls_probe smtp_;
  recording_dns dns_;
  recording_https https_;
  recording_prober prober_;
  system_clock clock_;
  engine::memory_cache cache_;
  engine::openssl_x509 judge_;
  recording_x509 x509_;
  engine::engine engine_;
};

}  // namespace mtasts::live
