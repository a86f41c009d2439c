// SPDX-License-Identifier: Apache-2.0
// The typical-policy reader (parser/core/src/typical_policy.h) against the exact path:
// bodies built mostly from the lines it reads, with the lines and bytes it must hand over
// mixed in, give exactly the exact path's outcome under every option set and storage size.
#include <string>
#include <string_view>
#include <vector>

#include "generators.h"
#include "mtasts/testing/typical_shortcut_check.h"
#include "property_support.h"

namespace {

// One line the typical reader reads, or (one time in four) one it must hand over.
std::string typical_or_other_line() {
  namespace draw = mtasts_props::draw;
  const std::string spaces(static_cast<std::size_t>(draw::between(0, 14)), ' ');
  if (draw::chance(75)) {
    switch (draw::between(0, 4)) {
      case 0:
        return "version:" + spaces + "STSv1";
      case 1:
        return "mode:" + spaces + *rc::gen::element<std::string>("enforce", "testing", "none");
      case 2: {
        std::string digits;
        const int n = draw::between(1, 11);
        for (int i = 0; i < n; ++i) digits += draw::one_of("0123456789");
        return "max_age:" + spaces + digits;
      }
      default:
        return "mx:" + spaces + (draw::chance(25) ? "*." : "") + draw::domain(draw::between(1, 6));
    }
  }
  switch (draw::between(0, 5)) {
    case 0:
      return draw::ext_name() + ":" + draw::wsp(2) + draw::policy_value();
    case 1:
      return "mx: " + draw::domain(3) + *rc::gen::element<std::string>(".", "_", "-", " ", "\t");
    case 2:
      return "mode: " + *rc::gen::element<std::string>("Enforce", "testing ", "none\r", "");
    case 3:
      return draw::wsp(2) + "version: STSv1" + draw::wsp(2);
    case 4:
      return "";
    default:
      return "mx: " + std::to_string(draw::between(0, 255)) + ".0.2.1";
  }
}

RC_GTEST_PROP(TypicalPolicyProperties, TypicalShortcutAgreesWithExactPath, ()) {
  const std::string body = *rc::gen::exec([] {
    std::string out;
    const int lines = mtasts_props::draw::between(0, 9);
    for (int i = 0; i < lines; ++i) {
      out += typical_or_other_line();
      if (i + 1 < lines || mtasts_props::draw::chance(80)) {
        out += *rc::gen::element<std::string>("\n", "\r\n", "\n", "\r");
      }
    }
    return out;
  });
  // Near-valid mutants too: a byte changed, dropped or inserted anywhere.
  const std::string input = *rc::gen::oneOf(rc::gen::just(body), mtasts_props::gen_mutant(body));
  const auto mx_slots = *rc::gen::inRange<std::size_t>(0, 8);
  for (const mtasts::policy_options& o : mtasts::test_support::typical_shortcut_option_sets()) {
    const std::string diff =
        mtasts::test_support::typical_shortcut_difference(input, o, mx_slots, 4);
    RC_ASSERT(diff == "");
  }
}

}  // namespace
