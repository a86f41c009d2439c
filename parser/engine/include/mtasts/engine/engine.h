// SPDX-License-Identifier: Apache-2.0
// The MTA-STS validation engine (RFC 8461 §3-§5, §10.2): a deterministic function of what
// its ports answer. Discovery, fetch rules, cache and refresh, MX validation, delivery.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/engine/ports.h"
#include "mtasts/error.h"
#include "mtasts/options.h"

namespace mtasts::engine {

struct engine_config {
  std::size_t max_body = 65536;             // R-3.3-9 (MAY): suggested 64 KB
  std::uint64_t fetch_timeout_ms = 60000;   // R-3.3-9 (MAY): suggested 1 minute
  unix_seconds failed_fetch_backoff = 300;  // R-3.3-8 (SHOULD): 5 minutes per id
  unix_seconds refresh_interval = 86400;    // R-3.3-12 (SHOULD): about once a day
  bool require_text_plain = true;           // R-3.2-2 (SHOULD)
  int max_cname_depth = 8;                  // R-3.1-10 (and _smtp._tls): follow chains, not forever
  txt_options txt;
  policy_options policy;  // max_size is replaced by max_body
};

// Something that went wrong, with the parse token or HTTP status as detail.
struct event {
  error_code code;
  std::string detail;
  friend bool operator==(const event&, const event&) = default;
};

enum class policy_source : std::uint8_t {
  none,     // no policy applies (R-3.3-10, R-3.1-7)
  fetched,  // fetched during this call
  cached,   // an unexpired cached policy (R-3.3-11)
};

struct lookup_result {
  policy_source source = policy_source::none;
  std::optional<cache_entry> in_force;  // set unless source is none; mode none means inactive
  std::optional<std::string> txt_id;    // the id DNS published, when a record was usable
  std::vector<event> events;            // failures seen, in order
  int fetches = 0;                      // HTTPS fetches made
  bool alert = false;                   // R-3.3-12: a refresh failed (not for mode none)

  // Whether MTA-STS constrains delivery: a policy in force whose mode is not none.
  [[nodiscard]] bool active() const;
};

// What a sending MTA observed while trying one MX (the engine never connects itself).
struct mx_observation {
  std::string host;  // the MX target from DNS
  bool starttls_offered = true;
  bool tls_failed = false;                        // negotiation failed after STARTTLS
  std::optional<cert_chain> chain;                // presented by the server
  std::optional<cert_status> transport_verified;  // when the TLS stack judged the chain
};

struct mx_verdict {
  std::string host;
  std::optional<error_code> failure;  // nullopt: the MX validates (R-4-1)
  [[nodiscard]] bool valid() const { return !failure.has_value(); }
};

enum class mx_action : std::uint8_t {
  deliver,  // no policy, mode none, a valid MX, or testing mode
  skip,     // enforce: treat as unreachable, a temporary failure (§8.4, R-5-2)
};

struct mx_decision {
  mx_verdict verdict;
  mx_action action = mx_action::deliver;
  std::optional<std::string_view> report;  // RFC 8460 §4.3 result type to report
};

struct delivery_plan {
  std::optional<policy_mode> mode;  // nullopt: no policy in force
  std::vector<mx_decision> mx;      // in the order given (priority order)
  // enforce with no valid MX: the message may only fail temporarily until
  // may_fail_permanently() confirms the published id is unchanged (R-5-1).
  bool temporary_failure = false;
};

class engine {
 public:
  // Without an idna_port the engine refuses U-labels (HOST_IDNA_UNAVAILABLE, refusing_idna in
  // mtasts/engine/idna.h); with one, a Policy Domain or MX host given as U-labels is
  // converted to A-labels first (RFC 6125 §6.4.2). ASCII names never reach the port.
  engine(dns_port& dns, https_port& https, clock_port& clock, cache_port& cache, x509_port& x509,
         engine_config config = {});
  engine(dns_port& dns, https_port& https, clock_port& clock, cache_port& cache, x509_port& x509,
         idna_port& idna, engine_config config = {});

  // §5.1 step 1: the policy that applies to mail for domain now; discovers, fetches and
  // caches as the rules require. domain may be given in U-labels (see the constructor); the
  // cache key, DNS names and URL use its A-labels.
  lookup_result lookup(std::string_view domain);

  // R-3.3-12 / §10.2: whether the cached policy is due for a proactive refresh.
  bool refresh_due(std::string_view domain);
  // A background refresh (§10.2): refetches whatever the TXT record says, even when DNS
  // fails (then under the cached id); keeps the cache on failure.
  lookup_result refresh(std::string_view domain);

  // R-4-1: pattern match (§4.1), STARTTLS and certificate (§4.2) for one MX. An MX host in
  // U-labels is matched and verified as its A-labels; one that is no valid IDN matches no
  // pattern (MX_NOT_IN_POLICY).
  mx_verdict validate_mx(const mtasts::policy& policy, const mx_observation& mx);

  // §5: what to do with each MX, by mode.
  delivery_plan decide(const lookup_result& lookup, const std::vector<mx_observation>& mxs);

  // RFC 8460 §3 (R-8460-3-1, R-8460-3-7): the TLS-RPT record of domain, from
  // _smtp._tls.<domain> (CNAMEs followed); the rua URIs, or the event that prevented finding them.
  struct tlsrpt_lookup_result {
    std::vector<std::string> rua;
    std::optional<event> failure;
  };
  tlsrpt_lookup_result lookup_tlsrpt(std::string_view domain);

  // R-5-1: before failing a message permanently under enforce, check DNS for a new id.
  // True when DNS still publishes applied_id, or answers that nothing usable is published
  // (NXDOMAIN, NODATA, an invalid record); false for a new id and for SERVFAIL or a
  // timeout, which check nothing.
  bool may_fail_permanently(std::string_view domain, std::string_view applied_id);

 private:
  struct discovery {
    std::optional<std::string> id;
    std::optional<event> failure;
  };
  discovery discover(std::string_view domain);
  std::optional<event> fetch(std::string_view domain, unix_seconds now, mtasts::policy& out,
                             int& fetches);
  lookup_result resolve(std::string_view domain, bool force_fetch);

  dns_port& dns_;
  https_port& https_;
  clock_port& clock_;
  cache_port& cache_;
  x509_port& x509_;
  idna_port& idna_;
  engine_config config_;
};

// RFC 8460 §4.3: the result type a failure is reported as; nullopt for failures that are
// not reported (DNS failures, back-off: §4.3.4 transient or not a policy failure).
std::optional<std::string_view> tlsrpt_result_type(error_code failure) noexcept;

}  // namespace mtasts::engine
