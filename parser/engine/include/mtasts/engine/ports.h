// SPDX-License-Identifier: Apache-2.0
// The engine's ports: everything it learns about the world comes through these.
// The engine never reads a clock, sleeps or opens a socket (docs/ARCHITECTURE.md): DNS answers,
// HTTPS exchanges, time, the cache, certificate verification and IDNA conversion are injected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/policy.h"
#include "mtasts/result.h"

namespace mtasts::engine {

// Seconds since the Unix epoch, as given by the clock port.
using unix_seconds = std::int64_t;

// --- DNS ---------------------------------------------------------------------------------
enum class dns_status : std::uint8_t {
  noerror,    // an answer (possibly NODATA: no records of the type)
  nxdomain,   // the name does not exist
  servfail,   // SERVFAIL, REFUSED or any other failure the resolver reports
  timeout,    // no answer in time
  malformed,  // an answer to the question that cannot be read (live resolvers only)
};

struct txt_answer {
  dns_status status = dns_status::noerror;
  // A CNAME at the queried name, when the resolver returned one instead of TXT records
  // (the engine follows it, R-3.1-10).
  std::optional<std::string> cname;
  // Each TXT record as its character-strings, kept split (R-3.1-9 joins them).
  std::vector<std::vector<std::string>> records;
};

class dns_port {
 public:
  virtual ~dns_port() = default;
  virtual txt_answer query_txt(std::string_view name) = 0;
};

// --- certificates ------------------------------------------------------------------------
enum class cert_status : std::uint8_t { valid, untrusted, expired, not_yet_valid, name_mismatch };

// A certificate chain as presented by a server: PEM or DER blocks, leaf first.
struct cert_chain {
  std::vector<std::string> certificates;
};

enum class name_rule : std::uint8_t {
  policy_host,  // RFC 8461 §3.3: whole-label wildcard only
  mx_host,      // RFC 8461 §4.2 with RFC 6125 §6.4.3
};

class x509_port {
 public:
  virtual ~x509_port() = default;
  // Chain to the trust roots at time `at`, then match a SAN DNS-ID (never the CN) of the
  // leaf to `host` under `rule`.
  virtual cert_status verify(const cert_chain& chain, std::string_view host, name_rule rule,
                             unix_seconds at) = 0;
};

// --- HTTPS -------------------------------------------------------------------------------
struct https_request {
  std::string url;  // https://mta-sts.<domain>/.well-known/mta-sts.txt (R-3.2-1)
  std::string sni;  // mta-sts.<domain> (R-7.1)
  std::uint64_t timeout_ms = 60000;
  std::size_t max_body = 65536;  // the transport may stop reading after max_body + 1 bytes
};

enum class transport_status : std::uint8_t {
  completed,  // a full HTTP response (which may be truncated at max_body + 1)
  connect_error,
  tls_error,  // handshake failed before any certificate could be judged
  timeout,
};

struct https_response {
  transport_status transport = transport_status::completed;
  // Either the chain the server presented (verified by the engine through x509_port), or
  // the transport's own verdict when it verified the certificate itself.
  std::optional<cert_chain> chain;
  std::optional<cert_status> transport_verified;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, in order
  std::string body;
  bool body_truncated = false;  // the transport stopped reading at max_body + 1
};

class https_port {
 public:
  virtual ~https_port() = default;
  virtual https_response fetch(const https_request& request) = 0;
};

// --- clock -------------------------------------------------------------------------------
class clock_port {
 public:
  virtual ~clock_port() = default;
  virtual unix_seconds now() = 0;
};

// --- cache -------------------------------------------------------------------------------
struct cache_entry {
  std::string id;  // the TXT id the policy was fetched under
  mtasts::policy policy;
  unix_seconds fetched_at = 0;  // max_age counts from here (R-3.2-5)
};

class cache_port {
 public:
  virtual ~cache_port() = default;
  virtual std::optional<cache_entry> get(std::string_view domain) = 0;
  virtual void put(std::string_view domain, const cache_entry& entry) = 0;
  virtual void erase(std::string_view domain) = 0;
  // R-3.3-8: when a fetch of the policy published under `id` last failed, if it did.
  // Remembered per (domain, id), so ids that alternate keep their own back-off.
  virtual std::optional<unix_seconds> failed_fetch(std::string_view domain,
                                                   std::string_view id) = 0;
  virtual void record_failed_fetch(std::string_view domain, std::string_view id,
                                   unix_seconds at) = 0;
  virtual void clear_failed_fetches(std::string_view domain) = 0;
};

// --- IDNA ------------------------------------------------------------------------------
// U-labels to A-labels (RFC 6125 §6.4.2, RFC 5891 §5): a host name given with non-ASCII
// labels is converted before any DNS name is built or matched. The engine only asks for
// names with at least one non-ASCII byte (to_a_labels() in mtasts/engine/idna.h), so ASCII
// names behave the same whatever port is plugged in. mtasts::idna implements it with libidn2;
// refusing_idna (mtasts/engine/idna.h) is the default of builds without it.
class idna_port {
 public:
  virtual ~idna_port() = default;
  // The name in A-labels, lower case, label by label (an ASCII label stays as it is, lower
  // cased; an 'xn--' label must round-trip). Errors are HOST_IDNA_* (or HOST_LABEL_LENGTH,
  // HOST_NAME_LENGTH, HOST_HYPHEN), their offset at the start of the label at fault in name.
  // The result is not yet a checked host name: callers run parse_host_name() on it.
  virtual result<std::string> to_ascii(std::string_view name) = 0;
};

}  // namespace mtasts::engine
