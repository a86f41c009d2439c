// SPDX-License-Identifier: Apache-2.0
#include "mtasts/version.h"

namespace mtasts {

std::string_view version() noexcept { return MTASTS_VERSION_STRING; }

}  // namespace mtasts
