// SPDX-License-Identifier: Apache-2.0
// The CLI's IDNA port (see idna_choice.h).
#include "idna_choice.h"

#include "mtasts/engine/idna.h"
#include "mtasts/live/live_world.h"
#if MTASTS_WITH_IDNA
#include "mtasts/libidn2_idna.h"
#endif

namespace mtasts::cli {

engine::idna_port& cli_idna() {
#if MTASTS_WITH_IDNA
  static engine::libidn2_idna libidn2;
  return libidn2;
#else
  return engine::default_idna();
#endif
}

std::string domain_argument(std::string_view domain) {
  const result<std::string> a_labels = engine::to_a_labels(cli_idna(), domain);
  return live::live_world::normalise_domain(a_labels.ok() ? std::string_view(a_labels.value())
                                                          : domain);
}

}  // namespace mtasts::cli
