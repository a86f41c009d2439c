// The real world in engine terms: ldns, libcurl, SMTP probes and the system clock behind
// recording decorators, with a fresh memory cache. One check (§5.1 lookup, or the deliver
// flow: MX look-up, a probe of each MX, the decision by mode) per object.
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

namespace mtasts::live {

struct live_options {
  std::optional<server_address> resolver;  // nullopt: /etc/resolv.conf
  std::string ca_file;                     // empty: the system trust store
  int smtp_port = 25;
  int https_port = 0;  // 0: 443
  std::chrono::seconds timeout{30};
  progress_fn progress;  // null: silent
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
  explicit live_world(live_options options);  // throws std::runtime_error on setup failure

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
  no_x509 x509_;
  engine::engine engine_;
};

}  // namespace mtasts::live
