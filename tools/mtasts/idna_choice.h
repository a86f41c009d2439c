// SPDX-License-Identifier: Apache-2.0
// The CLI's IDNA port: mtasts::idna (libidn2) when the build has it (MTASTS_WITH_IDNA), the
// engine's refusing port otherwise. Every command that takes a host or a domain uses it.
#pragma once

#include <string>
#include <string_view>

#include "mtasts/engine/ports.h"

namespace mtasts::cli {

engine::idna_port& cli_idna();

// A Policy Domain argument as the engine keys it (RFC 6125 §6.4.2): its A-labels when it
// has U-labels and is a valid IDN, lower case, without a trailing dot. A name that cannot be
// converted is kept as given, so that the engine reports why as an event (like any other
// domain that is no host name).
std::string domain_argument(std::string_view domain);

}  // namespace mtasts::cli
