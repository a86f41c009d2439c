// SPDX-License-Identifier: Apache-2.0
// One DNS question asked of one server: over UDP, then over TCP when the answer is truncated,
// until a deadline. Only an answer that belongs to the question is taken (RFC 5452 §9.1: the
// source address and port, the transaction ID, and the question's name, type and class).
// ldns_send/ldns_resolver_send take the first datagram from the server's address and check
// neither ID nor question, so the exchange is ours; ldns_wire2pkt still reads every message.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

// ldns/common.h defines `bool` as a macro unless stdbool.h came first (clang breaks on it).
#include <stdbool.h>  // NOLINT(modernize-deprecated-headers)
// clang-format off
#include <ldns/ldns.h>
// clang-format on

namespace mtasts::live {

struct pkt_deleter {
  void operator()(ldns_pkt* p) const noexcept { ldns_pkt_free(p); }
};
using pkt_ptr = std::unique_ptr<ldns_pkt, pkt_deleter>;

// The largest DNS message over TCP (RFC 1035 §4.2.2: a two-byte length) is also the most
// one UDP datagram can carry; a receive buffer of this size never truncates a datagram.
inline constexpr std::size_t max_dns_message_bytes = 65535;

struct dns_exchange_result {
  enum class outcome : std::uint8_t {
    answered,   // `answer` is the server's answer to the question
    malformed,  // the server's answer (its transaction ID) cannot be read: `why` says how
    timeout,    // nothing that belongs to the question arrived in time
  };
  outcome result = outcome::timeout;
  pkt_ptr answer;
  std::string why;
  int ignored = 0;  // datagrams or messages dropped as not ours (spoofed or stray)
};

using dns_clock = std::chrono::steady_clock;

// Sends `query` (its ID and question set) to `server` and waits until `deadline`.
dns_exchange_result exchange(const sockaddr_storage& server, socklen_t server_len,
                             const ldns_pkt& query, bool tcp_fallback,
                             dns_clock::time_point deadline);

}  // namespace mtasts::live
