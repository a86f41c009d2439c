// SPDX-License-Identifier: Apache-2.0
// Properties of the policy parser (RFC 8461 §3.2): round trip with LF and CRLF, the view and
// owning APIs, mutants, and strict ⊆ every relaxation.
#include <string>
#include <string_view>
#include <vector>

#include "generators.h"
#include "property_support.h"

namespace {

std::vector<mtasts::policy_options> relaxations() {
  std::vector<mtasts::policy_options> out{mtasts::lenient_policy_options()};
  mtasts::policy_options o;
  o.allow_blank_lines = true;
  out.push_back(o);
  o = {};
  o.allow_leading_bom = true;
  out.push_back(o);
  o = {};
  o.allow_cr_line_endings = true;
  out.push_back(o);
  o = {};
  o.allow_whitespace_around_name = true;
  out.push_back(o);
  o = {};
  o.max_age_over_ceiling = mtasts::max_age_ceiling::clamp;
  out.push_back(o);
  o = {};
  o.max_age_over_ceiling = mtasts::max_age_ceiling::accept;
  out.push_back(o);
  return out;
}

// A generated policy parses to the model's fields; serialize → parse is a fixed point with
// either line ending.
RC_GTEST_PROP(PolicyProperties, RoundTrip, ()) {
  const mtasts_props::policy_model m = *mtasts_props::gen_policy();
  const auto r = mtasts::parse_policy(m.text);
  RC_ASSERT(r.ok());
  RC_ASSERT(r.value() == m.expected);
  RC_ASSERT(mtasts::is_valid_policy(m.text));
  for (const mtasts::line_ending ending : {mtasts::line_ending::lf, mtasts::line_ending::crlf}) {
    const std::string text = mtasts::serialize(r.value(), ending);
    const auto again = mtasts::parse_policy(text);
    RC_ASSERT(again.ok());
    RC_ASSERT(again.value() == r.value());
    RC_ASSERT(mtasts::serialize(again.value(), ending) == text);
  }
}

// The view API with exactly the needed storage gives the same policy; one slot fewer for mx
// or extensions gives POLICY_STORAGE_EXHAUSTED.
RC_GTEST_PROP(PolicyProperties, ViewApiAgreesWithOwningApi, ()) {
  const mtasts_props::policy_model m = *mtasts_props::gen_policy();
  const std::size_t mx = m.expected.mx.size(), ext = m.expected.extensions.size();
  std::vector<std::string_view> mx_slots(mx);
  std::vector<mtasts::extension> ext_slots(ext);
  const auto v = mtasts::parse_policy(m.text, mtasts::policy_storage{mx_slots, ext_slots});
  RC_ASSERT(v.ok());
  RC_ASSERT(mtasts::to_policy(v.value()) == m.expected);
  if (mx > 0) {
    const auto short_mx = mtasts::parse_policy(
        m.text, mtasts::policy_storage{std::span(mx_slots).first(mx - 1), ext_slots});
    RC_ASSERT(!short_mx.ok());
    RC_ASSERT(short_mx.error().code == mtasts::error_code::POLICY_STORAGE_EXHAUSTED);
  }
  if (ext > 0) {
    const auto short_ext = mtasts::parse_policy(
        m.text, mtasts::policy_storage{mx_slots, std::span(ext_slots).first(ext - 1)});
    RC_ASSERT(!short_ext.ok());
    RC_ASSERT(short_ext.error().code == mtasts::error_code::POLICY_STORAGE_EXHAUSTED);
  }
}

RC_GTEST_PROP(PolicyProperties, ParseNeverCrashes, (const std::string& bytes)) {
  const auto r = mtasts::parse_policy(bytes);
  RC_ASSERT(mtasts::is_valid_policy(bytes) == r.ok());
  if (!r.ok()) {
    const std::string_view prefix =
        mtasts::token(r.error().code).substr(0, 3) == "MX_" ? "MX_PATTERN_" : "POLICY_";
    mtasts_props::assert_error_invariants(r.error(), bytes, prefix);
  }
}

// A near-valid mutant is rejected with a token, or accepted with fields that serialize back
// and re-parse equal.
RC_GTEST_PROP(PolicyProperties, MutantRejectedWithTokenOrRoundTrips, ()) {
  const mtasts_props::policy_model m = *mtasts_props::gen_policy();
  const std::string mutant = *mtasts_props::gen_mutant(m.text);
  const auto r = mtasts::parse_policy(mutant);
  RC_CLASSIFY(r.ok(), "accepted");
  if (!r.ok()) {
    const std::string_view prefix =
        mtasts::token(r.error().code).substr(0, 3) == "MX_" ? "MX_PATTERN_" : "POLICY_";
    mtasts_props::assert_error_invariants(r.error(), mutant, prefix);
    return;
  }
  const std::string text = mtasts::serialize(r.value());  // views of again point into it
  const auto again = mtasts::parse_policy(text);
  RC_ASSERT(again.ok());
  RC_ASSERT(again.value() == r.value());
}

// Every relaxation accepts what strict accepts, with identical fields (valid and mutants).
RC_GTEST_PROP(PolicyProperties, RelaxationsContainStrict, ()) {
  const mtasts_props::policy_model m = *mtasts_props::gen_policy();
  const std::string input =
      *rc::gen::oneOf(rc::gen::just(m.text), mtasts_props::gen_mutant(m.text));
  const auto strict = mtasts::parse_policy(input);
  for (const mtasts::policy_options& o : relaxations()) {
    const auto relaxed = mtasts::parse_policy(input, o);
    if (!strict.ok()) continue;
    RC_ASSERT(relaxed.ok());
    RC_ASSERT(relaxed.value() == strict.value());
  }
}

// the same lines with LF or CRLF give the same policy.
RC_GTEST_PROP(PolicyProperties, LineEndingsAreEquivalent, ()) {
  const mtasts_props::policy_model m = *mtasts_props::gen_policy();
  std::string lf, crlf;
  for (char c : m.text) {
    if (c == '\r') continue;
    if (c == '\n') crlf += '\r';
    lf += c;
    crlf += c;
  }
  const auto a = mtasts::parse_policy(lf), b = mtasts::parse_policy(crlf);
  RC_ASSERT(a.ok() && b.ok());
  RC_ASSERT(a.value() == m.expected);
  RC_ASSERT(b.value() == m.expected);
}

}  // namespace
