// SPDX-License-Identifier: Apache-2.0
// Named option bundles: strict, lenient, and peer profiles modelling deployed parsers.
// Each peer profile lists only behaviours confirmed by running the peer's code
// (docs/peers.md, whose row ids the comments give); everything else stays strict.
#include <array>
#include <initializer_list>

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

std::string_view profile_kind_name(profile_kind k) noexcept {
  switch (k) {
    case profile_kind::txt:
      return "txt";
    case profile_kind::policy:
      return "policy";
    case profile_kind::tlsrpt:
      return "tlsrpt";
  }
  return "?";
}

namespace {

constexpr unsigned kinds_of(std::initializer_list<profile_kind> ks) {
  unsigned bits = 0;
  for (profile_kind k : ks) bits |= static_cast<unsigned>(k);
  return bits;
}

// Where generated inputs still find pmsr answering otherwise (docs/FUZZ-DIFF.md): Python's
// str semantics, which the profile's options do not reproduce.
constexpr std::array pmsr_generated_differences{
    profile_gap{"policy: profile accepts, implementation rejects",
                "pmsr decodes the body as ASCII and refuses any other byte (UnicodeDecodeError); "
                "the profile reads UTF-8 extension values and mx U-labels as the grammar allows"},
    profile_gap{"policy: both accept, implementation differs in mx",
                "a line `mx` without ':' is an mx with an empty value for pmsr (str.partition); "
                "the profile skips a line without ':'"},
    profile_gap{"policy: profile rejects (POLICY_MX_MISSING), implementation accepts",
                "the same line `mx` without ':', which pmsr counts as an mx"},
    profile_gap{"policy: profile rejects (POLICY_MAX_AGE_MISSING), implementation accepts",
                "int() strips Python whitespace, which includes \x1c-\x1f, VT and FF; the "
                "profile skips a max_age line holding such a control character"},
    profile_gap{"policy: profile rejects (POLICY_MODE_MISSING), implementation accepts",
                "str.splitlines() also ends a line at VT, FF and \x1c-\x1e; the profile ends "
                "lines at LF, CRLF and CR only"},
    profile_gap{"policy: profile rejects (POLICY_VERSION_MISSING), implementation accepts",
                "the same splitlines() line ends"},
    profile_gap{"policy: profile rejects (POLICY_VERSION_VALUE), implementation accepts",
                "the same splitlines() line ends: a later version line after VT or FF is read"},
    profile_gap{"policy: both accept, implementation differs in max_age",
                "the same splitlines() line ends: a later max_age after VT or FF wins"},
    profile_gap{"txt: profile rejects (TXT_SELECT_MULTIPLE), implementation accepts",
                "pmsr drops a TXT record that is not ASCII before it counts the v=STSv1 records"},
};

parser_profile pmsr() {
  parser_profile p{"pmsr", "postfix-mta-sts-resolver 1.1.2-1.5.0 (utils.py + resolver.py checks)",
                   {},     {},
                   {},     all_profile_kinds,
                   {},     {}};
  p.txt.duplicate_id = duplicate_field::last;         // T17: dict, last wins
  p.txt.selection_prefix_without_semicolon = true;    // startswith('v=STSv1')
  p.txt.python_dict_fields = true;                    // T06/T08-T10/T18/T20/T22: a dict
  p.policy.allow_cr_line_endings = true;              // P04: str.splitlines()
  p.policy.allow_blank_lines = true;                  // P40/P41
  p.policy.ignore_malformed_lines = true;             // P42/P49: no ':' → skipped
  p.policy.duplicate_fields = duplicate_field::last;  // P11/P12
  p.policy.malformed_fields = malformed_registered_field::validate_chosen;
  p.policy.unchecked_mx = true;                                   // P31/P33-P37/P43
  p.policy.python_int_max_age = true;                             // P20/P22/P27
  p.kinds = kinds_of({profile_kind::txt, profile_kind::policy});  // pmsr has no TLS-RPT code
  p.generated_differences = pmsr_generated_differences;
  return p;
}

// mailauth normalises mx values; our policy keeps views into the body as written.
constexpr std::array mailauth_strict_differences{
    profile_difference{"rfc8461/3.2/mailauth-policy-mx-repeated-and-case",
                       "mailauth lower-cases mx patterns and drops repeats; the profile keeps "
                       "every line as written (matching ignores case: same decisions)"},
    profile_difference{"rfc8461/3.2/mailauth-policy-mx-wildcard-uppercase",
                       "mailauth lower-cases mx patterns; the profile keeps them as written "
                       "(matching ignores case: same decisions)"},
};

// Where generated inputs still find mailauth 7 strict answering otherwise
// (docs/FUZZ-DIFF.md): JavaScript's trim() and a split at LF only.
constexpr std::array mailauth_strict_generated_differences{
    profile_gap{"policy: profile accepts, implementation rejects",
                "an mx line whose value is only characters trim() removes (VT, FF) is an empty "
                "mx to mailauth, which refuses the policy whatever the mode; the profile skips "
                "the line as malformed"},
    profile_gap{"policy: both accept, implementation differs in mx",
                "mailauth splits lines at LF only: an mx line after a bare CR is part of the "
                "line before it; the profile reads on after the CR"},
    profile_gap{"policy: profile rejects (MX_PATTERN_EMPTY_LABEL), implementation accepts",
                "the same split at LF only: a malformed mx after a bare CR is not a line of "
                "its own"},
    profile_gap{"policy: profile rejects (MX_PATTERN_TRAILING_DOT), implementation accepts",
                "the same split at LF only"},
    profile_gap{"policy: profile rejects (MX_PATTERN_WILDCARD), implementation accepts",
                "the same split at LF only"},
    profile_gap{"policy: profile rejects (POLICY_BARE_CR), implementation accepts",
                "the same split at LF only: a bare CR is content, which trim() removes at a "
                "value's end"},
    profile_gap{"policy: profile rejects (POLICY_BOM), implementation accepts",
                "trim() removes U+FEFF, so a leading BOM never reaches a key"},
    profile_gap{"policy: profile rejects (POLICY_TOO_LARGE), implementation accepts",
                "parsePolicy has no size limit; the profile keeps the 64 KiB cap of RFC 8461 "
                "§3.3 that every fetch applies before parsing"},
};

parser_profile mailauth_strict() {
  parser_profile p{"mailauth-strict",
                   "mailauth 7.1.0 parsePolicy(text, {strict: true})",
                   {},
                   {},
                   {},
                   all_profile_kinds,
                   {},
                   {}};
  p.policy.allow_blank_lines = true;       // P40/P41
  p.policy.ignore_malformed_lines = true;  // P42/P49; P07 leading-WSP keys are skipped
  // A seen-set keeps the first line of each name, valid or not, and checks it afterwards.
  p.policy.malformed_fields = malformed_registered_field::validate_chosen;
  p.policy.reject_malformed_mx = true;         // invalid_sts_mx whatever the mode
  p.kinds = kinds_of({profile_kind::policy});  // the strict flag exists for parsePolicy only
  p.differences = mailauth_strict_differences;
  p.generated_differences = mailauth_strict_generated_differences;
  return p;
}

parser_profile mox() {
  parser_profile p{"mox", "mox mtasts/parse.go @1c95876", {}, {}, {}, all_profile_kinds, {}, {}};
  p.txt.duplicate_id = duplicate_field::reject;                    // T17 (B6)
  p.policy.max_age_over_ceiling = max_age_ceiling::accept;         // P18b: no ceiling
  p.policy.malformed_fields = malformed_registered_field::reject;  // every line validated
  p.policy.reject_numeric_mx = true;                               // P34
  p.tlsrpt.merge_rua_fields = true;           // tlsrpt/parse.go: RUAs is a list of lists
  p.tlsrpt.allow_trailing_whitespace = true;  // xruas() skips WSP after the last URI
  return p;
}

parser_profile postfix_tlspol() {
  parser_profile p{"postfix-tlspol",
                   "postfix-tlspol internal/mta-sts.go @ffe1e2d",
                   {},
                   {},
                   {},
                   all_profile_kinds,
                   {},
                   {}};
  p.policy.max_age_over_ceiling = max_age_ceiling::clamp;  // P18b: clamped to 31557600
  p.policy.allow_mx_trailing_dot = true;                   // P31: kept with its dot
  p.policy.reject_numeric_mx = true;                       // P34: valid.IsDNSName
  p.kinds = kinds_of({profile_kind::policy});              // only its policy functions were run
  return p;
}

const std::array<parser_profile, 6>& profiles() {
  static const std::array<parser_profile, 6> all{
      parser_profile{"strict",
                     "RFC 8461 / RFC 8460 as written (the default)",
                     {},
                     {},
                     {},
                     all_profile_kinds,
                     {},
                     {}},
      parser_profile{"lenient",
                     "every relaxation, no behaviour change on strict-valid input",
                     lenient_txt_options(),
                     lenient_policy_options(),
                     lenient_tlsrpt_options(),
                     all_profile_kinds,
                     {},
                     {}},
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
