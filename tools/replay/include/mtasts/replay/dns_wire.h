// SPDX-License-Identifier: Apache-2.0
// DNS messages on the wire (RFC 1035 §4), encoded and decoded by ldns: a query in, the
// replay's answer out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mtasts/replay/replay_world.h"

namespace mtasts::replay {

struct dns_question {
  std::string name;  // lower-cased, no trailing dot (as logged)
  std::string type;  // mnemonic: TXT, A, AAAA, MX, CNAME, TYPE65...
};

struct dns_reply {
  std::optional<dns_question> question;           // when the query had one
  std::optional<std::vector<std::uint8_t>> wire;  // nothing: stay silent
};

// Answers one query message. `udp` limits the answer to 512 bytes, or to the EDNS(0) size the
// query advertises (RFC 6891 §6.2.5), setting TC when it does not fit (RFC 1035 §4.2.1).
dns_reply answer_query(const replay_world& world, const std::uint8_t* query, std::size_t size,
                       bool udp);

}  // namespace mtasts::replay
