// SPDX-License-Identifier: Apache-2.0
// Named option bundles: strict, lenient, and peer profiles modelling deployed parsers.
// Each peer profile lists only behaviours confirmed by running the peer's code
// (docs/peers.md, whose row ids the comments give); everything else stays strict.
#include <array>

#include "mtasts/options.h"

namespace mtasts {

txt_options lenient_txt_options() noexcept {
  txt_options o;
  o.allow_trailing_whitespace = true;
  o.allow_empty_fields = true;
  return o;
}

policy_options lenient_policy_options() noexcept {
  policy_options o;
  o.allow_blank_lines = true;
  o.allow_leading_bom = true;
  o.allow_cr_line_endings = true;
  o.allow_whitespace_around_name = true;
  o.max_age_over_ceiling = max_age_ceiling::clamp;
  return o;
}

tlsrpt_options lenient_tlsrpt_options() noexcept {
  tlsrpt_options o;
  o.allow_trailing_whitespace = true;
  o.allow_empty_fields = true;
  return o;
}

namespace {

parser_profile pmsr() {
  parser_profile p{
      "pmsr", "postfix-mta-sts-resolver 1.1.2-1.5.0 (utils.py + resolver.py checks)", {}, {}, {}};
  p.txt.duplicate_id = duplicate_field::last;         // T17: dict, last wins
  p.txt.selection_prefix_without_semicolon = true;    // startswith('v=STSv1')
  p.policy.allow_cr_line_endings = true;              // P04: str.splitlines()
  p.policy.allow_blank_lines = true;                  // P40/P41
  p.policy.ignore_malformed_lines = true;             // P42/P49: no ':' → skipped
  p.policy.duplicate_fields = duplicate_field::last;  // P11/P12
  p.policy.malformed_fields = malformed_registered_field::validate_chosen;
  p.policy.unchecked_mx = true;        // P31/P33-P37/P43
  p.policy.python_int_max_age = true;  // P20/P22/P27
  return p;
}

parser_profile mailauth_strict() {
  parser_profile p{
      "mailauth-strict", "mailauth 7.1.0 parsePolicy(text, {strict: true})", {}, {}, {}};
  p.policy.allow_blank_lines = true;       // P40/P41
  p.policy.ignore_malformed_lines = true;  // P42/P49; P07 leading-WSP keys are skipped
  // A seen-set keeps the first line of each name, valid or not, and checks it afterwards.
  p.policy.malformed_fields = malformed_registered_field::validate_chosen;
  p.policy.reject_malformed_mx = true;  // invalid_sts_mx whatever the mode
  return p;
}

parser_profile mox() {
  parser_profile p{"mox", "mox mtasts/parse.go @1c95876", {}, {}, {}};
  p.txt.duplicate_id = duplicate_field::reject;                    // T17 (B6)
  p.policy.max_age_over_ceiling = max_age_ceiling::accept;         // P18b: no ceiling
  p.policy.malformed_fields = malformed_registered_field::reject;  // every line validated
  p.policy.reject_numeric_mx = true;                               // P34
  return p;
}

parser_profile postfix_tlspol() {
  parser_profile p{"postfix-tlspol", "postfix-tlspol internal/mta-sts.go @ffe1e2d", {}, {}, {}};
  p.policy.max_age_over_ceiling = max_age_ceiling::clamp;  // P18b: clamped to 31557600
  p.policy.allow_mx_trailing_dot = true;                   // P31: kept with its dot
  p.policy.reject_numeric_mx = true;                       // P34: valid.IsDNSName
  return p;
}

const std::array<parser_profile, 6>& profiles() {
  static const std::array<parser_profile, 6> all{
      parser_profile{"strict", "RFC 8461 / RFC 8460 as written (the default)", {}, {}, {}},
      parser_profile{"lenient", "every relaxation, no behaviour change on strict-valid input",
                     lenient_txt_options(), lenient_policy_options(), lenient_tlsrpt_options()},
      pmsr(),
      mailauth_strict(),
      mox(),
      postfix_tlspol(),
  };
  return all;
}

}  // namespace

std::span<const parser_profile> all_profiles() noexcept { return profiles(); }

std::optional<parser_profile> find_profile(std::string_view name) noexcept {
  for (const parser_profile& p : profiles()) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

}  // namespace mtasts
