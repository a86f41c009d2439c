// SPDX-License-Identifier: Apache-2.0
// The conformance matrix: tests × implementations from the runs' JSON indexes
// (`mtasts conform --index DIR`), as Markdown and as a static HTML page, each with a pruned
// view that groups tests whose row is the same for every implementation.
#pragma once

#include <string>
#include <vector>

#include "mtasts/conformance/fixture.h"

namespace mtasts::conformance {

std::string matrix_markdown(const std::vector<json>& indexes);
std::string matrix_html(const std::vector<json>& indexes);

}  // namespace mtasts::conformance
