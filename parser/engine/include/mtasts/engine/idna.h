// SPDX-License-Identifier: Apache-2.0
// The engine's side of IDNA: when a host name needs the idna_port, and the port of builds
// without IDNA, which refuses every U-label.
#pragma once

#include <string>
#include <string_view>

#include "mtasts/engine/ports.h"
#include "mtasts/result.h"

namespace mtasts::engine {

// Refuses any name with a non-ASCII byte (HOST_IDNA_UNAVAILABLE at the first such byte) and
// returns an ASCII name as it is: the engine's default port, for builds without mtasts::idna
// and for the fuzz targets.
class refusing_idna final : public idna_port {
 public:
  result<std::string> to_ascii(std::string_view name) override;
};

// The one shared refusing port (it has no state).
idna_port& default_idna();

// RFC 6125 §6.4.2: a reference identifier in A-labels. An all-ASCII name is returned as it
// is, without asking the port (so ASCII results never depend on the build); a name with a
// non-ASCII byte is what idna.to_ascii() makes of it.
result<std::string> to_a_labels(idna_port& idna, std::string_view name);

}  // namespace mtasts::engine
