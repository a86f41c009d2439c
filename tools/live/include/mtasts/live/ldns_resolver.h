// SPDX-License-Identifier: Apache-2.0
// The engine's dns_port over ldns: TXT answers with their character-strings kept split
// (RFC 8461 §3.1, R-3.1-9), plus the MX and address look-ups the live tools need, all
// through the same resolver so that --resolver applies to every name. Only an answer to the
// question is taken (ID, question, server); one that cannot be read is dns_status::malformed.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/engine/ports.h"
#include "mtasts/live/server_address.h"

namespace mtasts::live {

struct mx_lookup {
  engine::dns_status status = engine::dns_status::noerror;
  std::vector<std::string> hosts;  // by preference, lowest first; no trailing dot
  bool null_mx = false;            // RFC 7505: "0 ." — the domain accepts no mail
};

class ldns_resolver final : public engine::dns_port {
 public:
  // server: nullopt reads the system's /etc/resolv.conf. Throws std::runtime_error when
  // the resolver cannot be set up.
  ldns_resolver(const std::optional<server_address>& server, std::chrono::seconds timeout);
  ~ldns_resolver() override;
  ldns_resolver(const ldns_resolver&) = delete;
  ldns_resolver& operator=(const ldns_resolver&) = delete;

  engine::txt_answer query_txt(std::string_view name) override;
  // The MX hosts of domain sorted by preference (RFC 5321 §5.1).
  mx_lookup query_mx(std::string_view domain);
  // The IPv4 addresses of host, then its IPv6 addresses, as numeric strings.
  std::vector<std::string> query_addresses(std::string_view host);
  // Why the last query got no answer ("" when it did), for progress lines.
  [[nodiscard]] const std::string& last_error() const;
  // The servers asked, in order, for progress lines: "127.0.0.1:5353", "[::1]:53, 10.0.0.1:53".
  [[nodiscard]] const std::string& servers_text() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace mtasts::live
