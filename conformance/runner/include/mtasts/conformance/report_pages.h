// SPDX-License-Identifier: Apache-2.0
// The report of one run as a certificate of conformance, in Markdown and as a static HTML
// page: who was tested (implementation and version), the verdict on the MUSTs, which suite
// (mtasts version, digest, date, strict or not), the counts per capability and per RFC
// section, and each deviation with its requirement, what was expected and what was seen.
// `report` is one conform report document (`mtasts conform --json`, --index or --report);
// it is read as untrusted: every field is optional, every string escaped.
#pragma once

#include <string>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

std::string report_markdown(const json& report);
std::string report_html(const json& report);

}  // namespace mtasts::conformance
