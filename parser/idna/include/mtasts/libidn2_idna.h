// SPDX-License-Identifier: Apache-2.0
// mtasts::idna: the engine's idna_port with libidn2 (IDNA2008 lookup, RFC 5891 §5, with the
// UTS #46 non-transitional mapping that browsers and mail software use).
#pragma once

#include <string>
#include <string_view>

#include "mtasts/engine/ports.h"

namespace mtasts::engine {

// U-labels to A-labels, label by label (labels split at '.'; UTS #46 also maps the dot
// variants U+3002, U+FF0E, U+FF61 inside a label to '.'):
//  - an empty label stays empty (parse_host_name reports it afterwards);
//  - an ASCII label is lower-cased; one starting with "xn--" must decode to a valid U-label
//    that encodes back to the same A-label (HOST_IDNA_NOT_ROUND_TRIP otherwise);
//  - any other label goes through libidn2's lookup (non-transitional).
// Errors point at the start of the label at fault. Names up to the DNS limits only: a
// label over 63 octets as A-label is HOST_LABEL_LENGTH. Thread-safe (no state).
class libidn2_idna final : public idna_port {
 public:
  result<std::string> to_ascii(std::string_view name) override;
};

}  // namespace mtasts::engine
