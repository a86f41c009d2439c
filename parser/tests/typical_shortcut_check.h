// The check behind the typical-policy tests (issue #9): parse_policy, which reads the typical
// lines at the start of a body in one pass (parser/src/typical_policy.h), must give exactly
// what the exact line-by-line path alone gives (detail::parse_policy_exact), under every
// option set, with any storage. Shared by fast_path_boundaries_test.cc and the properties.
#pragma once

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mtasts/error.h"
#include "mtasts/options.h"
#include "mtasts/policy.h"
#include "policy_exact.h"

namespace mtasts_test {

// Every profile, the lenient set, and each option that changes a decision the typical reader
// or the state it hands over could influence.
inline std::vector<mtasts::policy_options> typical_shortcut_option_sets() {
  std::vector<mtasts::policy_options> out;
  for (const mtasts::parser_profile& p : mtasts::all_profiles()) out.push_back(p.policy);
  out.push_back(mtasts::lenient_policy_options());
  for (auto d : {mtasts::duplicate_field::last, mtasts::duplicate_field::reject}) {
    mtasts::policy_options o;
    o.duplicate_fields = d;
    out.push_back(o);
  }
  for (auto m : {mtasts::malformed_registered_field::reject,
                 mtasts::malformed_registered_field::validate_chosen}) {
    mtasts::policy_options o;
    o.malformed_fields = m;
    out.push_back(o);
  }
  for (auto c : {mtasts::max_age_ceiling::clamp, mtasts::max_age_ceiling::accept}) {
    mtasts::policy_options o;
    o.max_age_over_ceiling = c;
    out.push_back(o);
  }
  mtasts::policy_options o;
  o.ignore_malformed_lines = true;
  out.push_back(o);
  o = {};
  o.python_int_max_age = true;
  out.push_back(o);
  o = {};
  o.max_size = 40;  // smaller than most test bodies
  out.push_back(o);
  return out;
}

inline std::string describe_outcome(const mtasts::result<mtasts::policy_view>& r) {
  std::ostringstream s;
  if (!r.ok()) {
    s << mtasts::token(r.error().code) << "@" << r.error().offset << " (" << r.error().line << ":"
      << r.error().column << ")";
    return s.str();
  }
  const mtasts::policy p = mtasts::to_policy(r.value());
  s << "ok " << p.version << " " << mtasts::to_string(p.mode) << " " << p.max_age << " mx[";
  for (const std::string& m : p.mx) s << m << ",";
  s << "] ext[";
  for (const auto& [n, v] : p.extensions) s << n << "=" << v << ",";
  s << "]";
  return s.str();
}

inline bool unlimited_ok(std::string_view body, const mtasts::policy_options& options) {
  std::vector<std::string_view> mx(body.size() + 1);
  std::vector<mtasts::extension> ext(body.size() + 1);
  return mtasts::detail::parse_policy_exact(body, mtasts::policy_storage{mx, ext}, options).ok();
}

// "" when parse_policy, with mx_slots and extension_slots of storage, and the owning and
// validity APIs all agree with the exact path on body under options; else what differs.
inline std::string typical_shortcut_difference(std::string_view body,
                                               const mtasts::policy_options& options,
                                               std::size_t mx_slots = 256,
                                               std::size_t extension_slots = 256) {
  std::vector<std::string_view> mx_a(mx_slots), mx_b(mx_slots);
  std::vector<mtasts::extension> ext_a(extension_slots), ext_b(extension_slots);
  const auto fast = mtasts::parse_policy(body, mtasts::policy_storage{mx_a, ext_a}, options);
  const auto exact =
      mtasts::detail::parse_policy_exact(body, mtasts::policy_storage{mx_b, ext_b}, options);
  const std::string got = describe_outcome(fast), want = describe_outcome(exact);
  if (got != want) return "parse_policy: " + got + "; exact path: " + want;
  // The views point into the body, as the exact path's do.
  if (fast.ok() && fast.value().version.data() != exact.value().version.data()) {
    return "version is not the body's own view";
  }
  if (mtasts::is_valid_policy(body, options) != unlimited_ok(body, options)) {
    return "is_valid_policy differs";
  }
  // The owning API has no storage limit: against the exact path with room for every line.
  std::vector<std::string_view> mx_all(body.size() + 1);
  std::vector<mtasts::extension> ext_all(body.size() + 1);
  const auto unlimited =
      mtasts::detail::parse_policy_exact(body, mtasts::policy_storage{mx_all, ext_all}, options);
  const auto owning = mtasts::parse_policy(body, options);
  if (owning.ok() != unlimited.ok() ||
      (owning.ok() && owning.value() != mtasts::to_policy(unlimited.value())) ||
      (!owning.ok() && !(owning.error() == unlimited.error()))) {
    return "owning parse_policy differs";
  }
  return "";
}

}  // namespace mtasts_test
