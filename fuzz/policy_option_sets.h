// SPDX-License-Identifier: Apache-2.0
// The policy option sets the policy fuzz targets run besides strict, and what each promises
// relative to strict: shared by fuzz_policy (the promises) and fuzz_policy_diagnosis (the
// diagnosis of every set), so both walk the same sets in the same order (runs_set).
#pragma once

#include <string_view>
#include <vector>

#include "fuzz_support.h"

MTASTS_FUZZ_HARNESS_BEGIN

namespace mtasts_fuzz::policy_sets {

// Option sets besides strict, in the order of mtasts_fuzz::runs_set: relaxations (strict ⊆
// them with identical fields; set 0 is lenient_policy_options()), the "strict" profile
// (identical to the default), single behaviours, then the peer profiles (generic only).
enum class kind {
  relaxation,      // accepts a superset, identical fields on strict-valid input
  same_as_strict,  // the "strict" profile
  trailing_dot,    // allow_mx_trailing_dot (P31, A-15): keeps the RFC shape, may move lines
  rejects_only,    // accepts a subset; numeric mx may become extensions (P34)
  rejects_equal,   // accepts a subset with identical fields (duplicate_fields=reject)
  peer,            // a behaviour or peer profile: generic invariants only
};
struct option_set {
  std::string_view name;
  mtasts::policy_options options;
  kind k;
};
inline const std::vector<option_set>& option_sets() {
  static const std::vector<option_set> sets = [] {
    std::vector<option_set> v;
    for (const auto& [name, options] : mtasts_fuzz::policy_relaxations()) {
      v.push_back({name, options, kind::relaxation});
    }
    v.push_back(
        {"profile strict", mtasts::find_profile("strict").value().policy, kind::same_as_strict});
    mtasts::policy_options o;
    o.allow_mx_trailing_dot = true;
    v.push_back({"allow_mx_trailing_dot", o, kind::trailing_dot});
    o = {};
    o.reject_numeric_mx = true;
    v.push_back({"reject_numeric_mx", o, kind::rejects_only});
    o = {};
    o.reject_malformed_mx = true;  // mailauth 7 strict: invalid_sts_mx whatever the mode
    v.push_back({"reject_malformed_mx", o, kind::rejects_equal});
    o = {};
    o.duplicate_fields = mtasts::duplicate_field::reject;  // KumoMTA, checkdmarc
    v.push_back({"duplicate_fields=reject", o, kind::rejects_equal});
    o = {};
    o.duplicate_fields = mtasts::duplicate_field::last;  // pmsr, go-mtasts, Stalwart
    v.push_back({"duplicate_fields=last", o, kind::peer});
    for (const mtasts::parser_profile& p : mtasts_fuzz::peer_profiles()) {
      v.push_back({p.name, p.policy, kind::peer});
    }
    return v;
  }();
  return sets;
}

}  // namespace mtasts_fuzz::policy_sets

MTASTS_FUZZ_HARNESS_END
