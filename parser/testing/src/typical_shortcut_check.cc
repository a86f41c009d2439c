// SPDX-License-Identifier: Apache-2.0
// The typical-vs-exact comparison (see typical_shortcut_check.h).
#include "mtasts/testing/typical_shortcut_check.h"

#include <algorithm>
#include <sstream>

#include "mtasts/error.h"
#include "policy_exact.h"

namespace mtasts::test_support {

// Every profile, the lenient set, and each option that changes a decision the typical reader
// or the state it hands over could influence.
std::vector<mtasts::policy_options> typical_shortcut_option_sets() {
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

std::string describe_outcome(const mtasts::result<mtasts::policy_view>& r) {
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

namespace {

// The same bytes of the body: equal text at the same address.
bool same_view(std::string_view a, std::string_view b) {
  return a.data() == b.data() && a.size() == b.size();
}

}  // namespace

// "" when parse_policy with mx_slots and extension_slots of storage gives exactly what the
// exact path gives on body under options: the same error (offset, line and column included),
// or the same fields as views of the same bytes of the body; else what differs.
std::string typical_vs_exact(std::string_view body, const mtasts::policy_options& options,
                             std::size_t mx_slots, std::size_t extension_slots) {
  std::vector<std::string_view> mx_a(mx_slots), mx_b(mx_slots);
  std::vector<mtasts::extension> ext_a(extension_slots), ext_b(extension_slots);
  const auto fast = mtasts::parse_policy(body, mtasts::policy_storage{mx_a, ext_a}, options);
  const auto exact =
      mtasts::detail::parse_policy_exact(body, mtasts::policy_storage{mx_b, ext_b}, options);
  bool same = fast.ok() == exact.ok();
  if (same && !fast.ok()) same = fast.error() == exact.error();
  if (same && fast.ok()) {
    const mtasts::policy_view& a = fast.value();
    const mtasts::policy_view& b = exact.value();
    same =
        same_view(a.version, b.version) && a.mode == b.mode && a.max_age == b.max_age &&
        std::equal(a.mx.begin(), a.mx.end(), b.mx.begin(), b.mx.end(), same_view) &&
        std::equal(a.extensions.begin(), a.extensions.end(), b.extensions.begin(),
                   b.extensions.end(), [](const mtasts::extension& x, const mtasts::extension& y) {
                     return same_view(x.name, y.name) && same_view(x.value, y.value);
                   });
  }
  if (same) return "";
  return "parse_policy: " + describe_outcome(fast) + "; exact path: " + describe_outcome(exact);
}

// "" when parse_policy, with mx_slots and extension_slots of storage, and the owning and
// validity APIs all agree with the exact path on body under options; else what differs.
std::string typical_shortcut_difference(std::string_view body,
                                        const mtasts::policy_options& options, std::size_t mx_slots,
                                        std::size_t extension_slots) {
  if (std::string diff = typical_vs_exact(body, options, mx_slots, extension_slots);
      !diff.empty()) {
    return diff;
  }
  // The validity and owning APIs have no storage limit: against the exact path with room
  // for every line.
  std::vector<std::string_view> mx_all(body.size() + 1);
  std::vector<mtasts::extension> ext_all(body.size() + 1);
  const auto unlimited =
      mtasts::detail::parse_policy_exact(body, mtasts::policy_storage{mx_all, ext_all}, options);
  if (mtasts::is_valid_policy(body, options) != unlimited.ok()) return "is_valid_policy differs";
  const auto owning = mtasts::parse_policy(body, options);
  if (owning.ok() != unlimited.ok() ||
      (owning.ok() && owning.value() != mtasts::to_policy(unlimited.value())) ||
      (!owning.ok() && !(owning.error() == unlimited.error()))) {
    return "owning parse_policy differs";
  }
  return "";
}

}  // namespace mtasts::test_support
