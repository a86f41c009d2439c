// SPDX-License-Identifier: Apache-2.0
// What an event means for the senders of a domain and how its operator fixes it, in plain
// words: the second half of every finding `check` and `lint` print (the first half, what was
// seen, is the evidence). One home for this prose; the registry's one-line messages stay the
// parser's.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mtasts/error.h"
#include "mtasts/policy.h"

namespace mtasts::cli {

struct advice {
  std::string title;    // the problem in plain words, for this domain
  std::string meaning;  // "With this, senders ..."
  std::string fix;      // what to change, concretely
};

// domain: the Policy Domain; subject: the MX host or pattern concerned ("" if none); mode: the
// mode of the policy in force, when there is one (MX findings depend on it, RFC 8461 §5).
advice advice_for(error_code code, std::string_view domain, std::string_view subject = {},
                  std::optional<policy_mode> mode = std::nullopt);

// The registry's message with its placeholder filled in ("mta-sts.<domain>").
std::string message_for(error_code code, std::string_view domain);

}  // namespace mtasts::cli
