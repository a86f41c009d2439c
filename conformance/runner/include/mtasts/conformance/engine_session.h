// SPDX-License-Identifier: Apache-2.0
// Our engine as a shim (conformance/PROTOCOL.md): the reference D1 implementation. The
// runner answers every DNS, HTTPS and SMTP question, so a session proves the protocol end
// to end on the implementation whose results are known.
#pragma once

#include <iosfwd>

#include "mtasts/conformance/fixture.h"
#include "mtasts/engine/idna.h"

namespace mtasts::conformance {

// `SHIM --capabilities` for our engine.
json engine_shim_capabilities(const std::string& version);

// `SHIM session`: reads the runner's messages from `in`, writes ours to `out`. Returns the
// exit status: 0 after "end", 2 when the runner broke the protocol (stderr says how). The
// engine converts U-labels with idna (the default refuses them).
int run_engine_session(std::istream& in, std::ostream& out,
                       engine::idna_port& idna = engine::default_idna());

}  // namespace mtasts::conformance
