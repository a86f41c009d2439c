// SPDX-License-Identifier: Apache-2.0
// Deterministic by default: when RC_PARAMS is not set, use the seed and case count CI uses
// (tools/test-all.sh exports the same value). RapidCheck reads RC_PARAMS lazily, at the first
// property, so setting it during static initialization is early enough; an RC_PARAMS given in
// the environment (e.g. with reproduce=...) always wins.
#include <cstdlib>

namespace {

const bool rc_params_default = [] {
  setenv("RC_PARAMS", "seed=20261128 max_success=200", /*overwrite=*/0);
  return true;
}();

}  // namespace
