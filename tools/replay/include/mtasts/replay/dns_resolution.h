// SPDX-License-Identifier: Apache-2.0
// What the replay's DNS server answers for one question, before any wire encoding: the
// records a recursive resolver would return from the recorded world (fixtures/FORMAT.md
// "Step" `dns`, plus A/AAAA for the hosts served and MX for a deliver step).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mtasts/replay/replay_world.h"

namespace mtasts::replay {

// Record types by their RFC 1035 §3.2.2 / RFC 3596 codes.
enum class rr_type : std::uint16_t { a = 1, cname = 5, mx = 15, txt = 16, aaaa = 28 };

struct dns_record {
  std::string owner;  // lower-cased, no trailing dot
  rr_type type = rr_type::a;
  std::string address;               // A
  std::string target;                // CNAME, MX exchange
  std::uint16_t preference = 0;      // MX
  std::vector<std::string> strings;  // TXT character-strings
};

struct dns_resolution {
  bool answer = true;      // false: a recorded TIMEOUT, the server stays silent
  std::uint8_t rcode = 0;  // RFC 1035 §4.1.1: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN
  std::vector<dns_record> records;
};

inline constexpr std::uint8_t rcode_noerror = 0;
inline constexpr std::uint8_t rcode_formerr = 1;
inline constexpr std::uint8_t rcode_servfail = 2;
inline constexpr std::uint8_t rcode_nxdomain = 3;
inline constexpr std::uint8_t rcode_notimp = 4;

// `name` as name_key() gives it; `type` the question's QTYPE.
dns_resolution resolve(const replay_world& world, const std::string& name, std::uint16_t type);

}  // namespace mtasts::replay
