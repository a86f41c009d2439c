// SPDX-License-Identifier: Apache-2.0
// Field names that almost match: a case change, one character off, a registered name of
// another grammar, or an extension name.
#pragma once
#include <string>
#include <string_view>

#include "fuzz_mutators/grammar.h"
#include "fuzz_mutators/rng.h"

namespace mtasts_fuzz::mutators {

// One character of `name` upper/lower-cased, or the whole name upper-cased (`Mode`, `MODE`).
std::string case_changed(std::string_view name, rng& random);
// One character replaced, inserted, deleted, or two neighbours transposed (`mdoe`, `max-age`).
std::string one_char_off(std::string_view name, rng& random);
// A replacement name for a field of grammar g: its own registered names most often, then a
// near miss of `current` (case or one character), another grammar's registered names, and
// the extension-name table.
std::string replacement_name(grammar g, std::string_view current, rng& random);

}  // namespace mtasts_fuzz::mutators
