// SPDX-License-Identifier: Apache-2.0
// Parser options. Strict RFC behaviour is the default (every member's default value).
//
// Two kinds of option, kept apart because the fuzz oracles treat them differently:
//  - relaxations accept a superset of what strict accepts and give identical fields on
//    every strict-valid input (so strict ⊆ relaxed is a checked property);
//  - behaviours model a deployed implementation (docs/decisions.md, docs/peers.md) and may
//    change results on strict-valid input. Peer profiles are bundles of both.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace mtasts {

// Which occurrence of a repeated non-mx field counts.
enum class duplicate_field {
  first,   // RFC 8461 §3.2: "all but the first SHALL be ignored" (strict)
  last,    // behaviour: pmsr, go-mtasts, Stalwart, mailauth <= 6
  reject,  // behaviour: KumoMTA, checkdmarc (policy); mox (TXT id, B6)
};

// A registered field name whose value does not fit its rule, e.g. `mode: Enforce`.
enum class malformed_registered_field {
  extension,        // strict: the line fits only sts-policy-extension and is ignored (R-3.2-9)
  reject,           // behaviour: every line with a registered name must be valid (mox)
  validate_chosen,  // behaviour: the duplicate rule picks a line by name; only it is checked (pmsr)
};

// max_age above the 31557600 ceiling of RFC 8461 §3.2.
enum class max_age_ceiling {
  reject,  // strict
  clamp,   // relaxation: postfix-tlspol clamps to 31557600
  accept,  // relaxation: mox, go-mtasts, KumoMTA accept any value
};

struct txt_options {
  // relaxation: a record ending in WSP without a final ';' (T-row "trailing space")
  bool allow_trailing_whitespace = false;
  // relaxation: empty fields such as ';;' or a second trailing ';'
  bool allow_empty_fields = false;
  // behaviour: which of several valid id fields counts
  duplicate_field duplicate_id = duplicate_field::first;
  // behaviour: `id=abc-def` is an extension (strict) or an error
  malformed_registered_field malformed_id = malformed_registered_field::extension;
  // behaviour: the multi-record filter tests the prefix "v=STSv1" without ';' (pmsr)
  bool selection_prefix_without_semicolon = false;
  // behaviour: no grammar at all, as a Python dict of the fields (pmsr): the record is split at
  // every ';', each piece stripped of whitespace, empty pieces skipped, the first '=' splits
  // name from value and a later name replaces an earlier one; valid when v is "STSv1" and an id
  // exists, whatever its value (empty, `abc def`, 40 characters). Security: a malformed id
  // still counts, so a typo in the record does not disable the policy; no downgrade.
  bool python_dict_fields = false;
};

struct policy_options {
  // RFC 8461 §3.3 (MAY): body cap applied before parsing; 64 KiB as suggested.
  std::size_t max_size = 65536;
  // relaxation: empty lines anywhere, including a trailing "\n\n"
  bool allow_blank_lines = false;
  // relaxation: a UTF-8 BOM before the first field is skipped
  bool allow_leading_bom = false;
  // relaxation: a lone CR also ends a line, as Python's splitlines() does (A-5, pmsr)
  bool allow_cr_line_endings = false;
  // relaxation: WSP before the name or before ':' (`mode : enforce`, P06/P07)
  bool allow_whitespace_around_name = false;
  // behaviour: one trailing dot on an mx pattern is accepted, kept as written (P31,
  // postfix-tlspol). Not a relaxation: under mode none, strict reads such a line as an
  // extension, this option as an mx.
  bool allow_mx_trailing_dot = false;
  // relaxation (clamp/accept): max_age above 31557600
  max_age_ceiling max_age_over_ceiling = max_age_ceiling::reject;
  // behaviour: which of several valid non-mx fields counts
  duplicate_field duplicate_fields = duplicate_field::first;
  // behaviour: a registered name with a bad value rejects the policy
  malformed_registered_field malformed_fields = malformed_registered_field::extension;
  // behaviour: a line that fits no production (no ':', bad name, bad value) is ignored
  // (pmsr, mailauth 7 strict: P42/P49)
  bool ignore_malformed_lines = false;
  // behaviour: an all-numeric mx such as 192.0.2.1 is rejected (mox, postfix-tlspol: P34)
  bool reject_numeric_mx = false;
  // behaviour: any mx line whose value fails sts-policy-mx-value (empty included) rejects the
  // policy, whatever the mode and the other mx lines, after the version, mode and max_age
  // checks; ignore_malformed_lines does not skip it (mailauth 7 strict: invalid_sts_mx)
  bool reject_malformed_mx = false;
  // behaviour: mx values are not checked against the grammar, `mx:` gives "" (pmsr, P37)
  bool unchecked_mx = false;
  // behaviour: max_age as Python int(): sign, '_', surrounding space, any digit count (pmsr)
  bool python_int_max_age = false;
};

struct tlsrpt_options {
  // relaxation: a record ending in WSP without a final ';'
  bool allow_trailing_whitespace = false;
  // relaxation: empty fields such as ';;'
  bool allow_empty_fields = false;
  // behaviour: several rua fields: the first counts (strict), the last, or an error
  duplicate_field duplicate_rua = duplicate_field::first;
  // behaviour: every rua field counts, their URIs kept in record order (mox); overrides
  // duplicate_rua. Reports go to more addresses than the first field names.
  bool merge_rua_fields = false;
};

// The inputs a profile models. A peer profile reproduces its peer only for these; the CLI
// refuses it for the others rather than give a strict answer under the peer's name.
enum class profile_kind : unsigned {
  txt = 1U << 0U,     // the _mta-sts TXT record and the selection among records
  policy = 1U << 1U,  // the policy file
  tlsrpt = 1U << 2U,  // the _smtp._tls record
};
inline constexpr unsigned all_profile_kinds = 0x7U;
constexpr bool covers(unsigned kinds, profile_kind k) noexcept {
  return (kinds & static_cast<unsigned>(k)) != 0;
}
std::string_view profile_kind_name(profile_kind k) noexcept;

// A published vector on which a peer profile knowingly answers otherwise than its peer:
// the fixture test's name (fixtures/peers/) and why the profile does not follow the peer.
struct profile_difference {
  std::string_view test;
  std::string_view why;
};

// A class of generated inputs on which a peer profile and its real peer still disagree
// (`mtasts fuzz-diff --profile`, docs/FUZZ-DIFF.md): the class signature and why the profile
// does not follow the peer there.
struct profile_gap {
  std::string_view signature;
  std::string_view why;
};

// A named bundle of options modelling a deployed implementation or a use.
struct parser_profile {
  std::string_view name;
  std::string_view description;
  txt_options txt;
  policy_options policy;
  tlsrpt_options tlsrpt;
  unsigned kinds = all_profile_kinds;  // profile_kind bits
  std::span<const profile_difference> differences;
  std::span<const profile_gap> generated_differences;
};

// "strict" (the default), "lenient" (every relaxation, nothing else), and peer profiles:
// "pmsr", "mailauth-strict", "mox", "postfix-tlspol".
std::span<const parser_profile> all_profiles() noexcept;
std::optional<parser_profile> find_profile(std::string_view name) noexcept;

// Every relaxation switched on, no behaviour changed: the superset the oracles check.
txt_options lenient_txt_options() noexcept;
policy_options lenient_policy_options() noexcept;
tlsrpt_options lenient_tlsrpt_options() noexcept;

}  // namespace mtasts
